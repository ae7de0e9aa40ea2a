"""The archive written by the workers of a shared run (``newsarchive worker``).

Workers on several machines share the archive folder (a network filesystem),
and SQLite must not be written from several machines at once.  So during a
run the archive's catalogue is only read: each worker writes its WARC files
(its name in their names) and its article JSON into the archive as any crawl
does, and its catalogue rows into a catalogue of its own,
``catalogs/WORKER.sqlite``, while it reads what the archive had before the
run (for revisits, new versions, revisit records) from ``catalog.sqlite``.
Within a run each URL is fetched once, so what the other workers add meanwhile
is not needed.  Once the run is done, the coordinator (``newsarchive run
--redis``) merges the workers' rows into the catalogue, closes the WARC files
a killed worker left open and indexes every closed file
(``bring_together``): ``verify``, ``history`` and replay see one archive.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import fields, replace
from pathlib import Path

from .catalog import ArticleText, ArticleVersion, Catalog
from .layout import ArchiveLayout
from .search import article_text
from .storage import ArchiveStorage
from .warc.files import RotatingWarcWriter
from .warc.index import index_closed_files
from .warc.records import Capture
from .warc.recovery import close_crashed_files

log = logging.getLogger(__name__)


class WorkerCatalog(Catalog):
    """Writes go to the worker's own catalogue at ``path``; what the crawl
    asks of the archive is read from ``archive``, its catalogue, which
    nobody writes while the run goes on."""

    def __init__(self, path: Path, archive: Catalog):
        super().__init__(path)
        self.archive = archive

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.archive.close()

    def revisit_target(self, url: str, payload_digest: str) -> Capture | None:
        return self.archive.revisit_target(url, payload_digest)

    def latest_version(self, article_id: str) -> sqlite3.Row | None:
        return self.archive.latest_version(article_id)

    def versions(self, article_id: str) -> list[sqlite3.Row]:
        return self.archive.versions(article_id)

    def article_id_of(self, url: str) -> str | None:
        return self.archive.article_id_of(url)

    def last_capture_date(self, url: str) -> str | None:
        return self.archive.last_capture_date(url)


def worker_catalog_path(layout: ArchiveLayout, worker: str) -> Path:
    return layout.worker_catalogs_dir / f"{worker}.sqlite"


class WorkerArchiveStorage(ArchiveStorage):
    """The storage of a worker (``ARCHIVE_STORAGE`` in ``newsarchive worker``):
    ``ArchiveStorage`` with a ``WorkerCatalog``, named by ``WORKER_NAME``.
    The index is left to the coordinator."""

    def __init__(self, layout: ArchiveLayout, writer: RotatingWarcWriter, sync_interval: float = 0.0):
        archive = Catalog(layout.catalog_path, read_only=True)
        super().__init__(layout, writer, sync_interval,
                         catalog=WorkerCatalog(worker_catalog_path(layout, writer.host), archive))

    def open(self) -> None:
        close_crashed_files(self.layout, self.catalog)

    def close(self) -> None:
        try:
            self.sync()
            self.writer.close()
        finally:
            self.catalog.close()


def new_versions(layout: ArchiveLayout, catalog: Catalog, versions: list[ArticleVersion]) -> list[ArticleVersion]:
    """``versions`` (in the order they were fetched) but those whose content
    is that of the version before: a page fetched again because the worker
    that had it died before it was done.  Their JSON is removed."""
    latest: dict[str, tuple[str, str]] = {}  # article id -> content hash, JSON of its latest version
    kept = []
    for version in versions:
        if version.article_id not in latest and (row := catalog.latest_version(version.article_id)):
            latest[version.article_id] = row["content_hash"], row["json_path"]
        content, json_path = latest.get(version.article_id, ("", ""))
        if json_path == version.json_path:  # merged already, by a merge that did not finish
            continue
        if content == version.content_hash:
            (layout.root / version.json_path).unlink(missing_ok=True)
            continue
        latest[version.article_id] = version.content_hash, version.json_path
        kept.append(version)
    return kept


def text_of(layout: ArchiveLayout, json_path: str) -> ArticleText | None:
    """What the article list shows and searches of the version at
    ``json_path``; ``None`` (logged) when its JSON cannot be read."""
    try:
        return article_text(json.loads((layout.root / json_path).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        log.warning("not indexed for search: %s: %s", json_path, getattr(exc, "strerror", None) or exc)
        return None


def merge_worker_catalogs(layout: ArchiveLayout, catalog: Catalog) -> tuple[int, int]:
    """Add the rows of the workers' catalogues to ``catalog`` (article
    versions in the order they were fetched, so each one follows the one
    before) and remove them; how many captures and article versions."""
    parts = sorted(layout.worker_catalogs_dir.glob("*.sqlite")) if layout.worker_catalogs_dir.is_dir() else []
    captures: list[Capture] = []
    rows: list[sqlite3.Row] = []
    for path in parts:
        with Catalog(path) as part:
            captures += part.captures()
            rows += part.articles()
    names = [field.name for field in fields(ArticleVersion) if field.name != "text"]
    versions = new_versions(layout, catalog, [ArticleVersion(**{name: row[name] for name in names})
                                              for row in sorted(rows, key=lambda row: row["fetched_at"] or "")])
    versions = [replace(version, text=text_of(layout, version.json_path)) for version in versions]
    catalog.add_captures(captures)
    catalog.add_articles(versions)
    for path in parts:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return len(captures), len(versions)


def bring_together(layout: ArchiveLayout) -> None:
    """One archive again after a shared run: the workers' rows merged into
    the catalogue, the WARC files killed workers left open closed (their
    last records catalogued), every closed file indexed."""
    with Catalog(layout.catalog_path) as catalog:
        captures, versions = merge_worker_catalogs(layout, catalog)
        closed = close_crashed_files(layout, catalog)
        indexed = index_closed_files(layout, catalog)
    if captures or versions or closed:
        log.info("merged the workers' catalogues: %d captures, %d article versions; %d WARC file(s) indexed",
                 captures, versions, len(indexed))
