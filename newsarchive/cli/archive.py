"""``newsarchive index`` and ``newsarchive verify``: the archive's index
rebuilt, the archive checked end to end (``archive.verify``)."""
from __future__ import annotations

import argparse

from ..archive.articles import rebuild_search_index
from ..archive.layout import ArchiveLayout
from ..archive.storage import archive_catalog
from ..archive.verify import verify_archive
from ..archive.warc.index import rebuild_index
from .common import CATALOGUE_ERRORS, EXIT_FAILED, add_archive_dir, catalogue_failed, log


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="rebuild the archive's CDXJ index and its article search index",
                       description="Read every closed WARC file of the archive and write "
                                   "ARCHIVE_DIR/indexes/index.cdxj anew, sorted by SURT; make the "
                                   "catalogue's article list and full-text search index anew from "
                                   "the JSON of each article's latest version.")
    add_archive_dir(p)
    p.set_defaults(func=index)
    p = sub.add_parser("verify", help="check the archive: WARC digests, catalogue, JSON, index",
                       description="Read every WARC file to the end checking digests, find files "
                                   "left open by a crashed crawl, check the catalogue against the "
                                   "files and the index against the catalogue. Exit status 1 on a "
                                   "problem.")
    add_archive_dir(p)
    p.add_argument("--repair", action="store_true",
                   help="close crashed .open files after their last whole record, remove "
                        "unfinished temporary files, bring catalogue, index and the runs' JSON Lines in "
                        "line; a missing or damaged catalogue is built anew from the WARC files and "
                        "the article JSON (the damaged one kept aside)")
    p.set_defaults(func=verify)


def index(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if not layout.warc_dir.is_dir():
        log.error("no WARC files in %s", layout.warc_dir)
        return EXIT_FAILED
    try:
        with archive_catalog(layout, whole=True) as catalog:
            scans, lines = rebuild_index(layout, catalog)
            indexed, unreadable = rebuild_search_index(layout, catalog)
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    except OSError as exc:
        log.error("cannot index %s: %s", layout.root, exc)
        return EXIT_FAILED
    damaged = [scan for scan in scans if scan.error]
    for scan in damaged:
        log.warning("%s: %s; its readable records are indexed, `newsarchive verify` tells more",
                    scan.path.name, scan.error)
    print(f"{layout.index_path}: {lines} captures from {len(scans)} WARC file(s)"
          + (f", {len(damaged)} of them damaged" if damaged else ""))
    print(f"{layout.catalog_path}: {indexed} articles in the search index"
          + (f", {len(unreadable)} JSON file(s) unreadable" if unreadable else ""))
    return EXIT_FAILED if damaged or unreadable else 0


def verify(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    try:
        report = verify_archive(layout, repair=args.repair)
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    except OSError as exc:  # what a repair could not write
        log.error("cannot repair %s: %s", layout.root, exc)
        return EXIT_FAILED
    print(report.summary(layout.root))
    return EXIT_FAILED if report.unresolved else 0
