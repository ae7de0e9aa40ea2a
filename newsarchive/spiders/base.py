"""What every newsarchive spider shares: turning a fetched page into evidence."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse

from ..extraction import PageError, decode_html, gather_evidence
from ..items import Article, Draft


def utc_now() -> str:
    """Now, ISO 8601 UTC to the second: the fetch time of a response being parsed."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def split_urls(urls: str | None) -> list[str]:
    """The http(s) URLs of a comma-separated spider argument; ``UsageError``
    names the first one that is not."""
    found = [u.strip() for u in (urls or "").split(",") if u.strip()]
    bad = [u for u in found if not u.startswith(("http://", "https://"))]
    if bad:
        raise UsageError(f"not an http(s) URL: {bad[0]}")
    return found


class ArticlePageSpider(scrapy.Spider):
    """Base of the spiders: ``parse_article`` gathers the evidence of a page
    and yields a ``Draft`` for the item pipelines to fill in."""

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        """A bad spider argument is one clear log line and exit status 2:
        ``scrapy crawl`` would print the traceback of the exception."""
        try:
            return super().from_crawler(crawler, *args, **kwargs)
        except UsageError as exc:
            logging.getLogger(cls.name).error("%s", exc)
            raise SystemExit(2) from None

    def parse_article(self, response: Response):
        if not isinstance(response, TextResponse):
            self.logger.warning("skipped %s: not a text page (%s)", response.url,
                                response.headers.get("Content-Type", b"?").decode("latin-1"))
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        try:
            evidence = gather_evidence(decode_html(response.body, content_type), response.url)
        except PageError as exc:
            self.logger.warning("skipped %s: %s", response.url, exc)
            return
        yield Draft(article=Article(url=response.url, fetched_at=utc_now(),
                                    capture=response.meta.get("warc_capture")),
                    evidence=evidence)
