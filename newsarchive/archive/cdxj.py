"""The CDXJ index replay tools (pywb, ReplayWeb.page) look captures up in.

One line a capture, ``SURT timestamp14 {json}``, the file sorted as bytes,
line for line what pywb's own indexer (``wb-manager add``) writes: digest
without its ``sha1:`` prefix, numbers as strings, ``warc/revisit`` as the
mime type of revisit records and no status for them.
"""
from __future__ import annotations

import heapq
import json
from pathlib import Path
from typing import Iterable

import surt

from .layout import ArchiveLayout
from .records import Capture
from .atomic import atomic_text_file
from .scan import scan_warc
from .warcfile import OPEN_SUFFIX, warc_files


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


def read_index(path: Path) -> list[str]:
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8").splitlines()


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


def rebuild_index(layout: ArchiveLayout) -> tuple[int, int]:
    """Index every closed WARC file of the archive anew: (files, lines).
    Unreadable tails are left out; ``newsarchive verify`` reports them."""
    paths = [p for p in warc_files(layout.warc_dir) if not p.name.endswith(OPEN_SUFFIX)]
    captures = [c for path in paths for c in scan_warc(path).captures]
    return len(paths), build_index(layout.index_path, captures)
