"""Reading a WARC file to the end: its records, digests checked, and where
the last whole record ends (what a crashed ``.open`` file is cut back to).

Each record of our files is one gzip member.  A member is whole only if
zlib reached its end: warcio alone reads a cut member as a shorter record
without complaint, so the members are delimited here and each one is then
parsed by warcio.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .records import Capture, capture_of
from .warcfile import final_name

_READ_SIZE = 1 << 20
_GZIP = zlib.MAX_WBITS | 16


class PartialMember(Exception):
    """The file ends inside a gzip member, or holds bytes that are not gzip."""


@dataclass
class ScannedRecord:
    record_type: str
    record_id: str
    offset: int
    length: int
    capture: Capture | None


@dataclass
class WarcScan:
    path: Path
    records: list[ScannedRecord] = field(default_factory=list)
    #: Where the last whole, readable record ends.
    good_end: int = 0
    #: Why reading stopped before the end of the file, if it did.
    error: str | None = None
    digest_problems: list[str] = field(default_factory=list)

    @property
    def captures(self) -> list[Capture]:
        return [r.capture for r in self.records if r.capture]


def gzip_members(handle) -> Iterator[tuple[int, bytes]]:
    """``(offset, compressed bytes)`` of each whole gzip member of ``handle``;
    raises ``PartialMember`` where whole members stop."""
    offset, member = 0, bytearray()
    decompressor = zlib.decompressobj(_GZIP)
    data = handle.read(_READ_SIZE)
    while data:
        try:
            decompressor.decompress(data)
        except zlib.error as exc:
            raise PartialMember(f"not gzip data at offset {offset}: {exc}") from None
        if not decompressor.eof:
            member += data
            data = handle.read(_READ_SIZE)
            continue
        member += data[:len(data) - len(decompressor.unused_data)]
        yield offset, bytes(member)
        offset += len(member)
        data = decompressor.unused_data or handle.read(_READ_SIZE)
        member, decompressor = bytearray(), zlib.decompressobj(_GZIP)
    if member:
        raise PartialMember(f"file ends inside a record at offset {offset}")


def _read_to_end(stream) -> None:
    while stream.read(_READ_SIZE):
        pass


def _scan_member(scan: WarcScan, name: str, offset: int, member: bytes) -> None:
    for record in ArchiveIterator(io.BytesIO(member), check_digests=True):
        _read_to_end(record.content_stream())
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        if record.digest_checker.passed is False:
            scan.digest_problems += [f"{name} offset {offset} {record_id}: {problem}"
                                     for problem in record.digest_checker.problems]
        scan.records.append(ScannedRecord(record.rec_type, record_id, offset, len(member),
                                          capture_of(record, name, offset, len(member))))


def scan_warc(path: Path) -> WarcScan:
    """Every record of ``path`` with its offset and length, digests checked."""
    scan = WarcScan(path)
    name = final_name(path)
    with open(path, "rb") as handle:
        try:
            for offset, member in gzip_members(handle):
                _scan_member(scan, name, offset, member)
                scan.good_end = offset + len(member)
        except (PartialMember, ArchiveLoadFailed, ValueError) as exc:
            scan.error = f"unreadable after offset {scan.good_end}: {str(exc).strip() or type(exc).__name__}"
    return scan
