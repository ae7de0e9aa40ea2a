"""The one rule for which URLs a crawl may fetch, applied to every request.

Every source of URLs (start URLs, links, feeds, sitemaps, redirects,
pictures, robots.txt) ends in a request that passes this downloader
middleware first of all: a URL that is not an absolute http(s) URL with a
valid host and port (``extraction.urls.http_url_error``) is refused before
anything is fetched, robots.txt included.  ``file://`` would read a file of
the crawling machine, ``ftp://`` to a port that never answers would hang the
crawl: neither is a web page.  The spiders apply the same rule where they
read URLs (listings, links), so that a bad one is named where it was found;
this middleware is the guard for the rest (a redirect's ``Location``).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.statscollectors import StatsCollector

from ..extraction.urls import http_url_error

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class RefusedRequest(IgnoreRequest):
    """A request newsarchive refuses to send for the crawl's safety (its
    URL, its site's budget...): the spider's errback logs it with the
    reason and counts it in the ``refused`` stats and the run report."""

    kind = "refused"
    log_level = logging.WARNING

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RefusedUrl(RefusedRequest):
    kind = "url"


def count_refused(stats: StatsCollector | None, exc: RefusedRequest) -> None:
    """Count a refused request: ``refused/count`` (the run report's
    ``refused``) and ``refused/{kind}``."""
    if stats is not None:
        stats.inc_value("refused/count")
        stats.inc_value(f"refused/{exc.kind}")


class UrlRuleMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_request(self, request: Request) -> None:
        if error := http_url_error(request.url):
            origin = (request.meta.get("redirect_urls") or [None])[0]
            raise RefusedUrl(error + (f", redirected from {origin}" if origin else ""))
