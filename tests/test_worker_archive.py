"""The archive of a shared run: a worker's rows go to a catalogue of its own
while the archive's is only read, and are merged into it after the run."""
import json
from pathlib import Path

from newsarchive.archive.search import ArticleQuery, find_articles
from newsarchive.archive.catalog import ArticleVersion, Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.workers import WorkerCatalog, merge_worker_catalogs, worker_catalog_path


def version(article_id: str, fetched_at: str, content_hash: str) -> ArticleVersion:
    return ArticleVersion(article_id=article_id, url=f"http://a.test/{article_id}.html", site="a.test",
                          date="2024-03-01", headline=article_id, published=None, fetched_at=fetched_at,
                          content_hash=content_hash, json_path=f"articles/{article_id}-{fetched_at}.json",
                          capture_record_id=None)


def stored(layout: ArchiveLayout, row: ArticleVersion) -> Path:
    path = layout.root / row.json_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"headline": row.headline, "body": f"Body of {row.content_hash} here."}),
                    encoding="utf-8")
    return path


def test_a_worker_writes_its_own_catalogue_and_reads_the_archives(tmp_path):
    layout = ArchiveLayout(tmp_path)
    with Catalog(layout.catalog_path) as archive:
        archive.add_article(version("old", "2024-03-01T10:00:00", "h-old"))
    catalog = WorkerCatalog(worker_catalog_path(layout, "w1"), Catalog(layout.catalog_path, read_only=True))
    catalog.add_article(version("new", "2024-03-01T11:00:00", "h-new"))
    assert catalog.article_id_of("http://a.test/old.html") == "old"  # what the archive had
    assert [row["article_id"] for row in catalog.articles()] == ["new"]  # what the worker wrote
    catalog.close()
    with Catalog(layout.catalog_path, read_only=True) as archive:
        assert archive.article_id_of("http://a.test/new.html") is None  # not written during the run


def test_the_merge_keeps_new_versions_in_fetch_order_and_drops_a_page_stored_twice(tmp_path):
    layout = ArchiveLayout(tmp_path)
    with Catalog(layout.catalog_path) as archive:
        archive.add_article(version("a", "2024-03-01T10:00:00", "h1"))
    twice = version("a", "2024-03-02T10:00:05", "h2")  # fetched again after the worker that had it died
    rows = {"w1": [version("a", "2024-03-02T10:00:00", "h2"), version("b", "2024-03-02T10:00:00", "hb")],
            "w2": [twice, version("a", "2024-03-02T11:00:00", "h3")]}
    for worker, versions in rows.items():
        with Catalog(worker_catalog_path(layout, worker)) as part:
            for row in versions:
                part.add_article(row)
                stored(layout, row)
    with Catalog(layout.catalog_path) as archive:
        assert merge_worker_catalogs(layout, archive) == (0, 3)
        chain = [(row["content_hash"], row["previous_version"]) for row in archive.versions("a")]
        assert [content for content, _ in chain] == ["h1", "h2", "h3"]
        ids = [row["id"] for row in archive.versions("a")]
        assert [previous for _, previous in chain] == [None, ids[0], ids[1]]  # each after the one before
        assert archive.latest_version("b")["content_hash"] == "hb"
        found = find_articles(archive.conn, ArticleQuery(words="body"))  # the merged versions are searched
        assert {(a.article_id, a.json_path) for a in found.articles} == {
            ("a", archive.latest_version("a")["json_path"]), ("b", archive.latest_version("b")["json_path"])}
        assert find_articles(archive.conn, ArticleQuery(words="h3")).total == 1
        assert merge_worker_catalogs(layout, archive) == (0, 0)  # nothing left to merge
    assert not (layout.root / twice.json_path).exists()
    assert not list(layout.worker_catalogs_dir.iterdir())
