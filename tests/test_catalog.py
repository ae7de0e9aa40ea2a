"""The SQLite catalogue: schema, migration, lookups."""
import sqlite3

import pytest

from newsarchive.archive.catalog import SCHEMA_VERSION, ArticleVersion, Catalog, CatalogError
from newsarchive.archive.warc.records import Capture


def capture(url="http://news.test/a", date="2024-01-01T00:00:00.000000Z", digest="sha1:AAA",
            record_type="response", record_id="<urn:uuid:1>", offset=0) -> Capture:
    return Capture(url=url, warc_date=date, record_type=record_type, status=200, mime="text/html",
                   payload_digest=digest, record_id=record_id, warc_file="a.warc.gz", offset=offset, length=10)


def version(article_id="abc", fetched_at="2024-01-01T00:00:00+00:00", json_path="articles/x/abc-1.json",
            content_hash="sha256:1") -> ArticleVersion:
    return ArticleVersion(article_id=article_id, url="http://news.test/a", site="news.test", date="2024-01-01",
                          headline="A", published=None, fetched_at=fetched_at, content_hash=content_hash,
                          json_path=json_path, capture_record_id="<urn:uuid:1>")


def test_new_catalogue_is_wal_and_at_the_schema_version(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    assert catalog.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {row[1] for row in catalog.conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"captures_by_url_time", "articles_by_id", "articles_by_site_date"} <= indexes
    catalog.close()


def test_lookups_use_the_indexes(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    plans = {
        "captures_by_url_time": "SELECT * FROM captures WHERE url = 'u' ORDER BY warc_date",
        "articles_by_id": "SELECT * FROM articles WHERE article_id = 'a' ORDER BY fetched_at",
        "articles_by_site_date": "SELECT * FROM articles WHERE site = 's' AND date >= '2024-01-01'",
    }
    for index, query in plans.items():
        plan = " ".join(row[-1] for row in catalog.conn.execute("EXPLAIN QUERY PLAN " + query))
        assert index in plan
    catalog.close()


def test_reopening_keeps_rows_and_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "catalog.sqlite"
    catalog = Catalog(path)
    catalog.add_capture(capture())
    catalog.close()
    assert [c.url for c in Catalog(path).captures()] == ["http://news.test/a"]
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CatalogError, match="newer"):
        Catalog(path)


def test_an_older_catalogue_is_migrated_keeping_its_rows(tmp_path):
    """From version 2: no file counts as indexed yet, so the next crawl
    merges every closed file's captures into the index once."""
    from newsarchive.archive.catalog import MIGRATIONS
    path = tmp_path / "catalog.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for target, script in enumerate(MIGRATIONS[:2], 1):
        conn.executescript(f"BEGIN; {script}; PRAGMA user_version = {target}; COMMIT;")
    conn.execute("INSERT INTO captures (url, warc_date, record_type, record_id, warc_file, offset, length) "
                 "VALUES ('http://news.test/a', '2024-01-01T00:00:00Z', 'response', '<urn:uuid:1>', "
                 "'a.warc.gz', 0, 10)")
    conn.close()
    catalog = Catalog(path)
    assert catalog.schema_version() == SCHEMA_VERSION
    assert catalog.indexed_files() == set()
    assert [c.record_id for c in catalog.captures_in("a.warc.gz")] == ["<urn:uuid:1>"]
    catalog.close()


def test_revisit_target_only_when_the_last_capture_has_the_same_payload(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    assert catalog.revisit_target("http://news.test/a", "sha1:AAA") is None
    catalog.add_capture(capture())
    catalog.add_capture(capture(date="2024-01-02T00:00:00.000000Z", record_type="revisit",
                                record_id="<urn:uuid:2>", offset=100))
    original = catalog.revisit_target("http://news.test/a", "sha1:AAA")
    assert original.record_id == "<urn:uuid:1>"  # the response, not the revisit
    catalog.add_capture(capture(date="2024-01-03T00:00:00.000000Z", digest="sha1:BBB",
                                record_id="<urn:uuid:3>", offset=200))
    assert catalog.revisit_target("http://news.test/a", "sha1:AAA") is None
    assert catalog.revisit_target("http://news.test/b", "sha1:BBB") is None
    catalog.close()


def test_article_versions_link_to_the_previous_one(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.add_article(version())
    catalog.add_article(version(fetched_at="2024-02-01T00:00:00+00:00", json_path="articles/x/abc-2.json",
                                content_hash="sha256:2"))
    first, second = catalog.articles()
    assert first["previous_version"] is None
    assert second["previous_version"] == first["id"]
    assert catalog.latest_version("abc")["json_path"] == "articles/x/abc-2.json"
    catalog.close()
