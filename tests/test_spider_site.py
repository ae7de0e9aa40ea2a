"""The site spider: configured sites crawled within their limits, and the
per-site selectors applied after generic extraction."""
import asyncio
import json
import logging
import os
import subprocess
import sys

import lxml.html
import pytest
from twisted.python.failure import Failure
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Request, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError

from archive_site import start_site
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.extraction.selectors import apply_selectors
from newsarchive.items import Article, Draft, Evidence
from newsarchive.middlewares.budget import OverBudget, SiteBudgetMiddleware
from newsarchive.spiders.site import SiteSpider

from archives import archiving_crawler

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]
SECTION = '''<html><head><title>Politics</title></head><body><h1>Politics</h1>
<a href="/politics/2024/05/02/bus.html">Bus</a> <a href="/politics/2024/05/02/bus.html#comments">Comments</a>
<a href="https://news.a.test/world/2024/05/03/storm.html">Storm</a> <a href="/tag/buses">Buses</a>
<a href="https://b.test/2024/05/02/elsewhere.html">Elsewhere</a> <a href="/files/report.pdf">Report</a>
<a href="mailto:desk@a.test">Mail</a> <a href="javascript:void(0)">Menu</a></body></html>'''
ARTICLE = '''<html><head><title>Bus network approved | A</title>
<link rel="canonical" href="https://a.test/politics/2024/05/02/bus.html">
<meta property="og:type" content="article"></head><body><article><h1>Bus network approved</h1>
<p class="by">By <span class="who">Ann Lee</span> and <span class="who">Bo Chen</span></p>
<span class="when" data-x="2 May 2024, 17:45">2 May 2024, 17:45</span>
<div class="text"><p>Six night routes will run seven days a week.</p><p>They start in September.</p></div>
<a href="/politics/2024/05/01/earlier.html">Earlier</a> <a href="/about">About us</a>
</article></body></html>'''


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def site_spider(tmp_path, settings: str) -> SiteSpider:
    """A site spider for site "a" of ``settings``, its archive in ``tmp_path/archive``."""
    path = tmp_path / "sites.toml"
    path.write_text('[[site]]\nname = "a"\n' + settings, encoding="utf-8")
    crawler = archiving_crawler(SiteSpider, tmp_path / "archive")
    return SiteSpider.from_crawler(crawler, sites=str(path))


def page(spider: SiteSpider, url: str, html: str, depth: int, **cb_kwargs) -> tuple[list[Draft], list[Request]]:
    """What the spider makes of an HTML page reached at ``depth``."""
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8",
                            request=Request(url, meta={"site": "a", "site_depth": depth}))
    out = list(spider.parse_page(response, **cb_kwargs))
    return [o for o in out if isinstance(o, Draft)], [o for o in out if isinstance(o, Request)]


def test_start_requests_go_to_the_reader_of_their_kind(tmp_path):
    spider = site_spider(tmp_path, 'start_urls = ["https://a.test/"]\nfeeds = ["https://a.test/rss"]\n'
                                   'sitemaps = ["https://a.test/s.xml"]\nsections = ["https://a.test/world/"]')

    async def starts():
        return [request async for request in spider.start()]

    requests = asyncio.run(starts())
    assert [(r.url, r.callback.__name__, r.cb_kwargs) for r in requests] == [
        ("https://a.test/", "parse_page", {"section": False}),
        ("https://a.test/rss", "parse_listing", {"kind": "feed"}),
        ("https://a.test/s.xml", "parse_listing", {"kind": "sitemap"}),
        ("https://a.test/world/", "parse_page", {"section": True})]
    site = spider.sites["a"]
    assert all(r.meta == {"site": "a", "max_pages": site.max_pages, "site_depth": 0, "allowed_domains": ("a.test",),
                          "revisit_after": site.revisit}
               for r in requests)


