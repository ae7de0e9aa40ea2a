"""Reading a WARC file to the end: its records, digests checked, where the
whole records at its start end (what a crashed ``.open`` file is cut back
to), and which parts of it are damaged.

Each record of our files is one gzip member.  A member is whole only if
zlib reached its end: warcio alone reads a cut member as a shorter record
without complaint, so the members are delimited here and each one is then
parsed by warcio.  Past a damaged member, reading goes on at the next whole
one: one bad byte must not hide the records after it.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .files import final_name
from .records import Capture, capture_of

_READ_SIZE = 1 << 20
_GZIP = zlib.MAX_WBITS | 16
#: How every gzip member starts: magic number and the deflate method.
_GZIP_MAGIC = b"\x1f\x8b\x08"


class PartialMember(Exception):
    """The file ends inside a gzip member, or holds bytes that are not gzip."""


@dataclass(frozen=True)
class Damage:
    """Bytes ``start`` to ``end`` of a file are not whole records: where
    reading failed, up to the next whole gzip member (or the file's end)."""

    start: int
    end: int
    reason: str

    def __str__(self) -> str:
        return f"bytes {self.start} to {self.end} unreadable: {self.reason}"


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
    #: Where the last whole record ends: what a crashed ``.open`` file is
    #: cut back to.
    good_end: int = 0
    #: The parts of the file that are not whole records; the records after
    #: each one are read all the same.
    damage: list[Damage] = field(default_factory=list)
    digest_problems: list[str] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        """Why the file is not whole records from end to end, if it is not."""
        return "; ".join(map(str, self.damage)) or None

    @property
    def damaged_inside(self) -> bool:
        """Whether there is damage before the last whole record, not only
        the cut tail a crash leaves."""
        return any(d.start < self.good_end for d in self.damage)

    @property
    def captures(self) -> list[Capture]:
        return [r.capture for r in self.records if r.capture]


def split_member(data: bytes, handle) -> tuple[bytes, bytes]:
    """The whole gzip member that ``data`` starts with (read on from
    ``handle`` as needed), and the bytes read past its end; raises
    ``PartialMember`` if there is no whole member there."""
    member = bytearray()
    decompressor = zlib.decompressobj(_GZIP)
    while True:
        try:
            decompressor.decompress(data)
        except zlib.error as exc:
            raise PartialMember(f"not gzip data: {exc}") from None
        if decompressor.eof:
            rest = decompressor.unused_data
            member += data[:len(data) - len(rest)]
            return bytes(member), rest
        member += data
        data = handle.read(_READ_SIZE)
        if not data:
            raise PartialMember("the file ends inside a record")


def next_member(handle, start: int) -> tuple[int, bytes] | None:
    """The first whole gzip member at or after byte ``start``, found by its
    magic number (a chance match inside compressed data does not read as a
    whole member)."""
    position = start
    while True:
        handle.seek(position)
        window = handle.read(_READ_SIZE + len(_GZIP_MAGIC) - 1)
        found = window.find(_GZIP_MAGIC)
        if found < 0:
            if len(window) <= _READ_SIZE:
                return None
            position += _READ_SIZE
            continue
        candidate = position + found
        handle.seek(candidate)
        try:
            return candidate, split_member(handle.read(_READ_SIZE), handle)[0]
        except PartialMember:
            position = candidate + 1


def gzip_members(handle) -> Iterator[tuple[int, bytes] | Damage]:
    """``(offset, compressed bytes)`` of each whole gzip member of ``handle``,
    and a ``Damage`` for each stretch of bytes between them that is not one;
    reading goes on at the next whole member.  Reads the file as a stream;
    it seeks only to look for the next member past damage."""
    offset, data = 0, handle.read(_READ_SIZE)
    while data:
        try:
            member, data = split_member(data, handle)
        except PartialMember as exc:
            found = next_member(handle, offset + 1)
            end = found[0] if found else handle.seek(0, io.SEEK_END)
            yield Damage(offset, end, str(exc))
            if found is None:
                return
            offset, member = found
            handle.seek(offset + len(member))
            data = b""
        yield offset, member
        offset += len(member)
        data = data or handle.read(_READ_SIZE)


def _read_to_end(stream) -> None:
    while stream.read(_READ_SIZE):
        pass


def _scan_member(scan: WarcScan, name: str, offset: int, member: bytes) -> None:
    records, problems = [], []
    for record in ArchiveIterator(io.BytesIO(member), check_digests=True):
        _read_to_end(record.content_stream())
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        if record.digest_checker.passed is False:
            problems += [f"{name} offset {offset} {record_id}: {problem}"
                         for problem in record.digest_checker.problems]
        records.append(ScannedRecord(record.rec_type, record_id, offset, len(member),
                                     capture_of(record, name, offset, len(member))))
    scan.records += records
    scan.digest_problems += problems


def scan_warc(path: Path) -> WarcScan:
    """Every readable record of ``path`` with its offset and length, digests
    checked, and the damaged parts of the file between them."""
    scan = WarcScan(path)
    name = final_name(path)
    with open(path, "rb") as handle:
        for member in gzip_members(handle):
            if isinstance(member, Damage):
                scan.damage.append(member)
                continue
            offset, data = member
            try:
                _scan_member(scan, name, offset, data)
            except (ArchiveLoadFailed, ValueError) as exc:
                reason = str(exc).strip() or type(exc).__name__
                scan.damage.append(Damage(offset, offset + len(data), f"not a WARC record: {reason}"))
                continue
            scan.good_end = offset + len(data)
    return scan
