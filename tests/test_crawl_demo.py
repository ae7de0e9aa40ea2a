"""Real crawls of the demo site through the project's settings and pipelines.

Each crawl runs in a subprocess: Twisted's reactor cannot be restarted in
one pytest process.
"""
import json
import os
import subprocess
import sys

import pytest
from scrapy.exceptions import UsageError

from newsarchive.demo.catalogue import ARTICLES
from test_commands import free_port
from newsarchive.spiders.sitemap import NewsSitemapSpider

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_a_sitemap_crawl_from_robots_txt_yields_every_article_and_no_listing_page(demo_site, tmp_path):
    out = tmp_path / "articles.jsonl"
    done = run([sys.executable, "-m", "scrapy", "crawl", "sitemap", "-a", f"url={demo_site}/robots.txt",
                "-O", str(out), *FAST], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    articles = {a["url"]: a for a in read_jsonl(out)}
    assert set(articles) == {demo_site + a.path for a in ARTICLES}  # no home or section page
    for article in ARTICLES:
        extracted = articles[demo_site + article.path]
        assert extracted["headline"] == article.headline
        assert len(extracted["body"]) > 200
    assert f"not an article: {demo_site}/world/" in done.stderr  # the sections were fetched, and dropped


def test_newsarchive_demo_crawls_the_site_and_says_what_it_skipped(tmp_path):
    done = run([sys.executable, "-m", "newsarchive.cli", "demo", "--port", str(free_port())], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "output" / "demo-articles.jsonl"
    articles = read_jsonl(out)
    assert len(articles) == len(ARTICLES)
    assert all(a["headline"] and a["body"] for a in articles)
    lines = done.stdout.splitlines()
    assert f"{len(ARTICLES)} articles written to output/demo-articles.jsonl" in lines
    assert "6 pages skipped:" in lines  # the home page and the five sections
    skipped = " ".join(lines[lines.index("6 pages skipped:") + 1:])
    assert all(path in skipped for path in ("/", "/world/", "/politics/", "/business/", "/science/", "/culture/"))
    assert "Scrapy" not in done.stderr  # the crawl's log only with -v
    assert f"{len(ARTICLES)} article version(s) as JSON" in done.stdout  # the archive is kept
    assert "Browse, search and replay it in a web browser:" in done.stdout
    assert "serve --archive-dir output/demo-archive" in done.stdout


def test_the_sitemap_spider_reads_the_sitemaps_it_is_given():
    spider = NewsSitemapSpider(url="http://a.test/sitemap.xml, http://a.test/robots.txt")
    assert spider.sitemap_urls == ["http://a.test/sitemap.xml", "http://a.test/robots.txt"]


@pytest.mark.parametrize("kwargs, message", [({}, "give the sitemap"), ({"url": "a.test/sitemap.xml"}, "not an http")])
def test_the_sitemap_spider_needs_a_sitemap_url(kwargs, message):
    with pytest.raises(UsageError, match=message):
        NewsSitemapSpider(**kwargs)
