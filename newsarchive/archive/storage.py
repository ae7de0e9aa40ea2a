"""The archive of a crawl: every HTTP exchange written to WARC and
catalogued, every article version written as JSON and catalogued.

One ``ArchiveStorage`` a crawl holds the one catalogue connection every
part of the crawl shares (``extensions.ArchiveSession`` opens and closes
it; the ``ARCHIVE_STORAGE`` setting names the class).  It has no Scrapy in
it: ``newsarchive verify``, re-extraction and the tests use it as it is.

Writes are made durable in groups: each record and each article JSON is
handed to the operating system at once (a crash of the crawl, even ``kill
-9``, loses none), and ``sync`` makes them durable against a power cut (one
fsync of the WARC file, the new JSON files and their folders at once),
then commits their catalogue rows, in one transaction.  The storage syncs
when ``sync_interval`` seconds have passed since the last sync, before a
WARC file is closed and at the end; ``0`` syncs every write at once.

A response whose payload is the same as the last capture of its URL is
written as a ``revisit`` record pointing at the original.  Empty payloads
are always written whole: they are all alike, and a revisit would save
nothing.  An article is stored only when it is new or its content changed
(``versions.compare``); a page archived as a revisit record is unchanged
whatever the extraction now makes of it: a new version is an edit of the
page, not of the extractor.

A full disk or an archive that became read-only makes the storage
unwritable (``ArchiveUnwritable``): it writes nothing more, opens no new
WARC file, and leaves the one it was writing ``.open``, valid up to its
last whole record, for the next crawl or ``verify --repair`` to close.
"""
from __future__ import annotations

import errno
import json
import logging
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from importlib.metadata import version
from typing import Any, Protocol, Self

from .. import __version__
from .articles import article_version, reextraction_suffix, relative_json_path, write_json_atomic
from .atomic import fsync_paths
from .catalog import Catalog, CatalogDamaged, is_damage
from .layout import ArchiveLayout
from .versions.compare import changed_fields, version_record
from .warc.files import RotatingWarcWriter, compressible, gzip_level, warc_files
from .warc.index import index_closed_files
from .warc.records import (WARC_VERSION, Capture, Exchange, capture_of, request_record, response_record,
                           revisit_record, warc_date)
from .warc.recovery import close_crashed_files

log = logging.getLogger(__name__)

CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


class Settings(Protocol):
    """What the storage reads of Scrapy's settings (or any mapping with these getters)."""

    def get(self, name: str, default: Any = None) -> Any: ...
    def getint(self, name: str, default: int = 0) -> int: ...
    def getfloat(self, name: str, default: float = 0.0) -> float: ...
    def getbool(self, name: str, default: bool = False) -> bool: ...


def warcinfo_fields(settings: Settings) -> dict[str, str]:
    """The ``warcinfo`` record that opens each WARC file: who crawled, with what, how."""
    return {
        "software": f"newsarchive/{__version__} (Scrapy/{version('scrapy')}; warcio/{version('warcio')})",
        "hostname": socket.gethostname(),
        "format": f"WARC File Format {WARC_VERSION}",
        "conformsTo": CONFORMS_TO,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": settings.get("USER_AGENT"),
        "operator": settings.get("WARC_OPERATOR"),
    }


class ArchiveUnwritable(OSError):
    """The archive takes no more writes (a full disk, read-only storage);
    the message says why."""


#: The errors of a file system that takes no more writes.
_UNWRITABLE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
_UNWRITABLE_SQLITE = ("disk is full", "readonly database", "disk I/O error", "unable to open")


def unwritable_reason(exc: BaseException) -> str | None:
    """Why ``exc`` means the archive takes no more writes (a full disk, a
    catalogue found damaged), or None when it does not (a locked
    catalogue, a bad web page...)."""
    if isinstance(exc, ArchiveUnwritable):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in _UNWRITABLE_ERRNOS:
        return f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    if isinstance(exc, sqlite3.OperationalError) and any(text in str(exc) for text in _UNWRITABLE_SQLITE):
        return f"catalogue: {exc}"
    if isinstance(exc, sqlite3.DatabaseError) and is_damage(exc):
        return f"catalogue damaged: {exc}"
    return None


