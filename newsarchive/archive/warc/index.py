"""The CDXJ index replay tools (pywb, ReplayWeb.page) look captures up in.

One line a capture, ``SURT timestamp14 {json}``, the file sorted as bytes,
line for line what pywb's own indexer (``wb-manager add``) writes: digest
without its ``sha1:`` prefix, numbers as strings, ``warc/revisit`` as the
mime type of revisit records and no status for them.

The index lists the captures of closed WARC files.  It is kept current
from the catalogue as each file is closed, and at the start of each crawl
for files a killed crawl closed without indexing them; the catalogue
records which files are in (``indexed_files``).  Merges hold a lock, so two
crawls on one archive do not lose each other's lines.
"""
from __future__ import annotations

import fcntl
import heapq
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import surt

from ..atomic import atomic_text_file
from ..catalog import Catalog
from ..layout import ArchiveLayout
from .files import OPEN_SUFFIX, warc_files
from .records import Capture
from .scan import WarcScan, scan_warc


def cdxj_line(capture: Capture) -> str:
    revisit = capture.record_type == "revisit"
    fields = {
        "url": capture.url,
        "mime": "warc/revisit" if revisit else capture.mime,
        "status": None if revisit or capture.status is None else str(capture.status),
        "digest": capture.payload_digest.removeprefix("sha1:") if capture.payload_digest else None,
        "length": str(capture.length),
        "offset": str(capture.offset),
        "filename": capture.warc_file,
    }
    known = {name: value for name, value in fields.items() if value is not None}
    return f"{surt.surt(capture.url)} {capture.timestamp} {json.dumps(known)}"


def captures_in_index(path: Path, url: str) -> list[dict]:
    """The index entries of ``url`` (its SURT key: the same page through
    http or https, with or without ``www.``...), oldest first, those of the
    exact URL after the others; found by binary search in the sorted file,
    which is not read whole."""
    key = surt.surt(url).encode() + b" "
    found = []
    with path.open("rb") as index:
        index.seek(0, 2)
        low, high = 0, index.tell()
        while high - low > 1:  # every line wholly before ``low`` sorts before ``key``
            middle = (low + high) // 2
            index.seek(middle)
            index.readline()
            line = index.readline()
            if line and line < key:
                low = middle
            else:
                high = middle
        index.seek(low)
        if low:
            index.readline()
        for line in index:
            if line.startswith(key):
                found.append(json.loads(line.split(b" ", 2)[2]))
            elif line > key:
                break
    return sorted(found, key=lambda entry: entry.get("url") == url)


def read_index(path: Path) -> list[str]:
    """The lines of the index; ``UnicodeDecodeError`` if it is not text."""
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


@contextmanager
def index_lock(path: Path) -> Iterator[None]:
    """Held while the index at ``path`` is read and written again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def write_index(path: Path, lines: Iterable[str]) -> int:
    """Write sorted, distinct ``lines`` atomically; how many were written."""
    count = 0
    previous = None
    with atomic_text_file(path) as handle:
        for line in lines:
            if line != previous:
                handle.write(line + "\n")
                count += 1
            previous = line
    return count


def build_index(path: Path, captures: Iterable[Capture]) -> int:
    """Replace the index at ``path`` by one of ``captures``."""
    return write_index(path, sorted(cdxj_line(c) for c in captures))


def add_to_index(path: Path, captures: Iterable[Capture]) -> int:
    """Merge ``captures`` into the sorted index at ``path``, reading it as a stream."""
    new = sorted(cdxj_line(c) for c in captures)
    if not path.exists():
        return write_index(path, new)
    with open(path, encoding="utf-8") as existing:
        return write_index(path, heapq.merge((line.rstrip("\n") for line in existing), new))


def closed_warc_files(layout: ArchiveLayout) -> list[str]:
    return [p.name for p in warc_files(layout.warc_dir) if not p.name.endswith(OPEN_SUFFIX)]


def index_closed_files(layout: ArchiveLayout, catalog: Catalog) -> list[str]:
    """Add the catalogued captures of the closed WARC files that are not in
    the index yet; the names of those files."""
    with index_lock(layout.index_path):
        indexed = catalog.indexed_files()
        pending = [name for name in closed_warc_files(layout) if name not in indexed]
        if pending:
            add_to_index(layout.index_path, [c for name in pending for c in catalog.captures_in(name)])
            catalog.set_indexed_files(pending)
    return pending


def rebuild_index(layout: ArchiveLayout, catalog: Catalog) -> tuple[list[WarcScan], int]:
    """Index every closed WARC file of the archive anew, from the files
    themselves: their scans (damaged parts are left out, and ``scan.error``
    says where) and the number of lines."""
    with index_lock(layout.index_path):
        scans = [scan_warc(layout.warc_dir / name) for name in closed_warc_files(layout)]
        lines = build_index(layout.index_path, [c for scan in scans for c in scan.captures])
        catalog.set_indexed_files([scan.path.name for scan in scans], replace=True)
    return scans, lines
