"""Word-level diffs between two versions of an article, for people.

The diff shows the headline, authors, standfirst, body and pictures that
changed; removed words are marked ``[-like this-]`` and added ones
``{+like this+}`` (or in colour, ``COLOUR``).  Paragraphs added or removed
are shown whole; edited paragraphs, authors, captions, credits and alt texts
word by word.  Body paragraphs that did not change are left out, with a
count.  Texts compare as versions do (``compare.normalise_text``).
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .compare import changed_fields, normalise_text, paragraphs
from .history import Version


@dataclass(frozen=True)
class Marks:
    """How removed and added text is shown."""

    removed: tuple[str, str] = ("[-", "-]")
    added: tuple[str, str] = ("{+", "+}")
    quiet: tuple[str, str] = ("", "")


PLAIN = Marks()
COLOUR = Marks(removed=("\033[31;9m", "\033[0m"), added=("\033[32m", "\033[0m"), quiet=("\033[2m", "\033[0m"))


def version_list(versions: list[Version]) -> str:
    """Each version: number, fetch time, headline, what changed, its JSON."""
    lines = []
    for before, version in zip([None, *versions], versions):
        what = "first version" if before is None else \
            "changed: " + (", ".join(changed_fields(before.article, version.article)) or "nothing")
        lines.append(f"{version.number:>3}  {version.fetched_at}  {version.article.get('headline') or '(no headline)'}"
                     f"\n     {what}\n     {version.json_path}")
    return "\n".join(lines)


def _marked(text: str, pair: tuple[str, str]) -> str:
    return f"{pair[0]}{text}{pair[1]}"


def word_diff(before: str, after: str, marks: Marks = PLAIN) -> str:
    """``after`` with the runs of words removed since ``before`` and those
    added marked."""
    old, new = before.split(), after.split()
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(old[i1:i2]))
            continue
        if i2 > i1:
            out.append(_marked(" ".join(old[i1:i2]), marks.removed))
        if j2 > j1:
            out.append(_marked(" ".join(new[j1:j2]), marks.added))
    return " ".join(out)


def similar(before: str, after: str) -> bool:
    """Whether ``after`` is an edit of ``before`` (at least half their words
    in common) rather than other text."""
    return SequenceMatcher(None, before.split(), after.split(), autojunk=False).ratio() >= 0.5


def aligned(old: list[str], new: list[str]) -> list[tuple[str | None, str | None]]:
    """The items of two versions of a list (paragraphs, authors), in order:
    each kept or edited item with what it became, a removed one with
    ``None``, ``None`` with an added one.  Items compare as versions do
    (``normalise_text``); in a run of changed items, an old one is paired
    with the next new one similar to it, so that an edit is shown word by
    word and an added paragraph on its own."""
    pairs: list[tuple[str | None, str | None]] = []
    key = [normalise_text(x) for x in old], [normalise_text(x) for x in new]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, *key, autojunk=False).get_opcodes():
        if op == "equal":
            pairs += zip(old[i1:i2], new[j1:j2])
            continue
        j = j1
        for before in old[i1:i2]:
            match = next((k for k in range(j, j2) if similar(before, new[k])), None)
            if match is None:
                pairs.append((before, None))
                continue
            pairs += [(None, after) for after in new[j:match]] + [(before, new[match])]
            j = match + 1
        pairs += [(None, after) for after in new[j:j2]]
    return pairs


def item_diff(before: str | None, after: str | None, marks: Marks = PLAIN) -> str:
    """An item removed, added, or edited word by word."""
    if before is None or after is None:
        return _marked(before or "", marks.removed) if after is None else _marked(after, marks.added)
    return word_diff(before, after, marks)


def body_diff(before: str | None, after: str | None, marks: Marks = PLAIN) -> str:
    """The changed paragraphs of the body, each on its own (added, removed,
    or edited word by word); runs of unchanged paragraphs are one line that
    counts them."""
    parts, unchanged = [], 0
    for old, new in aligned(paragraphs(before), paragraphs(after)) + [(None, None)]:
        if old is not None and new is not None and normalise_text(old) == normalise_text(new):
            unchanged += 1
            continue
        if unchanged:
            parts.append(f"{marks.quiet[0]}[{unchanged} unchanged paragraph{'s' if unchanged > 1 else ''}]"
                         f"{marks.quiet[1]}")
            unchanged = 0
        if (old, new) != (None, None):
            parts.append(item_diff(old, new, marks))
    return "\n\n".join(parts)


def _image_line(image: dict) -> str:
    """A picture on one line: its URL, caption and credit."""
    return " ".join(filter(None, (image["url"], image.get("caption"), image.get("credit"))))


def pictures_diff(before: list[dict], after: list[dict], marks: Marks = PLAIN) -> list[str]:
    """The pictures added and removed (by URL), and, under its URL, the
    caption, credit and alt text of each kept one that changed, word by word."""
    old, new = {i["url"]: i for i in before}, {i["url"]: i for i in after}
    lines = []
    for url, image in new.items():
        if url not in old:
            lines.append(_marked(_image_line(image), marks.added))
            continue
        edits = [f"  {field}: {word_diff(old[url].get(field) or '', image.get(field) or '', marks)}"
                 for field in ("caption", "credit", "alt")
                 if normalise_text(old[url].get(field) or "") != normalise_text(image.get(field) or "")]
        lines += [url, *edits] if edits else []
    return lines + [_marked(_image_line(image), marks.removed) for url, image in old.items() if url not in new]


def version_diff(before: dict, after: dict, marks: Marks = PLAIN) -> str:
    """The fields that changed between two versions, each with its diff."""
    sections = []
    for field, label in (("headline", "Headline"), ("description", "Standfirst")):
        old, new = before.get(field) or "", after.get(field) or ""
        if normalise_text(old) != normalise_text(new):
            sections.append(f"{label}:\n  {word_diff(old, new, marks)}")
    old, new = before.get("authors") or [], after.get("authors") or []
    if old != new:
        sections.append("Authors:\n  " + ", ".join(item_diff(a, b, marks) for a, b in aligned(old, new)))
    if normalise_text(before.get("body") or "") != normalise_text(after.get("body") or ""):
        sections.append(f"Body:\n{body_diff(before.get('body'), after.get('body'), marks)}")
    pictures = pictures_diff(before.get("images") or [], after.get("images") or [], marks)
    if pictures:
        sections.append("Pictures:\n" + "\n".join(pictures))
    return "\n\n".join(sections) or "no change in headline, standfirst, authors, body or pictures"
