"""``newsarchive reextract``: the archived articles extracted again with the
current extractor, offline (``offline.reextract_archive``)."""
from __future__ import annotations

import argparse
import sqlite3

from ..archive.catalog import CatalogError
from ..archive.layout import ArchiveLayout
from ..archive.storage import ArchiveStorage
from ..archive.warc.files import RotatingWarcWriter
from ..offline import reextract_archive
from ..runs import RunLocked, run_lock
from ..utils.timeutils import parse_time, utc_seconds
from .common import EXIT_FAILED, EXIT_USAGE, add_archive_dir, log


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reextract", help="extract the archived articles again with the current extractor",
                       description="Run the current extractor again over the archived page of each "
                                   "article's latest version, from the WARC files, without network. An "
                                   "article whose clean content changes gets a new version, marked as a "
                                   "re-extraction with the extractor's version; nothing is deleted.")
    add_archive_dir(p)
    add_selection(p)
    p.set_defaults(func=reextract)


def add_selection(parser: argparse.ArgumentParser) -> None:
    """``--site`` and ``--since``, which choose archived articles."""
    parser.add_argument("--site", metavar="HOST", help="only the articles of this site (its host name, "
                                                       "as the catalogue and `serve` name it)")
    parser.add_argument("--since", metavar="DATE", type=since_time,
                        help="only the articles fetched since this day or time (ISO 8601, UTC by default)")


def since_time(text: str) -> str:
    """A day or time, as the catalogue writes ``fetched_at``; for argparse."""
    try:
        return utc_seconds(parse_time(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day or time: {text!r} (write e.g. 2024-05-02)") from None


def reextract(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if not layout.catalog_path.is_file():
        log.error("no archive at %s (no catalog.sqlite)", layout.root)
        return EXIT_USAGE
    try:
        storage = ArchiveStorage(layout, RotatingWarcWriter(layout.warc_dir, "newsarchive", 0, {}))
    except (CatalogError, sqlite3.DatabaseError) as exc:
        log.error("catalogue %s: %s", layout.catalog_path, exc)
        return EXIT_FAILED
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
