"""``newsarchive history``: the versions of an archived article, and a
word-level diff between any two (``archive.versions``).

    newsarchive history https://example.com/2024/05/02/story.html
    newsarchive history 1f0c9a7e5b3d2a11 --diff 1 3
"""
from __future__ import annotations

import argparse
import sys

from ..archive.layout import ArchiveLayout
from ..archive.storage import archive_catalog
from ..archive.versions.diff import COLOUR, PLAIN, version_diff, version_list
from ..archive.versions.history import VersionUnreadable, load_versions, resolve_article_id
from .common import CATALOGUE_ERRORS, EXIT_FAILED, EXIT_USAGE, add_archive_dir, catalogue_failed, log, no_archive


def add(sub: argparse._SubParsersAction) -> None:
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if no_archive(layout):
        return EXIT_USAGE
    try:
        with archive_catalog(layout) as catalog:
            article_id = resolve_article_id(catalog, args.article)
            versions = load_versions(layout, catalog, article_id) if article_id else []
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    except VersionUnreadable as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    if not versions:
        log.error("no archived article %s in %s", args.article, layout.root)
        return EXIT_FAILED
    print(f"{versions[-1].article.get('url')} (id {article_id}): {len(versions)} version(s)")
    print(version_list(versions))
    a, b = args.diff or (len(versions) - 1, len(versions))
    if args.diff is None and len(versions) < 2:
        return 0
    if not (1 <= a <= len(versions) and 1 <= b <= len(versions)):
        log.error("--diff %d %d: the versions are numbered 1 to %d", a, b, len(versions))
        return EXIT_FAILED
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    print(f"\nVersion {a} -> version {b}:\n")
    print(version_diff(versions[a - 1].article, versions[b - 1].article, COLOUR if colour else PLAIN))
    return 0
