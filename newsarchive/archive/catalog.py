"""The catalogue: every capture and every article version, in SQLite.

WAL mode, so a crawl can write while someone reads.  The schema version is
SQLite's ``user_version``; ``migrate`` brings an older catalogue up to date
step by step, each step in one transaction.  A write commits at once,
unless ``begin`` opened a transaction: then the rows written go in it, and
``commit`` commits them together (the crawl's storage commits a group once
the files the rows point at are durable).  A crash never leaves half a row;
it loses the rows not yet committed, which the files they describe give
back (``warc.recovery``, ``verify --repair``).  ``synchronous = NORMAL``:
with the write-ahead log a commit survives a crash of the program (the log
is written at once) and the catalogue stays whole after a power cut, which
may undo the last commits (they are synced at the log's checkpoints).

Opening a catalogue checks that it is one newsarchive can use: an SQLite
database, whole, with every table, column and index its schema version
gives it and none of a later one (the schema ``MIGRATIONS`` make, built
once in memory to compare).  One that is not (garbage bytes, a file cut
short, a table missing, a wrong ``user_version``) is ``CatalogDamaged``,
which ``newsarchive verify --repair`` mends: it moves the damaged file
aside and builds a new catalogue from the WARC files and the article JSON,
which hold everything the catalogue holds.
"""
from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from .atomic import fsync_directory
from .search import ArticleText, index_latest_version
from .warc.records import Capture

