"""Clean article JSON: layout, content hash, atomic writes, the store pipeline."""
import json
from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsarchive.archive.catalog import Catalog
from newsarchive.archive.articles import content_hash, relative_json_path, write_json_atomic
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.items import Article
from newsarchive.pipelines.store import StoreArticlePipeline

from archives import storage_at


def article(**fields) -> Article:
    values = dict(url="http://News.test:8080/2024/story", id="0123456789abcdef", headline="Story",
                  body="Text.", published="2024-03-05T23:30:00-05:00", fetched_at="2026-01-02T03:04:05+00:00")
    return Article(**{**values, **fields})


def test_path_by_site_and_publication_date_else_fetch_date():
    assert relative_json_path(article().to_dict()) == \
        Path("articles/news.test/2024/03/05/0123456789abcdef-20260102030405.json")
    assert relative_json_path(article(published=None).to_dict()) == \
        Path("articles/news.test/2026/01/02/0123456789abcdef-20260102030405.json")


def test_content_hash_ignores_when_and_how_it_was_fetched():
    one = article().to_dict()
    again = article(fetched_at="2027-01-01T00:00:00+00:00", capture={"record_id": "x"}).to_dict()
    assert content_hash(one) == content_hash(again)
    assert content_hash(one) != content_hash(article(body="Other text.").to_dict())


def test_atomic_write_leaves_the_whole_file_or_nothing(tmp_path):
    path = tmp_path / "a" / "b.json"
    write_json_atomic(path, {"headline": "Été"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"headline": "Été"}
    with pytest.raises(TypeError):
        write_json_atomic(path, {"headline": object()})
    assert json.loads(path.read_text(encoding="utf-8")) == {"headline": "Été"}
    assert [p.name for p in path.parent.iterdir()] == ["b.json"]


def test_store_pipeline_writes_a_version_once_and_a_changed_one_again(tmp_path):
    layout = ArchiveLayout(tmp_path)
    storage = storage_at(layout.root)
    pipeline = StoreArticlePipeline(storage, MemoryStatsCollector(get_crawler()))
    capture = {"record_id": "<urn:uuid:1>", "warc_file": "x.warc.gz", "offset": 0}
    assert pipeline.process_item(article(capture=capture)).headline == "Story"
    pipeline.process_item(article(fetched_at="2026-02-02T00:00:00+00:00"))
    pipeline.process_item(article(body="Corrected text.", fetched_at="2026-03-03T00:00:00+00:00"))
    storage.close()
    files = sorted(tmp_path.rglob("*.json"))
    assert [f.name for f in files] == ["0123456789abcdef-20260102030405.json", "0123456789abcdef-20260303000000.json"]
    assert json.loads(files[0].read_text(encoding="utf-8"))["capture"] == capture
    rows = Catalog(layout.catalog_path).articles()
    assert [r["json_path"] for r in rows] == [f.relative_to(tmp_path).as_posix() for f in files]
    assert rows[0]["capture_record_id"] == "<urn:uuid:1>" and rows[1]["previous_version"] == rows[0]["id"]
    assert pipeline.stats.get_stats() == {"newsarchive/new_articles": 1, "newsarchive/unchanged": 1,
                                          "newsarchive/new_versions": 1}


def test_an_article_that_cannot_be_written_is_one_error_and_the_next_is_stored(tmp_path, caplog):
    """As on a full disk: the folder of the first article is a file."""
    layout = ArchiveLayout(tmp_path)
    storage = storage_at(layout.root)
    pipeline = StoreArticlePipeline(storage, MemoryStatsCollector(get_crawler()))
    blocked = tmp_path / "articles" / "news.test"
    blocked.parent.mkdir()
    blocked.write_text("in the way", encoding="utf-8")
    first = article()
    assert pipeline.process_item(first) is first
    assert pipeline.stats.get_value("newsarchive/store_failed") == 1
    assert f"article not stored: {first.url}" in caplog.text
    pipeline.process_item(article(url="http://other.test/2024/story", id="fedcba9876543210"))
    storage.close()
    assert [r["url"] for r in Catalog(layout.catalog_path).articles()] == ["http://other.test/2024/story"]
