"""``newsarchive reextract``: the archived articles extracted again with the
current extractor, offline (``offline.reextract_archive``)."""
from __future__ import annotations

import argparse
import sqlite3

from ..archive.layout import ArchiveLayout
from ..archive.storage import ArchiveStorage, archive_catalog
from ..archive.warc.files import RotatingWarcWriter
from ..offline import reextract_archive
from ..runs import RunLocked, run_lock
from .common import (CATALOGUE_ERRORS, EXIT_FAILED, EXIT_USAGE, add_archive_dir, add_selection, catalogue_failed, log,
                     no_archive)


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reextract", help="extract the archived articles again with the current extractor",
                       description="Run the current extractor again over the archived page of each "
                                   "article's latest version, from the WARC files, without network. An "
                                   "article whose clean content changes gets a new version, marked as a "
                                   "re-extraction with the extractor's version; nothing is deleted.")
    add_archive_dir(p)
    add_selection(p)
    p.set_defaults(func=reextract)


def reextract(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if no_archive(layout):
        return EXIT_USAGE
    try:
        storage = ArchiveStorage(layout, RotatingWarcWriter(layout.warc_dir, "newsarchive", 0, {}),
                                 catalog=archive_catalog(layout, whole=True))
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    try:
        with run_lock(layout):  # no crawl stores versions meanwhile
            report = reextract_archive(storage, args.site, args.since)
    except RunLocked as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    except (OSError, sqlite3.Error) as exc:
        log.error("re-extraction stopped: %s", getattr(exc, "strerror", None) or exc)
        return EXIT_FAILED
    finally:
        storage.catalog.close()
    for failure in report.failed:
        log.warning("not extracted again: %s", failure)
    print(report.summary())
    return 0
