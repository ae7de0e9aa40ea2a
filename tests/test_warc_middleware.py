"""The WARC middleware's choices, on Scrapy objects without a crawl."""
import pytest
from scrapy.http import HtmlResponse, Request

from newsarchive.middlewares.warc import exchange_of, http_protocol, is_archived


def response(url="http://news.test/a?b=1", flags=(), protocol="HTTP/1.1", **meta):
    request = Request(url, meta=meta, headers={"User-Agent": "ua", "Accept-Encoding": "gzip"})
    return request, HtmlResponse(url, body=b"\x1f\x8b...", request=request, flags=list(flags), protocol=protocol,
                                 headers={"Content-Encoding": "gzip", "Set-Cookie": ["a=1", "b=2"]})


@pytest.mark.parametrize("url, flags, meta, archived", [
    ("http://news.test/a", (), {}, True),
    ("https://news.test/a", (), {}, True),
    ("http://news.test/a", ("cached",), {}, False),
    ("http://news.test/a", ("replayed",), {}, False),
    ("http://news.test/a", (), {"dont_archive": True}, False),
    ("file:///tmp/page.html", (), {}, False),
])
def test_what_is_archived(url, flags, meta, archived):
    assert is_archived(*response(url, flags, **meta)) is archived


def test_exchange_keeps_every_header_value_and_the_body_as_received():
    exchange = exchange_of(*response())
    assert exchange.body == b"\x1f\x8b..."
    assert ("Set-Cookie", "a=1") in exchange.response_headers and ("Set-Cookie", "b=2") in exchange.response_headers
    assert ("Accept-Encoding", "gzip") in exchange.request_headers
    assert exchange.url == "http://news.test/a?b=1" and exchange.method == "GET"


def test_the_fragment_is_not_part_of_the_captured_url():
    assert exchange_of(*response("http://news.test/a?b=1#photo-2")).url == "http://news.test/a?b=1"


@pytest.mark.parametrize("protocol, written", [("HTTP/1.0", "HTTP/1.0"), ("HTTP/1.1", "HTTP/1.1"),
                                               ("h2", "HTTP/1.1"), (None, "HTTP/1.1")])
def test_protocol_of_the_status_line(protocol, written):
    assert http_protocol(response(protocol=protocol)[1]) == written
