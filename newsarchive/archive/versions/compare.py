"""Article versions: what counts as a change, and what changed.

An article fetched again is a new version only when its content changed.
Its content is every field but those that say when, where and how it was
fetched (``VOLATILE``: the same article reached through a tracking URL is no
new version), compared with white space collapsed and displayed relative
times ("Updated 5 minutes ago", "2h ago", "vor 3 Std.", "il y a 2 heures",
"just now") removed (``relativetime``): a page that only re-flows its text
or ticks its clock is the same article.  Only an article whose content
hash (of its content as it is) differs from the last version's is
normalised and compared.  A new version keeps what changed in its headline, body, authors
and pictures (``changes``), in the ``version`` object of its JSON.
"""
from __future__ import annotations

import difflib
import hashlib
import json

from .relativetime import remove_relative_times

#: Fields that say when, where (``url``: the same article, the same id, may
#: be reached through several URLs) and how an article was fetched, or that a
#: CMS bumps on every save (``modified``), not what it says; ``version`` is ours.
VOLATILE = ("url", "fetched_at", "capture", "sources", "modified", "version")


def normalise_text(text: str) -> str:
    """The text as compared between versions: relative times removed, white
    space collapsed to single spaces."""
    return " ".join(remove_relative_times(text).split())


def _normalised(value):
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def content_of(article: dict) -> dict:
    """The article's content, normalised, as versions are compared."""
    return {k: _normalised(v) for k, v in article.items() if k not in VOLATILE}


#: The hashes of catalogues written by newsarchive 0.1: of the normalised
#: content (``content_of``); checked by ``has_content_hash`` as they are.
NORMALISED_HASH_PREFIX = "sha256:"
RAW_HASH_PREFIX = "sha256-raw:"


def _sha256(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


def content_hash(article: dict) -> str:
    """``sha256-raw:…`` of the article's content as extracted (the
    ``VOLATILE`` fields left out): an article fetched again with the same
    hash is the same version.  A different hash is no new version yet: the
    normalised content decides (``changed_fields``), compared only then,
    as normalising (relative times) costs far more than hashing."""
    return RAW_HASH_PREFIX + _sha256({k: v for k, v in article.items() if k not in VOLATILE})


def has_content_hash(article: dict, stored: str) -> bool:
    """Whether ``stored`` (a catalogue's ``content_hash``) is the hash of
    ``article``, whichever newsarchive wrote it."""
    if stored.startswith(NORMALISED_HASH_PREFIX):
        return stored == NORMALISED_HASH_PREFIX + _sha256(content_of(article))
    return stored == content_hash(article)


def changed_fields(before: dict, after: dict) -> list[str]:
    """The content fields whose normalised values differ, in field order."""
    old, new = content_of(before), content_of(after)
    return [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]


def paragraphs(body: str | None) -> list[str]:
    """The paragraphs of a body, white space collapsed in each."""
    return [" ".join(p.split()) for p in (body or "").split("\n\n") if p.strip()]


def _added_removed(old: list, new: list) -> dict:
    return {"added": [x for x in new if x not in old], "removed": [x for x in old if x not in new]}


def image_changes(before: list[dict], after: list[dict]) -> dict:
    """Pictures added and removed (by URL), and those whose caption, credit
    or alt text changed."""
    old = {i["url"]: i for i in before or []}
    new = {i["url"]: i for i in after or []}
    changed = [{"url": url, **{k: {"before": old[url].get(k), "after": new[url].get(k)}
                               for k in ("caption", "credit", "alt")
                               if _normalised(old[url].get(k)) != _normalised(new[url].get(k))}}
               for url in new if url in old]
    return {**_added_removed(list(old), list(new)), "changed": [c for c in changed if len(c) > 1]}


def changes(before: dict, after: dict) -> dict:
    """What changed from one version to the next in its headline, body
    (paragraphs removed ``-`` and added ``+``), authors and pictures; only
    the fields that changed are there."""
    found: dict = {}
    if normalise_text(before.get("headline") or "") != normalise_text(after.get("headline") or ""):
        found["headline"] = {"before": before.get("headline"), "after": after.get("headline")}
    old_body, new_body = paragraphs(before.get("body")), paragraphs(after.get("body"))
    if [normalise_text(p) for p in old_body] != [normalise_text(p) for p in new_body]:
        found["body"] = [line for line in difflib.ndiff(old_body, new_body) if line[:1] in "-+"]
    authors = _added_removed(before.get("authors") or [], after.get("authors") or [])
    if any(authors.values()):
        found["authors"] = authors
    images = image_changes(before.get("images") or [], after.get("images") or [])
    if any(images.values()):
        found["images"] = images
    return found


def version_record(number: int, previous_path: str, before: dict, after: dict) -> dict:
    """The ``version`` object of a new version's JSON."""
    return {"number": number, "previous": previous_path, "changed": changed_fields(before, after),
            "changes": changes(before, after)}
