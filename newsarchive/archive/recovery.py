"""Closing the WARC files a killed crawl left open.

A crawl killed at any moment leaves its ``.open`` file valid up to its last
whole record (``warcfile``).  Closing it means cutting it there and giving
it its final name, and bringing the catalogue in line: the last record may
not have been catalogued yet (a row is written once its record is on
disk), and a row pointing into the cut part, were there one, goes.  A crawl does this at its start for files no other crawl
holds, so that cron runs carry on after a crash by themselves; ``newsarchive
verify --repair`` does it too.
"""
from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from .atomic import fsync_directory
from .catalog import Catalog
from .layout import ArchiveLayout
from .scan import scan_warc
from .warcfile import OPEN_SUFFIX, final_name, warc_files

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
    """Close every ``.open`` file that no running crawl holds; their names."""
    closed = []
    for path in warc_files(layout.warc_dir):
        if not path.name.endswith(OPEN_SUFFIX):
            continue
        with open(path, "rb") as held:
            try:  # a running crawl holds its file locked
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            scan = scan_warc(path)
            close_crashed_file(path, scan.good_end)
        name = final_name(path)
        kept = [c for c in scan.captures if c.offset < scan.good_end]
        catalog.delete_captures([c.record_id for c in catalog.captures_in(name) if c.offset >= scan.good_end])
        for capture in kept:
            catalog.add_capture(capture)
        log.warning("closed %s, left open by a crawl that did not finish, after its last whole record "
                    "(%d records)", name, sum(1 for r in scan.records if r.offset < scan.good_end))
        closed.append(name)
    return closed
