"""A site's ``max_age`` keeps new old articles out of a site crawl: entries
and links dated older (by the listing, else by the day in their URL) are not
followed, and an article published earlier is dropped with the reason.  An
article the archive has is revisited whatever its age."""
import logging
import re
import sys
from datetime import UTC, datetime, timedelta

import pytest

from archive_runs import EDITED, later, run_reports, write_sites_file
from archive_runs import run as archive_run
from archive_site import start_site
from newsarchive.archive.catalog import ArticleVersion, Catalog
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.demo.server import edit_article, running_demo_site
from newsarchive.items import Article, Draft, Evidence
from newsarchive.pipelines.age import MaxAgePipeline
from newsarchive.pipelines.extract import PageDropped
from newsarchive.spiders.listed import split_by_age
from newsarchive.utils.listing import Entry
from archives import storage_at
from test_spider_site import page, read_jsonl, run, site_spider

NOW = datetime(2024, 7, 3, 12, 0, tzinfo=UTC)


def test_an_undated_entry_is_dated_by_the_day_in_its_url():
    entries = [Entry("http://a.test/2024/06/20/old.html"), Entry("http://a.test/2024/07/02/new.html"),
               Entry("http://a.test/news/undated.html"), Entry("http://a.test/2024/06/01/x.html", NOW)]
    kept, too_old = split_by_age(entries, timedelta(days=2), now=NOW)
    assert [e.url for e in kept] == ["http://a.test/2024/07/02/new.html", "http://a.test/news/undated.html",
                                     "http://a.test/2024/06/01/x.html"]  # its own date says it is recent
    assert too_old == 1


def archive_article(catalog: Catalog, url: str, article_id: str = "0123456789abcdef") -> None:
    """Catalogue an article version fetched from ``url`` in 2020."""
    catalog.add_article(ArticleVersion(article_id=article_id, url=url, site="a.test", date="2020-01-02",
                                       headline="Old", published=None, fetched_at="2020-01-02T12:00:00+00:00",
                                       content_hash="sha256:1", json_path=f"articles/{article_id}.json",
                                       capture_record_id=None))


@pytest.fixture
def storage(tmp_path):
    """The archive in ``tmp_path/archive``, where ``site_spider`` keeps its archive."""
    storage = storage_at(tmp_path / "archive")
    yield storage
    storage.catalog.close()


@pytest.fixture
def catalog(storage):
    return storage.catalog


def test_an_entry_older_than_max_age_is_kept_when_the_archive_has_its_article():
    entries = [Entry("http://a.test/2024/06/20/archived.html"), Entry("http://a.test/2024/06/21/new.html")]
    kept, too_old = split_by_age(entries, timedelta(days=2), now=NOW,
                                 archived=lambda url: url.endswith("/archived.html"))
    assert [e.url for e in kept] == ["http://a.test/2024/06/20/archived.html"]
    assert too_old == 1


def test_the_day_in_a_url_counts_until_it_has_ended_everywhere():
    url = [Entry("http://a.test/2024/07/01/x.html")]
    assert split_by_age(url, timedelta(hours=23), now=datetime(2024, 7, 2, 12, tzinfo=UTC))[1] == 0
    assert split_by_age(url, timedelta(hours=23), now=datetime(2024, 7, 3, 12, tzinfo=UTC))[1] == 1


SECTION = '''<html><head><title>World</title></head><body><h1>World</h1>
<a href="/world/2020/01/02/old.html">Old</a> <a href="/world/story.html">Undated</a>
<a href="/world/{today}/new.html">New</a></body></html>'''


