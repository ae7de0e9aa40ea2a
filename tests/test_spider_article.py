import logging
import os
import subprocess
import sys

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newsarchive.spiders.article import ArticleSpider


def test_urls_from_argument_and_file(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("# my list\nhttp://a.test/1\n\n  https://b.test/2  \n", encoding="utf-8")
    spider = ArticleSpider(url="http://c.test/3,http://c.test/4", urls_file=str(listing))
    assert spider.urls == ["http://c.test/3", "http://c.test/4", "http://a.test/1", "https://b.test/2"]


def test_urls_with_commas_are_kept_whole(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("\ufeffhttps://a.test/story,12345.html\nhttps://a.test/list?ids=1,2,3\n", encoding="utf-8")
    spider = ArticleSpider(url=" https://b.test/x,y.html\thttps://b.test/?ids=4,5\n", urls_file=str(listing))
    assert spider.urls == ["https://b.test/x,y.html", "https://b.test/?ids=4,5",
                           "https://a.test/story,12345.html", "https://a.test/list?ids=1,2,3"]


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give the pages to fetch"),
    ({"url": "ftp://x.test/file"}, "not an http"),
    ({"url": "http://[::1/x"}, "not a valid URL: 'http://\\[::1/x'"),
    ({"url": "https://x.test:99999/a"}, "not a valid URL: .*Port out of range"),
    ({"url": "https://a..test/x"}, "not a valid URL: 'https://a..test/x': bad host name 'a..test'"),
    ({"url": "https://x.test/a not-a-url"}, "not an http.*'not-a-url'"),
    ({"urls_file": "/nonexistent/urls.txt"}, "cannot read urls_file"),
])
def test_bad_arguments_give_a_clear_error(kwargs, message):
    with pytest.raises(UsageError, match=message):
        ArticleSpider(**kwargs)


def test_a_urls_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_bytes("https://a.test/städte.html\n".encode("latin-1"))
    with pytest.raises(UsageError, match=f"urls_file {listing} is not UTF-8 text"):
        ArticleSpider(urls_file=str(listing))


@pytest.mark.parametrize("argument", ["url=http://[::1/x", "urls_file=latin1.txt"])
def test_scrapy_crawl_with_a_bad_argument_exits_2_without_traceback(argument, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("https://a.test/städte.html\n".encode("latin-1"))
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", "-a", argument], cwd=tmp_path,
                          env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "ERROR: " in done.stderr and "Traceback" not in done.stderr
    assert "Spider opened" not in done.stderr


class CutShort(Exception):
    """The response was cut short."""


def failure_of(exc: Exception, url: str) -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)
    return failure


def test_fetch_failed_logs_one_line_counts_it_and_leaves_dropped_requests_to_scrapy(caplog):
    crawler = get_crawler(ArticleSpider)
    crawler.stats.open_spider()
    spider = ArticleSpider.from_crawler(crawler, url="http://a.test/1")
    assert spider.fetch_failed(failure_of(CutShort(), "http://a.test/1")) is None
    assert spider.fetch_failed(failure_of(ConnectionRefusedError("refused"), "http://a.test/2")) is None
    assert [r.getMessage() for r in caplog.records if r.name == spider.name] == [
        "could not fetch http://a.test/1: CutShort: The response was cut short.",  # no message: its docstring
        "could not fetch http://a.test/2: ConnectionRefusedError: refused"]
    assert crawler.stats.get_value("fetch_failed/count") == 2
    assert crawler.stats.get_value("fetch_failed/CutShort") == 1
    ignored = failure_of(IgnoreRequest("forbidden by robots.txt"), "http://a.test/3")
    assert spider.fetch_failed(ignored) is ignored
    assert crawler.stats.get_value("fetch_failed/count") == 2


def http_error(status: int, url: str, **meta) -> Failure:
    request = Request(url, meta=meta)
    failure = Failure(HttpError(HtmlResponse(url, status=status, request=request)))
    failure.request = request
    return failure


@pytest.mark.parametrize("status, meta", [
    (404, {}),
    (503, {}),  # retried first: Scrapy's line when it gave up is at INFO level (RETRY_GIVE_UP_LOG_LEVEL)
    (503, {"dont_retry": True}),
])
def test_an_http_error_status_is_one_error_line(status, meta, caplog):
    caplog.set_level(logging.INFO)
    crawler = get_crawler(ArticleSpider)
    crawler.stats.open_spider()
    spider = ArticleSpider.from_crawler(crawler, url="http://a.test/1")
    assert spider.fetch_failed(http_error(status, "http://a.test/1", **meta)) is None  # not Scrapy's INFO line
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "article"] == [
        ("ERROR", f"http://a.test/1: HTTP {status}")]
    assert crawler.stats.get_value("http_error/count") == 1
    assert crawler.stats.get_value("fetch_failed/count") is None
