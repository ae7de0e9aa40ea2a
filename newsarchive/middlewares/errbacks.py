"""Spider middlewares that keep a crawl going past pages that fail.

``FetchErrbackMiddleware`` gives each request a spider makes without an
errback of its own the spider's ``fetch_failed`` (``spiders.base.ArticlePageSpider``), so that
a page that cannot be fetched is one log line, whichever spider code made
the request.

``PageFailureMiddleware`` is the last resort against one odd page.  Every
bad page known (empty, binary, truncated, mislabelled, nested too deep,
malformed structured data or URLs) is handled where it is read, with the
reason logged; an exception that still escapes a spider callback is a bug
met on one page.  It is logged as one error line with the URL and the reason
(the traceback at DEBUG level) and counted in the ``page_failed`` stats;
what is left of that page is dropped and the crawl goes on.  It sits at the
engine end of the spider middlewares, so that the others (Scrapy's
``HttpErrorMiddleware``) handle their own exceptions first.
"""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class FetchErrbackMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def with_errback(self, item: Any) -> Any:
        errback = getattr(self.crawler.spider, "fetch_failed", None)
        if isinstance(item, Request) and item.errback is None and errback is not None:
            return item.replace(errback=errback)
        return item

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield self.with_errback(item)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            yield self.with_errback(item)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in result:
            yield self.with_errback(item)


class PageFailureMiddleware:
    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_spider_exception(self, response: Response, exception: Exception) -> list[Any]:
        reason = f"{type(exception).__name__}: {exception}"
        log.error("page dropped, %s: %s", response.url, reason)
        log.debug("the traceback of %s", reason, exc_info=exception)
        self.stats.inc_value("page_failed/count")
        self.stats.inc_value(f"page_failed/{type(exception).__name__}")
        return []
