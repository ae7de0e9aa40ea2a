"""A meta refresh is followed as Scrapy follows it, without the whole page
decoded: Scrapy's middleware caches the page's text on the response, two to
four times its body, for as long as the page waits for its extraction."""
import scrapy.http.response.text as text_module
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newsarchive import settings as project
from newsarchive.middlewares.redirects import META_REFRESH_BYTES, HeadMetaRefreshMiddleware

PROSE = "<p>Über die Brücke, 東京の夜 — ein langer Bericht.</p>\n" * 20_000  # about 1 MB, not ASCII


def page(head: str) -> HtmlResponse:
    body = f"<html><head><meta charset=utf-8>{head}</head><body>{PROSE}</body></html>".encode()
    return HtmlResponse("https://news.example/story", body=body, headers={"Content-Type": "text/html"})


def decoded_sizes(monkeypatch) -> list[int]:
    sizes: list[int] = []
    decode = text_module.html_to_unicode

    def recording(content_type, body, **kwargs):
        sizes.append(len(body))
        return decode(content_type, body, **kwargs)

    monkeypatch.setattr(text_module, "html_to_unicode", recording)
    return sizes


def middleware() -> HeadMetaRefreshMiddleware:
    return build_from_crawler(HeadMetaRefreshMiddleware, get_crawler(settings_dict={"METAREFRESH_MAXDELAY": 100}))


def test_the_project_reads_meta_refresh_with_this_middleware_in_place_of_scrapys():
    middlewares = project.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["newsarchive.middlewares.redirects.HeadMetaRefreshMiddleware"] == 580


def test_a_meta_refresh_in_a_large_page_is_followed_reading_its_first_bytes_only(monkeypatch):
    sizes = decoded_sizes(monkeypatch)
    request = Request("https://news.example/story")
    outcome = middleware().process_response(
        request, page('<meta http-equiv="refresh" content="0; url=/moved/story">'))
    assert isinstance(outcome, Request) and outcome.url == "https://news.example/moved/story"
    assert outcome.meta["redirect_urls"] == ["https://news.example/story"]
    assert sizes and max(sizes) <= META_REFRESH_BYTES


def test_a_large_page_without_refresh_goes_on_as_it_came_its_text_never_decoded(monkeypatch):
    sizes = decoded_sizes(monkeypatch)
    response = page("<title>Story</title>")
    assert len(response.body) > 50 * META_REFRESH_BYTES
    assert middleware().process_response(Request(response.url), response) is response
    assert max(sizes) <= META_REFRESH_BYTES  # Scrapy's decodes all of it, and keeps it
    assert response.text.count("Brücke") == 20_000  # the page itself is whole


def test_a_small_page_and_a_refresh_too_slow_to_follow_are_left_as_scrapy_leaves_them():
    small = HtmlResponse("https://news.example/a", body=b'<meta http-equiv="refresh" content="1; url=/b">')
    outcome = middleware().process_response(Request(small.url), small)
    assert isinstance(outcome, Request) and outcome.url == "https://news.example/b"
    slow = page('<meta http-equiv="refresh" content="600; url=/later">')
    assert middleware().process_response(Request(slow.url), slow) is slow