def test_a_section_page_gives_its_in_site_page_links_once_and_no_draft(tmp_path):
    spider = site_spider(tmp_path, 'sections = ["https://a.test/politics/"]')
    drafts, requests = page(spider, "https://a.test/politics/", SECTION, depth=0, section=True)
    assert drafts == []
    assert [r.url for r in requests] == ["https://a.test/politics/2024/05/02/bus.html",
                                         "https://news.a.test/world/2024/05/03/storm.html", "https://a.test/tag/buses"]
    assert all(r.meta["site_depth"] == 1 and r.callback == spider.parse_page for r in requests)
    assert page(spider, "https://a.test/politics/?page=2", SECTION, depth=0)[1] == []  # each URL once


def test_with_article_patterns_only_matching_pages_are_articles_and_the_last_hop_fetches_only_articles(tmp_path):
    spider = site_spider(tmp_path, 'sections = ["https://a.test/"]\narticle_urls = [\'/\\d{4}/\\d\\d/\\d\\d/\']\n'
                                   'max_depth = 1\n[site.selectors]\nauthors = ".who"')
    drafts, requests = page(spider, "https://a.test/politics/", SECTION, depth=0)
    assert drafts == []  # not an article URL
    assert [r.url for r in requests] == ["https://a.test/politics/2024/05/02/bus.html",
                                         "https://news.a.test/world/2024/05/03/storm.html"]  # no /tag/buses
    drafts, requests = page(spider, "https://a.test/politics/2024/05/02/bus.html", ARTICLE, depth=1)
    assert [d.article.url for d in drafts] == ["https://a.test/politics/2024/05/02/bus.html"]
    assert drafts[0].evidence.selectors == {"authors": ".who"}
    assert requests == []  # at max_depth


def test_without_patterns_plain_listings_give_no_draft_and_other_pages_go_to_the_pipelines(tmp_path):
    spider = site_spider(tmp_path, 'start_urls = ["https://a.test/"]')
    home = '<html><head><title>A</title></head><body><a href="/x/story.html">Story</a></body></html>'
    drafts, requests = page(spider, "https://a.test/", home, depth=0)
    assert drafts == [] and [r.url for r in requests] == ["https://a.test/x/story.html"]
    drafts, requests = page(spider, "https://a.test/politics/2024/05/02/bus.html", ARTICLE, depth=1)
    assert len(drafts) == 1 and drafts[0].evidence.selectors == {}
    assert [r.url for r in requests] == ["https://a.test/politics/2024/05/01/earlier.html", "https://a.test/about"]


def test_a_page_whose_canonical_url_was_seen_is_not_taken_twice(tmp_path):
    spider = site_spider(tmp_path, 'start_urls = ["https://a.test/"]')
    assert len(page(spider, "https://a.test/politics/2024/05/02/bus.html", ARTICLE, depth=1)[0]) == 1
    assert page(spider, "https://a.test/politics/2024/05/02/bus.html?utm_source=rss", ARTICLE, depth=1) == ([], [])
    assert spider.crawler.stats.get_value("site/duplicates") == 1


def test_an_og_url_naming_the_home_page_makes_no_article_a_copy_of_it(tmp_path):
    """Sites that put their root in every page's og:url: the home page was
    seen, its articles are not copies of it."""
    spider = site_spider(tmp_path, 'start_urls = ["https://a.test/"]')
    spider.ledger.seen["a"].add("https://a.test/")
    html = ARTICLE.replace('<link rel="canonical" href="https://a.test/politics/2024/05/02/bus.html">',
                           '<meta property="og:url" content="https://a.test/">')
    assert "og:url" in html and "canonical" not in html
    assert len(page(spider, "https://a.test/politics/2024/05/02/bus.html", html, depth=1)[0]) == 1


