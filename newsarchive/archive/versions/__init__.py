"""Article versions: what counts as a change and what changed (``compare``,
``relativetime``), the versions of an article in the archive (``history``),
and word-level diffs between two of them for people (``diff``)."""
from .compare import VOLATILE, changed_fields, changes, content_hash, content_of, normalise_text, version_record

__all__ = ["VOLATILE", "changed_fields", "changes", "content_hash", "content_of", "normalise_text",
           "version_record"]
