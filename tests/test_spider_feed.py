"""The feed spider: RSS, Atom and JSON Feed read safely, items fetched."""
import json
import os
import resource
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from scrapy.exceptions import UsageError
from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from newsarchive.demo import pages
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.spiders.feed import NewsFeedSpider
from newsarchive.utils.feed import parse_feed
from newsarchive.utils.listing import Entry, ListingError, listing_kind

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]
UTC = timezone.utc

#: Nine levels of ten: a billion "lol"s (3 GB) if a parser expanded them.
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + ']>\n<rss version="2.0"><channel><title>&lol9;</title>'
                    '<item><title>&lol9;</title><link>http://a.test/1</link></item></channel></rss>').encode()
EXTERNAL_ENTITY = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
                   b'<rss version="2.0"><channel><item><title>&secret;</title><link>http://a.test/1</link>'
                   b'</item></channel></rss>')


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_rss_items_give_their_link_or_permalink_guid_and_date():
    feed = b'''<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <item><atom:link href="http://a.test/ignored"/><link> http://a.test/one </link>
            <pubDate>Mon, 01 Jul 2024 06:00:00 +0200</pubDate></item>
      <item><guid isPermaLink="true">http://a.test/two</guid></item>
      <item><guid isPermaLink="false">tag:a.test,2024:3</guid></item>
      <item><link>/four</link><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2024-07-02</dc:date></item>
    </channel></rss>'''
    assert parse_feed(feed, "http://a.test/rss.xml") == [
        Entry("http://a.test/one", datetime(2024, 7, 1, 4, tzinfo=UTC)),
        Entry("http://a.test/two"),
        Entry("http://a.test/four", datetime(2024, 7, 2, tzinfo=UTC)),
    ]


def test_rss_1_0_items():
    feed = b'''<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <item rdf:about="http://a.test/a"><title>A</title></item>
      <item rdf:about="http://a.test/b"><link>http://a.test/b2</link></item></rdf:RDF>'''
    assert [e.url for e in parse_feed(feed, "http://a.test/")] == ["http://a.test/a", "http://a.test/b2"]


def test_atom_entries_give_their_alternate_link_and_newest_date():
    feed = b'''<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><link rel="enclosure" href="http://a.test/x.mp3"/><link href="/story"/>
             <published>2024-07-01T06:00:00Z</published><updated>2024-07-03T08:00:00+02:00</updated></entry>
      <entry><link rel="alternate" type="text/html" href="http://a.test/other"/></entry>
      <entry><link rel="edit" href="http://a.test/edit/9"/></entry></feed>'''
    assert parse_feed(feed, "http://a.test/atom.xml") == [
        Entry("http://a.test/story", datetime(2024, 7, 3, 6, tzinfo=UTC)), Entry("http://a.test/other")]


def test_json_feed_items():
    feed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "url": "http://a.test/1", "date_published": "2024-07-01T06:00:00+01:00"},
        {"id": "2", "external_url": "/2", "date_modified": "not a date"},
        {"id": "3"}, "junk"]}).encode()
    assert parse_feed(feed, "http://a.test/feed.json") == [
        Entry("http://a.test/1", datetime(2024, 7, 1, 5, tzinfo=UTC)), Entry("http://a.test/2")]


@pytest.mark.parametrize("render", [pages.rss_feed, pages.atom_feed, pages.json_feed])
def test_each_demo_feed_lists_every_article(render):
    body = render("http://demo.test")
    body = body.encode() if isinstance(body, str) else body
    entries = parse_feed(body, "http://demo.test/feed")
    assert listing_kind(body, "http://demo.test/feed") == "feed"
    assert {e.url for e in entries} == {"http://demo.test" + a.path for a in ARTICLES}
    assert all(e.date for e in entries)


@pytest.mark.parametrize("body, message", [
    (b"<html><body>Not a feed</body></html>", "not a feed: the document is <html>"),
    (b"", "no XML document|not well-formed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', 'no "items" list'),
    (b"{broken", "not valid JSON"),
])
def test_what_is_not_a_feed_is_refused_with_the_reason(body, message):
    with pytest.raises(ListingError, match=message):
        parse_feed(body, "http://a.test/feed")


def test_an_entity_bomb_is_refused_without_expanding_it():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ListingError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS, "http://a.test/feed")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50_000  # 3 GB if the entities had been expanded


def test_an_external_entity_is_refused():
    with pytest.raises(ListingError, match="declares XML entities"):
        parse_feed(EXTERNAL_ENTITY, "http://a.test/feed")


def feed_spider(**kwargs) -> NewsFeedSpider:
    return NewsFeedSpider.from_crawler(get_crawler(NewsFeedSpider), **kwargs)


def test_the_feed_spider_fetches_the_items_not_older_than_max_age():
    spider = feed_spider(url="http://a.test/feed.json", max_age="2d")
    now = datetime.now(UTC)
    body = json.dumps({"version": "https://jsonfeed.org/version/1", "items": [
        {"url": "http://a.test/new", "date_published": (now - timedelta(days=1)).isoformat()},
        {"url": "http://a.test/old", "date_published": (now - timedelta(days=3)).isoformat()},
        {"url": "http://a.test/undated"}]}).encode()
    response = XmlResponse("http://a.test/feed.json", body=body, request=Request("http://a.test/feed.json"))
    requests = list(spider.parse_listing(response))
    assert [r.url for r in requests] == ["http://a.test/new", "http://a.test/undated"]
    assert all(r.callback == spider.parse_article for r in requests)
    assert spider.crawler.stats.get_value("listed/too_old") == 1


def test_the_feed_spider_refuses_a_sitemap(caplog):
    spider = feed_spider(url="http://a.test/sitemap.xml")
    response = XmlResponse("http://a.test/sitemap.xml", body=pages.news_sitemap("http://a.test"),
                           request=Request("http://a.test/sitemap.xml"))
    assert list(spider.parse_listing(response)) == []
    assert "refused http://a.test/sitemap.xml: not a feed but a sitemap" in caplog.text


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give the feed to read"), ({"url": "a.test/rss"}, "not an http"),
    ({"url": "http://a.test/rss", "max_age": "soon"}, "max_age: not a duration"),
])
def test_the_feed_spider_needs_a_feed_url_and_a_valid_max_age(kwargs, message):
    with pytest.raises(UsageError, match=message):
        NewsFeedSpider(**kwargs)


def test_a_feed_crawl_of_the_demo_site_yields_every_article_and_nothing_else(demo_site, tmp_path):
    out = tmp_path / "articles.jsonl"
    feeds = ",".join(f"{demo_site}{path}" for path in ("/feed.xml", "/atom.xml", "/feed.json"))
    done = run([sys.executable, "-m", "scrapy", "crawl", "feed", "-a", f"url={feeds}", "-O", str(out), *FAST],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    articles = read_jsonl(out)
    assert sorted(a["url"] for a in articles) == sorted(demo_site + a.path for a in ARTICLES)  # each once
    assert "refused" not in done.stderr and "not an article" not in done.stderr


@pytest.fixture
def static_site(tmp_path):
    """A loopback server for the files of ``tmp_path/site``."""
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_crawl_refuses_an_entity_bomb_feed_and_says_why(static_site, tmp_path):
    root, origin = static_site
    (root / "bomb.xml").write_bytes(BILLION_LAUGHS)
    done = run([sys.executable, "-m", "scrapy", "crawl", "feed", "-a", f"url={origin}/bomb.xml", *FAST],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"refused {origin}/bomb.xml: the document declares XML entities" in done.stderr
    assert "a.test" not in done.stderr  # its item was not followed
