"""What every newsarchive spider shares: turning a fetched page into evidence."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..extraction import PageError, page_evidence
from ..extraction.urls import http_url_error
from ..items import Article, Draft, Evidence, Page
from ..middlewares.redirects import TooManyRedirects
from ..middlewares.urls import RefusedRequest, count_refused
from ..utils.timeutils import utc_now, utc_seconds


def fetched_at(response: Response) -> str:
    """When the page was fetched, to the second: the WARC-Date of its
    capture when it was archived (as ``newsarchive extract --warc`` gives
    it), else now."""
    capture = response.meta.get("warc_capture")
    return utc_seconds(capture["warc_date"] if capture else utc_now())


#: Where a spider argument of several URLs splits: white space, or a comma
#: that starts the next http(s) URL (the ``URL,URL`` form); any other comma
#: is part of its URL (``?ids=1,2``, ``/story,12345.html``).
_URL_SEPARATOR = re.compile(r"\s*,\s*(?=https?://)|\s+", re.I)


def checked_urls(urls: list[str]) -> list[str]:
    """``urls``, each an absolute http(s) URL; ``UsageError`` names the
    first that is not, and why."""
    for url in urls:
        if error := http_url_error(url):
            raise UsageError(error)
    return urls


def split_urls(urls: str | None) -> list[str]:
    """The http(s) URLs of a spider argument, separated by white space (or a
    comma before the next ``http(s)://``); ``UsageError`` names the first
    one that is not a URL."""
    return checked_urls([url for url in _URL_SEPARATOR.split(urls or "") if url])


def size_error(size: int, limit: int) -> str | None:
    """Why a page of ``size`` bytes is not extracted (``EXTRACT_MAXSIZE``), or None."""
    if limit and size > limit:
        return f"too large to extract ({size / 2**20:.1f} MB, EXTRACT_MAXSIZE is {limit / 2**20:.1f} MB)"
    return None


def failure_reason(exc: BaseException) -> str:
    """Why a fetch failed, in one line: the exception's type and message,
    or the first line of its class's own docstring when it has no message
    (Scrapy's ``ResponseDataLossError``: "...couldn't get a complete response")."""
    message = " ".join(str(exc).split()) or (vars(type(exc)).get("__doc__") or "").strip().split("\n")[0]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class ArticlePageSpider(scrapy.Spider):
    """Base of the spiders: ``parse_article`` yields the ``Draft`` of a page
    for the item pipelines to fill in."""

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
        """A bad spider argument is one clear log line and exit status 2:
        ``scrapy crawl`` would print the traceback of the exception."""
        try:
            return super().from_crawler(crawler, *args, **kwargs)
        except UsageError as exc:
            logging.getLogger(cls.name).error("%s", exc)
            raise SystemExit(2) from None

    def fetch_failed(self, failure: Failure) -> Failure | None:
        """The errback of the spiders' requests (``middlewares.errbacks``
        gives it to those made without one), and the crawl goes on:

        - a page answered with an HTTP error status (403, 404, 410, a 503
          Scrapy retried...) is one error line, ``URL: HTTP 404``, counted
          in ``http_error/count`` (Scrapy's own line when it gives up
          retrying is at INFO level: ``RETRY_GIVE_UP_LOG_LEVEL``);
        - a page that could not be fetched (connection refused, a response
          cut short, a body that is not in its declared Content-Encoding...)
          is one error line with the URL and the reason, counted in the
          ``fetch_failed`` stats;
        - a page lost to a redirect loop or too long a chain of redirects
          (``middlewares.redirects``) is such a line too;
        - a request newsarchive refuses for the crawl's safety (a URL that
          is no web page, a site's ``max_pages`` used up:
          ``middlewares.urls.RefusedRequest``) is one warning line, counted
          in the ``refused`` stats;
        - a request dropped on purpose before it was sent (``IgnoreRequest``:
          robots.txt, not due for a revisit) is returned for Scrapy to
          handle as usual."""
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # Scrapy sets it on every failure
        if failure.check(HttpError):
            response = failure.value.response
            self.crawler.stats.inc_value("http_error/count")
            self.logger.error("%s: HTTP %d", response.url, response.status)
            return None
        if failure.check(RefusedRequest):
            count_refused(self.crawler.stats, failure.value)
            self.logger.log(failure.value.log_level, "not fetched: %s: %s", request.url, failure.value.reason)
            return None
        if failure.check(IgnoreRequest) and not failure.check(TooManyRedirects):
            return failure
        exc = failure.value
        self.crawler.stats.inc_value("fetch_failed/count")
        self.crawler.stats.inc_value(f"fetch_failed/{type(exc).__name__}")
        self.logger.error("could not fetch %s: %s", request.url, failure_reason(exc))
        return None

    def parse_article(self, response: Response) -> Iterator[Draft]:
        """The page's ``Draft``, for the extraction pipeline to read (in an
        extraction process: the spider leaves the page as it came)."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        if not isinstance(response, TextResponse):
            self.logger.warning("skipped %s: not a text page (%s)", response.url, content_type or "?")
            return
        if error := size_error(len(response.body), self.settings.getint("EXTRACT_MAXSIZE")):
            self.crawler.stats.inc_value("skipped/too_large")
            self.logger.warning("skipped %s: %s; archived as served", response.url, error)
            return
        yield Draft(article=Article(url=response.url, fetched_at=fetched_at(response),
                                    capture=response.meta.get("warc_capture")),
                    page=Page(url=response.url, body=response.body, content_type=content_type))

    def gather_evidence(self, draft: Draft) -> Evidence | None:
        """Parse the draft's page now, for a spider that reads it (its
        links); ``None``, with the reason logged, for a page that cannot be
        read (empty, binary data...)."""
        assert draft.page is not None
        try:
            draft.evidence = page_evidence(draft.page)
        except PageError as exc:
            self.logger.warning("skipped %s: %s", draft.page.url, exc)
            return None
        return draft.evidence