#: Each entry brings the schema from version ``index`` to ``index + 1``.
MIGRATIONS = [
    """
    CREATE TABLE captures (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        warc_date TEXT NOT NULL,
        record_type TEXT NOT NULL,
        status INTEGER,
        mime TEXT,
        payload_digest TEXT,
        record_id TEXT NOT NULL UNIQUE,
        warc_file TEXT NOT NULL,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL
    );
    CREATE INDEX captures_by_url_time ON captures (url, warc_date);
    CREATE INDEX captures_by_file ON captures (warc_file, offset);
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        url TEXT NOT NULL,
        site TEXT NOT NULL,
        date TEXT NOT NULL,
        headline TEXT,
        published TEXT,
        fetched_at TEXT,
        content_hash TEXT NOT NULL,
        json_path TEXT NOT NULL UNIQUE,
        capture_record_id TEXT,
        previous_version INTEGER REFERENCES articles (id)
    );
    CREATE INDEX articles_by_id ON articles (article_id, fetched_at);
    CREATE INDEX articles_by_site_date ON articles (site, date);
    """,
    # incremental runs look articles up by the URL they were fetched from
    "CREATE INDEX articles_by_url ON articles (url);",
    # the closed WARC files whose captures are in the CDXJ index; empty at
    # first, so the next crawl merges every closed file's captures into the
    # index once (lines already there are not written twice)
    "CREATE TABLE indexed_files (warc_file TEXT PRIMARY KEY);",
    # the article list and its full-text search (archive/search.py): the
    # latest version of each article, its authors, and its text in FTS5;
    # empty in a catalogue migrated from an older one until `newsarchive index`
    """
    CREATE TABLE article_latest (
        article_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL REFERENCES articles (id),
        versions INTEGER NOT NULL,
        url TEXT NOT NULL,
        site TEXT NOT NULL,
        section TEXT,
        date TEXT NOT NULL,
        sort_time TEXT NOT NULL,
        headline TEXT,
        kicker TEXT,
        description TEXT,
        authors TEXT NOT NULL,
        published TEXT,
        fetched_at TEXT
    );
    CREATE UNIQUE INDEX article_latest_by_version ON article_latest (version);
    CREATE INDEX article_latest_by_time ON article_latest (sort_time, article_id);
    CREATE INDEX article_latest_by_site ON article_latest (site, sort_time, article_id);
    CREATE INDEX article_latest_by_section ON article_latest (section, sort_time, article_id);
    CREATE TABLE article_authors (
        author TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (author, article_id)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE article_text USING fts5 (
        headline, description, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class CatalogError(Exception):
    pass


class CatalogDamaged(CatalogError):
    """The catalogue is not one newsarchive can use as it is; ``reason``
    says why, the message how to mend it."""

    def __init__(self, reason: str):
        super().__init__(f"damaged: {reason}; `newsarchive verify --repair` keeps it aside and builds a new "
                         "one from the WARC files and the article JSON")
        self.reason = reason


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite found the file damaged (not a database, malformed:
    cut short, overwritten), not merely busy or unwritable."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


#: A schema object as compared: type, name, and one of its columns ("" for an index).
SchemaPart = tuple[str, str, str]


def schema_parts(conn: sqlite3.Connection) -> frozenset[SchemaPart]:
    """The tables (each column), indexes and triggers of ``conn``'s database, SQLite's own aside."""
    return frozenset((kind, name, column) for kind, name, column in conn.execute(
        "SELECT m.type, m.name, coalesce(c.name, '') FROM sqlite_master m "
        "LEFT JOIN pragma_table_info(m.name) c ON m.type = 'table' WHERE m.name NOT LIKE 'sqlite_%'"))


@functools.cache
def expected_schema(version: int) -> frozenset[SchemaPart]:
    """What ``MIGRATIONS`` make of an empty database up to ``version``."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        return schema_parts(conn)
    finally:
        conn.close()


def check_schema(conn: sqlite3.Connection) -> int:
    """The schema version of the catalogue; ``CatalogDamaged`` when its
    tables, columns and indexes are not those of that version,
    ``CatalogError`` when it is newer than this newsarchive knows."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise CatalogError(f"catalogue schema version {version} is newer than this newsarchive "
                           f"knows ({SCHEMA_VERSION}): upgrade newsarchive")
    if version < 0:
        raise CatalogDamaged(f"schema version {version}")
    actual, expected = schema_parts(conn), expected_schema(version)
    names = {name for _, name, _ in actual}
    missing = {name if name not in names else f"{name}.{column}" for _, name, column in expected - actual}
    if missing:
        raise CatalogDamaged(f"{_some(missing)} missing (schema version {version})")
    later = {name for _, name, _ in (actual & expected_schema(SCHEMA_VERSION)) - expected}
    if later:
        raise CatalogDamaged(f"schema version {version} but {_some(later)} of a later version there")
    return version


def check_pages(conn: sqlite3.Connection) -> None:
    """``CatalogDamaged`` unless every page of the database reads well and
    every index matches its table (SQLite's ``quick_check``: it reads the
    whole file once, so not at every opening)."""
    complaints = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if complaints != ["ok"]:
        raise CatalogDamaged("; ".join(complaints))


def _some(names: set[str]) -> str:
    first = sorted(names, key=lambda name: (len(name), name))[:3]
    return ", ".join(first) + (f" and {len(names) - len(first)} more" if len(names) > len(first) else "")


def move_aside(path: Path) -> Path:
    """Rename a damaged catalogue (with its write-ahead log, which belongs
    to it) to ``catalog-damaged-TIME.sqlite`` beside it, kept, never
    deleted: a new catalogue at ``path`` starts afresh.  The new name."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    for suffix in ("-wal", "-shm", ""):  # the file itself last: a crash meanwhile leaves it in place
        part = path.with_name(path.name + suffix)
        if part.exists():
            os.replace(part, aside.with_name(aside.name + suffix))
    fsync_directory(path.parent)
    return aside


@dataclass(frozen=True)
class ArticleVersion:
    """One article version: its JSON file (relative to ARCHIVE_DIR) and its capture."""

    article_id: str
    url: str
    site: str
    date: str
    headline: str | None
    published: str | None
    fetched_at: str | None
    content_hash: str
    json_path: str
    capture_record_id: str | None
    #: What the article list shows and searches (not a column of ``articles``).
    text: ArticleText | None = None


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the catalogue up to ``SCHEMA_VERSION`` (``check_schema`` first)."""
    for target in range(check_schema(conn) + 1, SCHEMA_VERSION + 1):
        conn.executescript(f"BEGIN; {MIGRATIONS[target - 1]}; PRAGMA user_version = {target}; COMMIT;")


class Catalog:
    """The catalogue at ``path``, created and migrated as needed; with
    ``read_only``, opened as it is, for checking an archive without changing
    it (on read-only storage too).  ``CatalogDamaged`` when it cannot be
    used as it is.  Opening reads its schema only; with ``whole``, every
    page of it too (``check_pages``), for the commands that read or write
    it all: damage inside the file is found before they start, not by the
    query that meets it."""

    def __init__(self, path: Path, read_only: bool = False, whole: bool = False):
        try:
            self.conn = self._open(path, read_only, whole)
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise CatalogDamaged(str(exc)) from None
            raise

    @staticmethod
    def _open(path: Path, read_only: bool, whole: bool) -> sqlite3.Connection:
        if read_only:
            conn = _connect_read_only(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            if whole:
                check_pages(conn)
            if read_only:
                if check_schema(conn) == 0:
                    raise CatalogDamaged("empty: no tables")
                return conn
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def begin(self) -> None:
        """Open a transaction, if none is: the rows written from now on are
        committed together, by ``commit``.  It takes the write lock at once
        (``IMMEDIATE``): another writer waits for the commit."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Writes done together: committed together, or within the
        transaction ``begin`` opened."""
        if self.conn.in_transaction:
            yield
            return
        with self.conn:
            self.conn.execute("BEGIN")
            yield

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- captures

    def add_capture(self, capture: Capture) -> None:
        row = asdict(capture)
        self.conn.execute(f"INSERT OR IGNORE INTO captures ({', '.join(row)}) "
                          f"VALUES ({', '.join(':' + k for k in row)})", row)

    def captures(self) -> list[Capture]:
        return [_capture(row) for row in self.conn.execute(
            "SELECT * FROM captures ORDER BY warc_file, offset")]

    def captures_of(self, url: str) -> list[Capture]:
        return [_capture(row) for row in self.conn.execute(
            "SELECT * FROM captures WHERE url = ? ORDER BY warc_date", (url,))]

    def last_response(self, url: str) -> Capture | None:
        """The last capture of ``url`` that holds a body (not a revisit)."""
        row = self.conn.execute("SELECT * FROM captures WHERE url = ? AND record_type = 'response' "
                                "ORDER BY warc_date DESC LIMIT 1", (url,)).fetchone()
        return _capture(row) if row else None

    def capture(self, record_id: str) -> Capture | None:
        row = self.conn.execute("SELECT * FROM captures WHERE record_id = ?", (record_id,)).fetchone()
        return _capture(row) if row else None

    def revisit_target(self, url: str, payload_digest: str) -> Capture | None:
        """The original capture a new capture of ``url`` with this payload
        revisits, when the last capture of ``url`` had the same payload."""
        last = self.conn.execute("SELECT payload_digest FROM captures WHERE url = ? "
                                 "ORDER BY warc_date DESC LIMIT 1", (url,)).fetchone()
        if last is None or last["payload_digest"] != payload_digest:
            return None
        row = self.conn.execute("SELECT * FROM captures WHERE url = ? AND payload_digest = ? "
                                "AND record_type = 'response' ORDER BY warc_date DESC LIMIT 1",
                                (url, payload_digest)).fetchone()
        return _capture(row) if row else None

    def add_captures(self, captures: list[Capture]) -> None:
        """Add ``captures`` in one transaction."""
        with self._transaction():
            for capture in captures:
                self.add_capture(capture)

    def captures_in(self, warc_file: str) -> list[Capture]:
        return [_capture(row) for row in self.conn.execute(
            "SELECT * FROM captures WHERE warc_file = ? ORDER BY offset", (warc_file,))]

    def indexed_files(self) -> set[str]:
        """The closed WARC files whose captures are in the CDXJ index."""
        return {row[0] for row in self.conn.execute("SELECT warc_file FROM indexed_files")}

    def set_indexed_files(self, warc_files: list[str], replace: bool = False) -> None:
        """Record ``warc_files`` as indexed; with ``replace``, as the only ones."""
        with self._transaction():
            if replace:
                self.conn.execute("DELETE FROM indexed_files")
            self.conn.executemany("INSERT OR IGNORE INTO indexed_files VALUES (?)", [(f,) for f in warc_files])

    def delete_captures(self, record_ids: list[str]) -> None:
        self.conn.executemany("DELETE FROM captures WHERE record_id = ?", [(r,) for r in record_ids])

    # -- article versions

    def add_article(self, version: ArticleVersion) -> None:
        """Catalogue a version and, when it is the article's latest, list it
        and index its text for search, in one transaction."""
        self.add_articles([version])

    def add_articles(self, versions: list[ArticleVersion]) -> None:
        """Add ``versions`` in one transaction, in their order."""
        with self._transaction():
            for version in versions:
                self._insert_article(version)

    def _insert_article(self, version: ArticleVersion) -> None:
        """The version, linked to the one fetched before it.  A repair may
        catalogue a version fetched before others (its row lost to a kill,
        the article stored again by the next crawl): the one after it then
        follows it."""
        row = asdict(version)
        del row["text"]
        where = {"article_id": version.article_id, "fetched_at": version.fetched_at}
        previous = self.conn.execute(
            "SELECT id FROM articles WHERE article_id = :article_id AND (:fetched_at IS NULL OR fetched_at <= "
            ":fetched_at) ORDER BY fetched_at DESC, id DESC LIMIT 1", where).fetchone()
        row["previous_version"] = previous[0] if previous else None
        inserted = self.conn.execute(f"INSERT OR IGNORE INTO articles ({', '.join(row)}) "
                                     f"VALUES ({', '.join(':' + k for k in row)})", row)
        if inserted.rowcount == 1 and version.fetched_at is not None:
            self.conn.execute(
                "UPDATE articles SET previous_version = :id WHERE id = (SELECT id FROM articles "
                "WHERE article_id = :article_id AND fetched_at > :fetched_at ORDER BY fetched_at, id LIMIT 1)",
                {**where, "id": inserted.lastrowid})
        if version.text is not None:
            index_latest_version(self.conn, version.article_id, version.json_path, version.text)

    def latest_version(self, article_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM articles WHERE article_id = ? "
                                 "ORDER BY fetched_at DESC, id DESC LIMIT 1", (article_id,)).fetchone()

    def versions(self, article_id: str) -> list[sqlite3.Row]:
        """The versions of an article, oldest first."""
        return self.conn.execute("SELECT * FROM articles WHERE article_id = ? "
                                 "ORDER BY fetched_at, id", (article_id,)).fetchall()

    def article_id_of(self, url: str) -> str | None:
        """The id of the article last archived from ``url``, if any."""
        row = self.conn.execute("SELECT article_id FROM articles WHERE url = ? "
                                "ORDER BY fetched_at DESC, id DESC LIMIT 1", (url,)).fetchone()
        return row["article_id"] if row else None

    def last_capture_date(self, url: str) -> str | None:
        """The WARC-Date of the last capture of ``url`` (a revisit counts)."""
        row = self.conn.execute("SELECT max(warc_date) AS date FROM captures WHERE url = ?", (url,)).fetchone()
        return row["date"]

    def latest_versions(self, site: str | None = None, since: str | None = None) -> list[sqlite3.Row]:
        """The latest version of each article; of those of one ``site`` (its
        host), fetched ``since`` a time (as ``fetched_at`` writes it), if given."""
        return self.conn.execute(
            "SELECT * FROM articles a WHERE id = (SELECT id FROM articles b WHERE b.article_id = a.article_id "
            "ORDER BY fetched_at DESC, id DESC LIMIT 1) AND (:site IS NULL OR site = :site) "
            "AND (:since IS NULL OR fetched_at >= :since) ORDER BY id", {"site": site, "since": since}).fetchall()

    def articles(self) -> list[sqlite3.Row]:
        return self.conn.execute("SELECT * FROM articles ORDER BY id").fetchall()

    def versions_with_warc_file(self) -> list[sqlite3.Row]:
        """Each article version (``json_path``, ``fetched_at``,
        ``capture_record_id``) and the WARC file of its page's capture, in
        the order they were fetched."""
        return self.conn.execute(
            "SELECT a.json_path, a.fetched_at, a.capture_record_id, c.warc_file FROM articles a "
            "JOIN captures c ON c.record_id = a.capture_record_id ORDER BY a.fetched_at, a.id").fetchall()

    def delete_articles(self, json_paths: list[str]) -> None:
        self.conn.executemany("DELETE FROM articles WHERE json_path = ?", [(p,) for p in json_paths])


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``path`` opened read-only; where SQLite cannot set up its shared
    memory beside it (read-only storage), as an immutable file."""
    if not path.is_file():
        raise CatalogError("no catalogue (catalog.sqlite) here")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc) and "readonly" not in str(exc):
            raise  # locked, damaged...: not a matter of read-only storage
    return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, isolation_level=None)


def _capture(row: sqlite3.Row) -> Capture:
    return Capture(**{k: row[k] for k in row.keys() if k != "id"})
