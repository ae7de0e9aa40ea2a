"""``newsarchive history URL_OR_ID``: the versions of an archived article,
and a word-level diff between any two.

    newsarchive history https://example.com/2024/05/02/story.html
    newsarchive history 1f0c9a7e5b3d2a11 --diff 1 3

The list gives each version's number, fetch time, headline and the fields
that changed from the version before.  The diff (default: the last two
versions) shows the headline, authors, standfirst, body and pictures that
changed; removed words are marked ``[-like this-]`` and added ones
``{+like this+}``, or in colour on a terminal.  Paragraphs added or removed
are shown whole; edited paragraphs, authors, captions, credits and alt texts
word by word.  Body paragraphs that did not change are left out, with a count.
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher

from .archive.catalog import Catalog, CatalogError
from .archive.layout import ArchiveLayout
from .archive.versions import changed_fields, normalise_text, paragraphs

log = logging.getLogger(__name__)

_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Marks:
    """How removed and added text is shown."""

    removed: tuple[str, str] = ("[-", "-]")
    added: tuple[str, str] = ("{+", "+}")
    quiet: tuple[str, str] = ("", "")


PLAIN = Marks()
COLOUR = Marks(removed=("\033[31;9m", "\033[0m"), added=("\033[32m", "\033[0m"), quiet=("\033[2m", "\033[0m"))


@dataclass(frozen=True)
class Version:
    number: int
    fetched_at: str
    json_path: str
    article: dict


def resolve_article_id(catalog: Catalog, ref: str) -> str | None:
    """The id of the article ``ref`` names: its id, a URL it was fetched
    from, or its canonical URL."""
    if _ARTICLE_ID.fullmatch(ref) and catalog.versions(ref):
        return ref
    found = catalog.article_id_of(ref)
    if found or not ref.startswith(("http://", "https://")):
        return found
    from .extraction.metadata import article_id
    candidate = article_id(ref)
    return candidate if catalog.versions(candidate) else None


class VersionUnreadable(Exception):
    """A version's JSON cannot be read; the message names it and why."""


def read_article(layout: ArchiveLayout, number: int, json_path: str) -> dict:
    path = layout.root / json_path
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VersionUnreadable(f"version {number}: cannot read {path}: {getattr(exc, 'strerror', None) or exc} "
                                "(`newsarchive verify` checks the archive)") from None


def load_versions(layout: ArchiveLayout, catalog: Catalog, article_id: str) -> list[Version]:
    """The versions of an article with their JSON, oldest first (number 1)."""
    return [Version(number, row["fetched_at"], row["json_path"], read_article(layout, number, row["json_path"]))
            for number, row in enumerate(catalog.versions(article_id), 1)]


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
    if after is None:
        return _marked(before, marks.removed)
    if before is None:
        return _marked(after, marks.added)
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


# -- the command ------------------------------------------------------------------

def add_history(sub) -> None:
    from .cli import add_archive_dir
    p = sub.add_parser("history", help="the versions of an archived article, and what changed",
                       description="List the versions of an archived article (time, headline, what "
                                   "changed) and show a word-level diff between two of them: "
                                   "[-removed-] {+added+}, in colour on a terminal.")
    p.add_argument("article", metavar="URL_OR_ID", help="the article's URL, canonical URL or id")
    p.add_argument("--diff", nargs=2, type=int, metavar=("A", "B"),
                   help="the version numbers to compare (default: the last two)")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the diff (default: auto, on a terminal)")
    add_archive_dir(p)
    p.set_defaults(func=cmd_history)


def cmd_history(args) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if not layout.catalog_path.exists():
        log.error("no archive at %s", layout.root)
        return 1
    try:
        with Catalog(layout.catalog_path) as catalog:
            article_id = resolve_article_id(catalog, args.article)
            versions = load_versions(layout, catalog, article_id) if article_id else []
    except (CatalogError, sqlite3.DatabaseError) as exc:
        log.error("catalogue %s: %s", layout.catalog_path, exc)
        return 1
    except VersionUnreadable as exc:
        log.error("%s", exc)
        return 1
    if not versions:
        log.error("no archived article %s in %s", args.article, layout.root)
        return 1
    print(f"{versions[-1].article.get('url')} (id {article_id}): {len(versions)} version(s)")
    print(version_list(versions))
    a, b = args.diff or (len(versions) - 1, len(versions))
    if args.diff is None and len(versions) < 2:
        return 0
    if not (1 <= a <= len(versions) and 1 <= b <= len(versions)):
        log.error("--diff %d %d: the versions are numbered 1 to %d", a, b, len(versions))
        return 1
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(f"\nVersion {a} -> version {b}:\n")
    print(version_diff(versions[a - 1].article, versions[b - 1].article, COLOUR if colour else PLAIN))
    return 0
