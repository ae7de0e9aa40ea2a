"""Closing the WARC files a killed crawl left open.

A crawl killed at any moment leaves its ``.open`` file valid up to its last
whole record (``warcfile``).  Closing it means cutting it there and giving
it its final name, and cataloguing the records the catalogue lacks: the
last one may not have been catalogued yet (a row is written once its
record is on disk).  A crawl does this at its start for files no other crawl
holds, so that cron runs carry on after a crash by themselves; ``newsarchive
verify --repair`` does it too.
"""
from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from ..atomic import fsync_directory
from ..catalog import Catalog
from ..layout import ArchiveLayout
from .files import OPEN_SUFFIX, final_name, warc_files
from .scan import scan_warc

log = logging.getLogger(__name__)


def close_crashed_file(path: Path, good_end: int) -> None:
    """Cut a crashed ``.open`` file after its last whole record (at byte
    ``good_end``) and give it its final name; a file without one whole
    record is removed."""
    if good_end == 0:
        path.unlink()
    else:
        with open(path, "r+b") as handle:
            handle.truncate(good_end)
            os.fsync(handle.fileno())
        os.replace(path, path.with_name(final_name(path)))
    fsync_directory(path.parent)


def close_crashed_files(layout: ArchiveLayout, catalog: Catalog) -> list[str]:
    """Close every ``.open`` file that no running crawl holds; their names.
    A file damaged before its last whole record (not only cut short) is
    left for ``newsarchive verify`` to report."""
    closed = []
    for path in warc_files(layout.warc_dir):
        if not path.name.endswith(OPEN_SUFFIX):
            continue
        try:
            held = open(path, "rb")
        except FileNotFoundError:  # closed by its crawl since the listing
            continue
        with held:
            try:  # a running crawl holds its file locked
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if not _same_file(held, path):  # closed (renamed) by its crawl while we waited
                continue
            scan = scan_warc(path)
            if scan.damaged_inside:
                log.warning("%s, left open by a crawl that did not finish, is damaged (%s): not closed; "
                            "see `newsarchive verify`", path.name, scan.error)
                continue
            close_crashed_file(path, scan.good_end)
        name = final_name(path)
        catalogued = {c.record_id for c in catalog.captures_in(name)}
        catalog.add_captures([c for c in scan.captures if c.record_id not in catalogued])
        log.warning("closed %s, left open by a crawl that did not finish, after its last whole record "
                    "(%d records)", name, len(scan.records))
        closed.append(name)
    return closed


def _same_file(handle, path: Path) -> bool:
    try:
        return os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