def archive_catalog(layout: ArchiveLayout, whole: bool = False) -> Catalog:
    """The archive's catalogue, opened for writing (created in a new
    archive; with ``whole``, every page of it read: ``Catalog``).
    ``CatalogDamaged`` too when there is none, or an empty file, while the
    archive holds WARC files: a new catalogue would take every archived
    article for a new one, its versions unlinked, until ``verify --repair``
    rebuilt it from the files."""
    path = layout.catalog_path
    if (not path.is_file() or path.stat().st_size == 0) and warc_files(layout.warc_dir):
        raise CatalogDamaged("missing or empty while the archive holds WARC files")
    return Catalog(path, whole=whole)


@dataclass(frozen=True)
class Stored:
    """What storing an article did: ``"new"`` (a new article), ``"version"``
    (a new version of an archived one) or ``"unchanged"``; the JSON of the
    version (the new one, or the one that did not change) and, for a new
    version, its ``version`` object (number, previous JSON, what changed)."""

    outcome: str
    json_path: str
    version: dict | None = None


def is_revisit(capture: dict | None) -> bool:
    """Whether a page was archived as a revisit: the same payload as the
    last capture of its URL."""
    return (capture or {}).get("record_type") == "revisit"


class ArchiveStorage:
    """The archive under ``layout.root``: WARC files written by ``writer``
    (in ``layout.warc_dir``), the catalogue, the CDXJ index, article JSON."""

    def __init__(self, layout: ArchiveLayout, writer: RotatingWarcWriter, sync_interval: float = 0.0,
                 catalog: Catalog | None = None):
        self.layout = layout
        self.writer = writer
        self.catalog = catalog or archive_catalog(layout)
        self.sync_interval = sync_interval
        self.last_sync = time.monotonic()
        self.pending = False  # written since the last sync
        #: The article JSON files written since the last sync, and their folders.
        self.unsynced: set[Path] = set()
        #: Why the archive takes no more writes, once a write found out.
        self.unwritable: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        layout = ArchiveLayout.from_settings(settings)
        writer = RotatingWarcWriter(layout.warc_dir, settings.get("WARC_PREFIX"), settings.getint("WARC_MAX_SIZE"),
                                    warcinfo_fields(settings), host=settings.get("WORKER_NAME") or None,
                                    gzip_level=gzip_level(settings.get("WARC_GZIP_LEVEL")))
        return cls(layout, writer, settings.getfloat("ARCHIVE_SYNC_INTERVAL"))

    def open(self) -> None:
        """Carry on after a crawl that was killed: close the WARC files it
        left open and index those it closed."""
        close_crashed_files(self.layout, self.catalog)
        index_closed_files(self.layout, self.catalog)

    def close(self) -> None:
        """Sync, close the WARC file, add its captures to the index, close the
        catalogue.  An unwritable archive keeps its WARC file ``.open``."""
        try:
            if self.unwritable is None:
                self.writing(self.sync)
                self.writing(self.writer.close)
                self.writing(index_closed_files, self.layout, self.catalog)
        finally:
            self.catalog.close()

    def writing(self, write, *args):
        """``write(*args)``; once a write fails for want of room or rights,
        ``ArchiveUnwritable`` at once for this one and every other."""
        if self.unwritable is not None:
            raise ArchiveUnwritable(self.unwritable)
        try:
            return write(*args)
        except (OSError, sqlite3.Error) as exc:
            if reason := unwritable_reason(exc):
                self.unwritable = reason
                raise ArchiveUnwritable(reason) from exc
            raise

    def sync(self) -> None:
        """Make every write so far durable (fsync), then commit the
        catalogue rows that point at them."""
        fsync_paths(self.unsynced, self.writer.sync)
        self.unsynced.clear()
        self.catalog.commit()
        self.last_sync = time.monotonic()
        self.pending = False

    def sync_if_due(self) -> None:
        """Sync when something was written and ``sync_interval`` has passed
        since the last sync (``extensions.ArchiveSession`` calls it every
        ``sync_interval`` too, so that a crawl waiting for pages leaves no
        write unsynced for long)."""
        if self.pending and time.monotonic() - self.last_sync >= self.sync_interval:
            self.writing(self.sync)

    def _written(self) -> None:
        self.pending = True
        self.sync_if_due()

    # -- captures

    def archive(self, exchange: Exchange) -> Capture:
        """Write the exchange durably, then catalogue it; its capture."""
        return self.writing(self._archive, exchange)

    def _archive(self, exchange: Exchange) -> Capture:
        date = warc_date()
        record = response_record(exchange, date)
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        original = self.catalog.revisit_target(exchange.url, digest) if exchange.body else None
        if original:
            record = revisit_record(exchange, date, digest, original)
        request = request_record(exchange, date, record.rec_headers.get_header("WARC-Record-ID"))
        self.catalog.begin()
        where = self.writer.write_group([record, request], compress=compressible(exchange.body))[0]
        capture = capture_of(record, where.warc_file, where.offset, where.length)
        assert capture is not None  # a response or revisit record is a capture
        self.catalog.add_capture(capture)
        if self.writer.is_full:  # closed once all it holds is durable and catalogued, then indexed
            self.sync()
            self.writer.close()
            index_closed_files(self.layout, self.catalog)
        else:
            self._written()
        return capture

    # -- articles

    def store_article(self, article: dict, reextraction: dict | None = None) -> Stored:
        """Write a new article, or a new version of an archived one, as JSON
        and catalogue it; an article whose content did not change is not
        written again.  A new version's JSON gets its ``version`` object.
        A version extracted again from an archived capture, not fetched,
        says so in it (``reextraction``: the extractor, when) and gets a
        JSON of its own beside the fetched one."""
        return self.writing(self._store_article, article, reextraction)

    def _store_article(self, article: dict, reextraction: dict | None) -> Stored:
        path = relative_json_path(article, reextraction_suffix(reextraction["timestamp"]) if reextraction else "")
        row = article_version(article, path)
        latest = self.catalog.latest_version(row.article_id)
        if latest and (latest["content_hash"] == row.content_hash or is_revisit(article.get("capture"))):
            return Stored("unchanged", latest["json_path"])
        if latest:
            before = self.read_version(latest["json_path"])
            if before is not None and not changed_fields(before, article):  # the same but for white space,
                return Stored("unchanged", latest["json_path"])  # relative times (or an older hash)
            article["version"] = self.version_object(latest, before, article)
            if reextraction:
                article["version"]["reextraction"] = reextraction
        self.catalog.begin()
        json_file = self.layout.root / path
        write_json_atomic(json_file, article, durable=False)
        self.unsynced.update((json_file, json_file.parent))
        self.catalog.add_article(row)
        self._written()
        return Stored("version" if latest else "new", path.as_posix(), article.get("version"))

    def read_version(self, json_path: str) -> dict | None:
        try:
            return json.loads((self.layout.root / json_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # the changes are lost, not the new version
            log.warning("cannot read the version before, %s: %s", json_path, exc)
            return None

    def version_object(self, latest, before: dict | None, article: dict) -> dict:
        """The ``version`` object of a new version of an archived article."""
        number = len(self.catalog.versions(article["id"])) + 1
        if before is None:
            return {"number": number, "previous": latest["json_path"]}
        return version_record(number, latest["json_path"], before, article)

    def has_article(self, article_id: str) -> bool:
        return self.catalog.latest_version(article_id) is not None

    def archived_article_id(self, url: str) -> str | None:
        """The id of the article the archive holds from ``url`` (fragment
        aside), ``None`` for a URL no article was archived from."""
        return self.catalog.article_id_of(url.partition("#")[0])