def test_a_site_crawl_does_not_follow_links_dated_older_than_max_age(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    today = datetime.now(UTC).strftime("%Y/%m/%d")
    spider = site_spider(tmp_path, 'sections = ["https://a.test/world/"]\nmax_age = "2d"')
    _, requests = page(spider, "https://a.test/world/", SECTION.format(today=today), depth=0, section=True)
    assert [r.url for r in requests] == ["https://a.test/world/story.html", f"https://a.test/world/{today}/new.html"]
    assert spider.crawler.stats.get_value("site/too_old_links") == 1
    assert "https://a.test/world/: skipped 1 links dated older than 2d" in caplog.text
    spider = site_spider(tmp_path, 'sections = ["https://a.test/world/"]')  # no max_age: every link
    assert len(page(spider, "https://a.test/world/", SECTION.format(today=today), depth=0, section=True)[1]) == 3


def test_a_site_crawl_follows_an_old_link_to_an_article_the_archive_has(tmp_path, catalog):
    archive_article(catalog, "https://a.test/world/2020/01/02/old.html")
    today = datetime.now(UTC).strftime("%Y/%m/%d")
    spider = site_spider(tmp_path, 'sections = ["https://a.test/world/"]\nmax_age = "2d"')
    _, requests = page(spider, "https://a.test/world/", SECTION.format(today=today), depth=0, section=True)
    assert [r.url for r in requests] == ["https://a.test/world/2020/01/02/old.html", "https://a.test/world/story.html",
                                         f"https://a.test/world/{today}/new.html"]  # its revisit policy decides
    assert spider.crawler.stats.get_value("site/too_old_links") is None


def draft(published: str | None, max_age: timedelta | None) -> Draft:
    article = Article(url="http://a.test/news/1", id="0123456789abcdef", published=published,
                      fetched_at="2024-07-03T12:00:00+00:00")
    return Draft(article=article, evidence=Evidence(url=article.url, tree=None), max_age=max_age)


@pytest.mark.parametrize("published, max_age, dropped", [
    ("2024-06-30T12:00:00+02:00", timedelta(days=2), True),
    ("2024-07-02T12:00:00+00:00", timedelta(days=2), False),
    ("2024-06-30T12:00:00", timedelta(days=2), True),  # no zone: UTC
    ("2024-07-01", timedelta(days=2), False),  # a day alone: it may have ended as late as 2 July, noon UTC
    ("2024-06-29", timedelta(days=2), True),
    (None, timedelta(days=2), False),  # no date: kept
    ("2020-01-01T00:00:00+00:00", None, False),  # no max_age
])
def test_an_article_published_longer_before_its_fetch_than_max_age_is_dropped(published, max_age, dropped,
                                                                             storage):
    item = draft(published, max_age)
    if not dropped:
        assert MaxAgePipeline(storage).process_item(item) is item
        return
    with pytest.raises(PageDropped, match=re.escape(f"too old: http://a.test/news/1: published {published}, "
                                                    "more than 2d before it was fetched (max_age)")) as dropped:
        MaxAgePipeline(storage).process_item(item)
    assert dropped.value.reason == f"too old: published {published}, more than 2d before it was fetched (max_age)"


def test_an_article_the_archive_has_is_kept_whatever_its_age(storage, catalog):
    archive_article(catalog, "http://a.test/news/1?from=rss")  # the same article (its id), from another URL
    item = draft("2020-01-01T00:00:00+00:00", timedelta(days=2))
    assert MaxAgePipeline(storage).process_item(item) is item


def test_a_site_crawl_keeps_an_old_article_reached_without_a_date_out_of_the_archive(tmp_path):
    site = start_site()  # its articles were published in March 2024; their URLs carry no date
    try:
        (tmp_path / "sites.toml").write_text(f'[[site]]\nname = "a"\nstart_urls = ["{site.base}/news/1.html"]\n'
                                             'max_age = "1w"\n', encoding="utf-8")
        out = tmp_path / "articles.jsonl"
        done = run([sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml", "-o", str(out),
                    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "TELNETCONSOLE_ENABLED=0"], cwd=tmp_path)
    finally:
        site.shutdown()
    assert done.returncode == 0, done.stderr
    assert read_jsonl(out) == []
    assert f"Dropped: too old: {site.base}/news/1.html: published 2024-03-02T10:00:00+01:00, more than 7d" \
        in done.stderr
    assert not any("/img/" in path for path in site.requested)  # its pictures were not fetched
    assert not list((tmp_path / "archive" / "articles").rglob("*.json"))


def test_an_archived_article_older_than_max_age_is_revisited_and_its_edit_becomes_a_new_version(tmp_path):
    archive = tmp_path / "archive"
    with running_demo_site() as origin:  # its articles were published in 2024, their URLs name the day
        archive_run(write_sites_file(tmp_path, origin), archive)
        edit_article(origin, EDITED, "Port of Calder reopens after three-day", "Port of Calder reopens after four-day")
        revisit = archive_run(write_sites_file(tmp_path, origin, extra='max_age = "1d"\n'), archive, later(20))
    report = run_reports(archive)[-1]
    assert (report["revisited"], report["new_versions"], report["unchanged"]) == (len(ARTICLES), 1, len(ARTICLES) - 1)
    assert report["new_articles"] == 0
    assert "too old" not in revisit.stderr and "Dropped" not in revisit.stderr
    catalog = Catalog(archive / "catalog.sqlite")
    try:
        versions = catalog.versions(catalog.article_id_of(origin + EDITED))
    finally:
        catalog.close()
    assert [v["headline"] for v in versions] == ["Port of Calder reopens after three-day dockworkers’ strike",
                                                 "Port of Calder reopens after four-day dockworkers’ strike"]
