import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, ResponseDataLossError, UsageError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from newsarchive.spiders.article import ArticleSpider


def test_urls_from_argument_and_file(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("# my list\nhttp://a.test/1\n\n  https://b.test/2  \n", encoding="utf-8")
    spider = ArticleSpider(url="http://c.test/3,http://c.test/4", urls_file=str(listing))
    assert spider.urls == ["http://c.test/3", "http://c.test/4", "http://a.test/1", "https://b.test/2"]


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give the pages to fetch"),
    ({"url": "ftp://x.test/file"}, "not an http"),
    ({"urls_file": "/nonexistent/urls.txt"}, "cannot read urls_file"),
])
def test_bad_arguments_give_a_clear_error(kwargs, message):
    with pytest.raises(UsageError, match=message):
        ArticleSpider(**kwargs)


def failure_of(exc: Exception, url: str) -> Failure:
    failure = Failure(exc)
    failure.request = Request(url)
    return failure


def test_fetch_failed_logs_one_line_counts_it_and_leaves_dropped_requests_to_scrapy(caplog):
    crawler = get_crawler(ArticleSpider)
    crawler.stats.open_spider()
    spider = ArticleSpider.from_crawler(crawler, url="http://a.test/1")
    assert spider.fetch_failed(failure_of(ResponseDataLossError(), "http://a.test/1")) is None
    assert spider.fetch_failed(failure_of(ConnectionRefusedError("refused"), "http://a.test/2")) is None
    assert caplog.messages == [
        "could not fetch http://a.test/1: ResponseDataLossError: Indicates that Scrapy couldn't get a complete response.",
        "could not fetch http://a.test/2: ConnectionRefusedError: refused"]
    assert crawler.stats.get_value("fetch_failed/count") == 2
    assert crawler.stats.get_value("fetch_failed/ResponseDataLossError") == 1
    ignored = failure_of(IgnoreRequest("forbidden by robots.txt"), "http://a.test/3")
    assert spider.fetch_failed(ignored) is ignored
    assert crawler.stats.get_value("fetch_failed/count") == 2
