"""WARC files on disk: naming, the ``.open`` suffix, rotation, durability.

A file is written as ``NAME.warc.gz.open`` and renamed to ``NAME.warc.gz``
when closed, so a closed name always means a whole file.  Each group of
records (a response and its request) is handed to the operating system
before the writer returns, so after a crash of the crawl (even ``kill -9``)
the ``.open`` file is valid up to its last whole record; ``sync`` makes what
was written durable (fsync), against a power cut too, for the storage to
call once for many groups.  Each record is a gzip member of its own,
compressed at ``gzip_level``.  While a writer holds a file it keeps an exclusive ``flock``
on it: ``newsarchive verify`` tells a crashed leftover from a file being
written by a running crawl that way.
"""
from __future__ import annotations

import fcntl
import os
import re
import socket
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterable

from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

from ..atomic import TEMP_SUFFIX, fsync_directory
from .records import WARC_VERSION, warcinfo_record

OPEN_SUFFIX = ".open"
#: The gzip level of the records (``WARC_GZIP_LEVEL``): measured on 150 real
#: pages sent uncompressed (268 kB), level 3 takes 2.0 ms a page and 21% of
#: the size, level 9 (warcio's) 6.9 ms and 19%; a gzip-encoded page costs
#: 0.8 ms at any level.
DEFAULT_GZIP_LEVEL = 3
COMPRESSIBLE_SAMPLE = 8192
WARC_SUFFIX = ".warc.gz"
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9.]+")


@dataclass(frozen=True)
class Written:
    """Where a record went: the file's final name (without ``.open``)."""

    warc_file: str
    offset: int
    length: int


def warc_file_name(prefix: str, created: datetime, serial: int, host: str) -> str:
    """``{prefix}-{timestamp17}-{serial:05d}-{host}.warc.gz`` (UTC, milliseconds)."""
    stamp = created.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S%f")[:17]
    return f"{prefix}-{stamp}-{serial:05d}-{_UNSAFE_IN_NAME.sub('_', host)}{WARC_SUFFIX}"


def is_locked(path: Path) -> bool:
    """Whether a running writer holds ``path``."""
    with open(path, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def warc_files(directory: Path) -> list[Path]:
    """The WARC files of ``directory``, closed and ``.open``, by name."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir()
                  if (p.name.endswith(WARC_SUFFIX) or p.name.endswith(WARC_SUFFIX + OPEN_SUFFIX)) and p.is_file())


def final_name(path: Path) -> str:
    """The name a WARC file has (or will have) once closed."""
    return path.name.removesuffix(OPEN_SUFFIX)


def gzip_level(value: object) -> int:
    """``WARC_GZIP_LEVEL``: 1 to 9; ``ValueError`` for anything else."""
    try:
        level = int(str(value))
    except ValueError:
        level = 0
    if not 1 <= level <= 9:
        raise ValueError("expected a gzip level, 1 (fastest) to 9 (smallest)")
    return level


def compressible(payload: bytes) -> bool:
    """Whether gzip makes ``payload`` smaller: its first 8 kB lose a tenth
    at level 1.  Pictures, video and bodies sent gzip-encoded do not, and
    compressing 100 kB of them for nothing takes 2 ms."""
    sample = payload[:COMPRESSIBLE_SAMPLE]
    return len(sample) < 512 or len(zlib.compress(sample, 1)) < 0.9 * len(sample)


class GzipMembers:
    """A binary file written as one gzip member a record: warcio's writer
    (without its own gzip, which always compresses at level 9) writes a
    record, then flushes, which ends the member."""

    def __init__(self, handle: BinaryIO, level: int):
        self.handle = handle
        self.level = level
        self._member: zlib._Compress | None = None

    def write(self, data: bytes) -> None:
        if self._member is None:
            self._member = zlib.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.handle.write(self._member.compress(data))

    def flush(self) -> None:
        if self._member is not None:
            self.handle.write(self._member.flush())
            self._member = None
        self.handle.flush()


class RotatingWarcWriter:
    """Writes groups of records to WARC files in ``directory``, each opened
    by a ``warcinfo`` record, starting a new file once one reaches
    ``max_size`` bytes."""

    def __init__(self, directory: Path, prefix: str, max_size: int, warcinfo: dict[str, str],
                 host: str | None = None, gzip_level: int = DEFAULT_GZIP_LEVEL):
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
        self.warcinfo = warcinfo
        self.host = host or socket.gethostname()
        self.gzip_level = gzip_level
        self.serial = 0
        #: The file being written (locked) and warcio's writer on it; ``None`` between files.
        self._file: tuple[BinaryIO, WARCWriter] | None = None
        self._name = ""

    def write_group(self, records: Iterable[ArcWarcRecord], compress: bool = True) -> list[Written]:
        """Write ``records`` together, handed to the operating system (not
        yet durable against a power cut: ``sync``); where each one went.
        Without ``compress`` (a payload compressed already, as ``compressible``
        tells) their gzip members store the bytes as they are."""
        handle, writer = self._file or self._open()
        try:
            return [self._write(handle, writer, record, self.gzip_level if compress else 0) for record in records]
        except OSError:
            self._abandon(handle)
            raise

    def sync(self) -> None:
        """Make every record written so far durable (fsync)."""
        if self._file is not None:
            try:
                os.fsync(self._file[0].fileno())
            except OSError:
                self._abandon(self._file[0])
                raise

    @property
    def is_full(self) -> bool:
        """Whether the current file has reached ``max_size``: the writer's
        owner closes it (``close``) once it has catalogued what went in, and
        the next group starts a new file."""
        return self._file is not None and self._file[0].tell() >= self.max_size

    def _abandon(self, handle: BinaryIO) -> None:
        """Stop writing to a file a write failed on (disk full...): it keeps
        its ``.open`` name, for ``verify --repair`` to cut after its last
        whole record; the next group starts a new file."""
        self._file = None
        try:
            handle.close()
        except OSError:
            pass

    def close(self) -> None:
        """Close the current file, if any, and give it its final name."""
        if self._file is None:
            return
        handle = self._file[0]
        handle.flush()
        os.fsync(handle.fileno())
        open_path = self.directory / (self._name + OPEN_SUFFIX)
        os.replace(open_path, self.directory / self._name)
        fsync_directory(self.directory)
        handle.close()  # releases the lock only once the file has its final name
        self._file = None

    def _open(self) -> tuple[BinaryIO, WARCWriter]:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._name = warc_file_name(self.prefix, datetime.now(timezone.utc), self.serial, self.host)
        self.serial += 1
        # created and locked under a temporary name, so that no one takes it
        # for a crashed crawl's file before it is locked
        temporary = self.directory / f".{self._name}{OPEN_SUFFIX}{TEMP_SUFFIX}"
        handle = open(temporary, "xb")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(temporary, self.directory / (self._name + OPEN_SUFFIX))
        fsync_directory(self.directory)
        writer = WARCWriter(GzipMembers(handle, self.gzip_level), gzip=False, warc_version=WARC_VERSION)
        self._file = handle, writer
        self._write(handle, writer, warcinfo_record(self._name, self.warcinfo), self.gzip_level)
        return self._file

    def _write(self, handle: BinaryIO, writer: WARCWriter, record: ArcWarcRecord, level: int) -> Written:
        offset = handle.tell()
        writer.out.level = level  # of its GzipMembers
        writer.write_record(record)
        return Written(self._name, offset, handle.tell() - offset)
