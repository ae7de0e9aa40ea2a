"""The sitemap spider: url sets, indexes, Google News sitemaps, age limits."""
import gzip
import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from scrapy.http import Request, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from newsarchive.demo import pages
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.spiders.listed import split_by_age
from newsarchive.utils.listing import Entry, ListingError, listing_kind
from newsarchive.utils.sitemap import parse_sitemap, sitemap_body
from newsarchive.spiders.sitemap import NewsSitemapSpider

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"]
UTC = timezone.utc
URLSET = b'''<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://a.test/news/1</loc>
       <news:news><news:publication><news:name>A</news:name></news:publication>
       <news:publication_date>2024-07-01T06:00:00+02:00</news:publication_date></news:news></url>
  <url><loc>http://a.test/news/2</loc><lastmod>2024-07-02</lastmod>
       <news:news><news:publication_date>2024-06-01T00:00:00Z</news:publication_date></news:news></url>
  <url><loc> http://a.test/page </loc></url>
  <url><lastmod>2024-07-02</lastmod></url>
</urlset>'''
INDEX = b'''<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://a.test/s1.xml.gz</loc><lastmod>2024-07-01T00:00:00Z</lastmod></sitemap>
  <sitemap><loc>http://a.test/s2.xml</loc></sitemap></sitemapindex>'''


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_a_news_sitemap_gives_each_page_with_its_newest_date():
    is_index, entries = parse_sitemap(URLSET)
    assert not is_index
    assert entries == [Entry("http://a.test/news/1", datetime(2024, 7, 1, 4, tzinfo=UTC)),
                       Entry("http://a.test/news/2", datetime(2024, 7, 2, tzinfo=UTC)),
                       Entry("http://a.test/page")]


def test_a_sitemap_index_gives_its_sitemaps():
    assert parse_sitemap(INDEX) == (True, [Entry("http://a.test/s1.xml.gz", datetime(2024, 7, 1, tzinfo=UTC)),
                                           Entry("http://a.test/s2.xml")])


def test_a_gzipped_sitemap_is_decompressed_within_the_size_limit():
    body = gzip.compress(URLSET)
    assert sitemap_body(body, max_size=10_000) == URLSET
    with pytest.raises(ListingError, match="larger than 100 bytes once decompressed"):
        sitemap_body(body, max_size=100)
    with pytest.raises(ListingError, match="broken gzip file"):
        sitemap_body(body[:5], max_size=0)


@pytest.mark.parametrize("body, message", [
    (pages.rss_feed("http://a.test"), "not a sitemap: the document is <rss>"),
    (b'<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>',
     "declares XML entities"),
])
def test_what_is_not_a_safe_sitemap_is_refused(body, message):
    with pytest.raises(ListingError, match=message):
        parse_sitemap(body)


@pytest.mark.parametrize("body, url, kind", [
    (URLSET, "http://a.test/s.xml", "sitemap"),
    (INDEX, "http://a.test/s", "sitemap"),
    (gzip.compress(URLSET), "http://a.test/s.xml.gz", "sitemap"),
    (b"User-agent: *\nSitemap: http://a.test/s.xml", "http://a.test/robots.txt", "robots"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated --><rss version="2.0"/>', "http://a.test/rss", "feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"/>', "http://a.test/atom", "feed"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": []}', "http://a.test/f.json", "feed"),
    (b'{"some": "json"}', "http://a.test/api", None),
    (b"<!DOCTYPE html><html><body><urlset/></body></html>", "http://a.test/", None),
])
def test_listing_kind_reads_the_document_not_its_name(body, url, kind):
    assert listing_kind(body, url) == kind


def test_entries_older_than_max_age_are_split_off_undated_ones_kept():
    now = datetime(2024, 7, 3, tzinfo=UTC)
    _, entries = parse_sitemap(URLSET)
    kept, too_old = split_by_age(entries, timedelta(days=1, hours=12), now=now)
    assert [e.url for e in kept] == ["http://a.test/news/2", "http://a.test/page"]
    assert too_old == 1
    assert split_by_age(entries, None, now=now) == (entries, 0)


def sitemap_spider(**kwargs) -> NewsSitemapSpider:
    return NewsSitemapSpider.from_crawler(get_crawler(NewsSitemapSpider), **kwargs)


def xml_response(url: str, body: bytes) -> Response:
    return XmlResponse(url, body=body, request=Request(url))


def test_the_spider_follows_robots_txt_and_indexes_to_the_pages():
    spider = sitemap_spider(url="http://a.test/robots.txt")
    robots = TextResponse("http://a.test/robots.txt", body=b"Sitemap: /index.xml\n", request=Request("http://a.test/robots.txt"))
    assert [(r.url, r.callback) for r in spider.parse_listing(robots)] == [("http://a.test/index.xml", spider.parse_listing)]
    index = list(spider.parse_listing(xml_response("http://a.test/index.xml", INDEX)))
    assert [(r.url, r.callback) for r in index] == [("http://a.test/s1.xml.gz", spider.parse_listing),
                                                    ("http://a.test/s2.xml", spider.parse_listing)]
    pages_ = list(spider.parse_listing(xml_response("http://a.test/s2.xml", URLSET)))
    assert [(r.url, r.callback) for r in pages_] == [(u, spider.parse_article) for u in
                                                     ("http://a.test/news/1", "http://a.test/news/2", "http://a.test/page")]


def test_the_spider_counts_the_entries_it_skips_for_age(caplog):
    caplog.set_level(logging.INFO)
    spider = sitemap_spider(url="http://a.test/s.xml", max_age="30d")
    requests = list(spider.parse_listing(xml_response("http://a.test/s.xml", URLSET)))
    assert [r.url for r in requests] == ["http://a.test/page"]  # the dated news are years old
    assert spider.crawler.stats.get_value("listed/too_old") == 2
    assert "http://a.test/s.xml: skipped 2 entries older than 30d" in caplog.text


def test_an_age_limit_skips_the_old_sitemaps_of_an_index():
    spider = sitemap_spider(url="http://a.test/index.xml", max_age="30d")
    assert [r.url for r in spider.parse_listing(xml_response("http://a.test/index.xml", INDEX))] == \
        ["http://a.test/s2.xml"]  # s1 was last modified in 2024


def test_a_sitemap_crawl_with_an_age_limit_fetches_only_the_recent_articles(demo_site, tmp_path):
    since = datetime(2024, 8, 1, tzinfo=UTC)
    days = (datetime.now(UTC) - since).days  # the cutoff falls on 1 or 2 August 2024
    recent = {demo_site + a.path for a in ARTICLES if datetime.fromisoformat(a.published) > since}
    assert 0 < len(recent) < len(ARTICLES)
    out = tmp_path / "articles.jsonl"
    done = run([sys.executable, "-m", "scrapy", "crawl", "sitemap", "-a", f"url={demo_site}/sitemap.xml",
                "-a", f"max_age={days}d", "-O", str(out), *FAST], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {json.loads(line)["url"] for line in out.read_text().splitlines()} == recent
    assert f"skipped {len(ARTICLES) - len(recent)} entries older than {days}d" in done.stderr
    assert f"'listed/too_old': {len(ARTICLES) - len(recent)}" in done.stderr