def test_max_pages_bounds_the_requests_a_site_sends_pictures_included(tmp_path, caplog):
    budget = SiteBudgetMiddleware()
    meta = {"site": "a", "max_pages": 2}
    page = Request("https://a.test/1.html", meta=meta)
    picture = Request("https://cdn.test/1.jpg", meta=meta)
    assert budget.process_request(page) is None and budget.process_request(picture) is None
    for url in ("https://a.test/2.html", "https://cdn.test/2.jpg"):
        with pytest.raises(OverBudget, match=r"site a: max_pages \(2\) used up"):
            budget.process_request(Request(url, meta=meta))
    assert caplog.text.count("site a: max_pages (2) reached") == 1
    assert budget.process_request(Request("https://b.test/", meta={"site": "b", "max_pages": 1})) is None
    assert budget.process_request(Request("https://a.test/robots.txt")) is None  # no site: not counted


def test_feed_entries_outside_the_site_are_skipped(tmp_path):
    spider = site_spider(tmp_path, 'feeds = ["https://a.test/rss"]')
    feed = (b'<rss version="2.0"><channel><item><link>https://a.test/1</link></item>'
            b'<item><link>https://tracker.test/r/2</link></item></channel></rss>')
    response = XmlResponse("https://a.test/rss", body=feed,
                           request=Request("https://a.test/rss", meta={"site": "a", "site_depth": 0}))
    requests = list(spider.parse_listing(response, kind="feed"))
    assert [(r.url, r.meta["site_depth"]) for r in requests] == [("https://a.test/1", 1)]
    assert spider.crawler.stats.get_value("site/offsite_entries") == 1


def test_every_request_carries_its_sites_policy_and_an_http_error_is_logged(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    spider = site_spider(tmp_path, 'start_urls = ["https://a.test/"]\nmax_pages = 7')
    caplog.clear()
    gone = spider.site_request(spider.sites["a"], "https://a.test/gone.html", 1, spider.parse_page)
    assert {k: gone.meta[k] for k in ("site", "max_pages", "site_depth", "allowed_domains")} == {
        "site": "a", "max_pages": 7, "site_depth": 1, "allowed_domains": ("a.test",)}
    failure = Failure(HttpError(HtmlResponse(gone.url, status=410, request=gone)))
    failure.request = gone
    assert spider.fetch_failed(failure) is None
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("ERROR", "https://a.test/gone.html: HTTP 410")]
    assert spider.crawler.stats.get_value("http_error/count") == 1


@pytest.mark.parametrize("kwargs, message", [({}, "give the sites file"),
                                             ({"sites": "/nonexistent/sites.toml"}, "cannot read sites file")])
def test_the_site_spider_needs_a_readable_sites_file(kwargs, message):
    with pytest.raises(UsageError, match=message):
        SiteSpider(**kwargs)


# -- per-site selectors -------------------------------------------------------

def selected(selectors: dict[str, str], **fields) -> Article:
    article = Article(url="https://a.test/s", language="en", **fields)
    tree = lxml.html.document_fromstring(ARTICLE)
    apply_selectors(article, Evidence(url=article.url, tree=tree, selectors=selectors))
    return article


def test_selectors_override_fields_with_what_they_match():
    article = selected({"authors": "p.by .who", "published": "//span[@class='when']/@data-x",
                        "body": "div.text", "headline": "//article/h1/text()"}, headline="Generic")
    assert article.authors == ["Ann Lee", "Bo Chen"]
    assert article.published == "2024-05-02T17:45:00"
    assert article.body == "Six night routes will run seven days a week.\n\nThey start in September."
    assert article.headline == "Bus network approved"
    assert article.sources == {"authors": "selector", "published": "selector", "body": "selector",
                               "headline": "selector"}


def test_a_selector_that_matches_nothing_keeps_the_generic_value():
    article = selected({"headline": "h1.missing", "section": "//nav/a"}, headline="Generic")
    assert article.headline == "Generic" and article.section is None and article.sources == {}


# -- crawls of the demo site --------------------------------------------------

