"""Redirects followed as Scrapy follows them, and a page lost to a redirect
loop or a chain longer than ``REDIRECT_MAX_TIMES`` reported as lost.

Scrapy drops such a request with a DEBUG line (a loop ends quietly in its
duplicate filter); here it fails with ``TooManyRedirects`` as soon as the
chain comes back to a URL it went through, or grows too long.  The
spider's errback logs it as an error line with the chain (``could not fetch
URL: …``), counted in ``fetch_failed`` and in the run report's errors.  A
redirect to a URL that is no web page (``file://``, ``ftp://``), which
Scrapy would pass on as an HTTP 302 error, is refused by the URL rule
(``middlewares.urls``) with the reason; one to another site is refused by
``middlewares.offsite``.

A ``<meta http-equiv="refresh">`` is followed as Scrapy follows it, read
from the page's first bytes only (``HeadMetaRefreshMiddleware``).
"""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response

from ..extraction.urls import http_url_error
from .urls import RefusedUrl


class TooManyRedirects(IgnoreRequest):
    """A redirect loop, or more redirects than ``REDIRECT_MAX_TIMES``."""


class RedirectLimitMiddleware(RedirectMiddleware):
    def _build_redirect_request(self, source_request: Request, response: Response, *, url: str,
                                **kwargs: Any) -> Request:
        if error := http_url_error(url):
            raise RefusedUrl(f"redirected: {error}")
        return super()._build_redirect_request(source_request, response, url=url, **kwargs)

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        ttl = request.meta.setdefault("redirect_ttl", self.max_redirect_times)
        if redirected.url in chain:
            what = "a redirect loop"
        elif not ttl or len(chain) > self.max_redirect_times:
            what = f"more than {self.max_redirect_times} redirects"
        else:
            return super()._redirect(redirected, request, reason)
        raise TooManyRedirects(f"{what}: {' -> '.join(chain[:3])}{' -> ...' if len(chain) > 3 else ''}"
                               f" -> {redirected.url}")


#: Scrapy looks for a meta refresh in a page's first 4096 characters: at
#: most 4 bytes each, in any encoding a page may have.
META_REFRESH_BYTES = 4 * 4096


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh, read from the page's first bytes.

    Scrapy's decodes the whole page (``response.text``) to read its first
    4096 characters, and the text stays cached on the response, two to four
    times the size of the body, for as long as the page waits for its
    extraction, which reads the bytes.  Here only those first bytes are
    decoded, and the response goes on as it came."""

    def process_response(  # type: ignore[override]  # without the spider argument Scrapy deprecated
            self, request: Request, response: Response) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= META_REFRESH_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:META_REFRESH_BYTES])
        outcome = super().process_response(request, head)
        return response if outcome is head else outcome
