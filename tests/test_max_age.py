"""A site's ``max_age`` keeps old articles out of a site crawl: entries and
links dated older (by the listing, else by the day in their URL) are not
followed, and an article published earlier is dropped with the reason."""
import logging
import re
import sys
from datetime import UTC, datetime, timedelta

import pytest

from archive_site import start_site
from newsarchive.items import Article, Draft, Evidence
from newsarchive.pipelines.age import MaxAgePipeline
from newsarchive.pipelines.extract import PageDropped
from newsarchive.spiders.listed import Entry, split_by_age
from test_spider_site import page, read_jsonl, run, site_spider

NOW = datetime(2024, 7, 3, 12, 0, tzinfo=UTC)


def test_an_undated_entry_is_dated_by_the_day_in_its_url():
    entries = [Entry("http://a.test/2024/06/20/old.html"), Entry("http://a.test/2024/07/02/new.html"),
               Entry("http://a.test/news/undated.html"), Entry("http://a.test/2024/06/01/x.html", NOW)]
    kept, too_old = split_by_age(entries, timedelta(days=2), now=NOW)
    assert [e.url for e in kept] == ["http://a.test/2024/07/02/new.html", "http://a.test/news/undated.html",
                                     "http://a.test/2024/06/01/x.html"]  # its own date says it is recent
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


def draft(published: str | None, max_age: timedelta | None) -> Draft:
    article = Article(url="http://a.test/news/1", published=published, fetched_at="2024-07-03T12:00:00+00:00")
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
def test_an_article_published_longer_before_its_fetch_than_max_age_is_dropped(published, max_age, dropped):
    item = draft(published, max_age)
    if not dropped:
        assert MaxAgePipeline().process_item(item) is item
        return
    with pytest.raises(PageDropped, match=re.escape(f"too old: http://a.test/news/1: published {published}, "
                                                    "more than 2d before it was fetched (max_age)")) as dropped:
        MaxAgePipeline().process_item(item)
    assert dropped.value.reason == f"too old: published {published}, more than 2d before it was fetched (max_age)"


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