def test_a_site_crawl_by_classification_finds_every_article_and_drafts_no_listing(demo_site, tmp_path):
    (tmp_path / "sites.toml").write_text(f'[[site]]\nname = "demo"\nstart_urls = ["{demo_site}/"]\n',
                                         encoding="utf-8")
    out = tmp_path / "articles.jsonl"
    done = run([sys.executable, "-m", "scrapy", "crawl", "site", "-a", "sites=sites.toml", "-O", str(out), *FAST],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(a["url"] for a in read_jsonl(out)) == sorted(demo_site + a.path for a in ARTICLES)
    assert "not an article" not in done.stderr  # home and sections were known for listings: no Draft
    assert "refused" not in done.stderr  # the feeds the pages link to were read as feeds


def test_newsarchive_crawl_runs_one_site_of_the_file_with_its_patterns_and_selectors(demo_site, tmp_path):
    (tmp_path / "sites.toml").write_text(f'''
[[site]]
name = "elsewhere"
start_urls = ["http://127.0.0.1:9/"]

[[site]]
name = "demo"
feeds = ["{demo_site}/feed.json"]
sitemaps = ["{demo_site}/sitemap-index.xml"]
sections = ["{demo_site}/world/"]
article_urls = ['/\\d{{4}}/\\d\\d/\\d\\d/[\\w-]+\\.html$']
max_depth = 1
[site.selectors]
description = "//title"
''', encoding="utf-8")
    out = tmp_path / "articles.jsonl"
    done = run([sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml", "--only", "demo",
                "-o", str(out), "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "TELNETCONSOLE_ENABLED=0"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    articles = read_jsonl(out)
    assert sorted(a["url"] for a in articles) == sorted(demo_site + a.path for a in ARTICLES)
    assert all(a["sources"]["description"] == "selector" and a["description"] for a in articles)
    assert "127.0.0.1:9/" not in done.stderr  # the other site was not crawled
    assert "not an article" not in done.stderr  # the sitemap of sections gave no Draft: no URL matched


def test_a_redirect_to_another_host_is_not_followed_and_the_log_says_why(tmp_path):
    site = start_site()
    try:
        (tmp_path / "sites.toml").write_text(f'[[site]]\nname = "a"\nstart_urls = ["{site.base}/news/2.html", '
                                             f'"{site.base}/away/1.html"]\n', encoding="utf-8")
        out = tmp_path / "articles.jsonl"
        done = run([sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml", "-o", str(out),
                    *FAST[:4]], cwd=tmp_path)
    finally:
        site.shutdown()
    assert done.returncode == 0, done.stderr
    port = site.server_address[1]
    assert [a["url"] for a in read_jsonl(out)] == [f"{site.base}/news/2.html"]
    assert f"localhost:{port}/news/1.html" not in site.requested
    assert (f"not fetched: http://localhost:{port}/news/1.html: outside the domains of site a (127.0.0.1), "
            f"redirected from {site.base}/away/1.html") in done.stderr


def test_newsarchive_crawl_exits_non_zero_when_the_crawl_fails(tmp_path):
    (tmp_path / "sites.toml").write_text('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n',
                                         encoding="utf-8")  # the discard port: nothing listens
    done = run([sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml", "-s", "RETRY_TIMES=0",
                *FAST[:4]], cwd=tmp_path)
    assert done.returncode == 1
    assert "ERROR newsarchive: crawl FAILED (no response at all) after " in done.stderr
    assert ": 0 pages fetched, " in done.stderr


def test_newsarchive_crawl_into_an_archive_folder_that_is_a_file_says_so(tmp_path):
    (tmp_path / "sites.toml").write_text('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n',
                                         encoding="utf-8")
    done = run([sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml",
                "-s", "ARCHIVE_DIR=sites.toml"], cwd=tmp_path)
    assert done.returncode == 2
    assert "archive folder sites.toml: not a folder" in done.stderr and "Traceback" not in done.stderr
