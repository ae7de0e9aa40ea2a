"""What every newsarchive spider shares: turning a fetched page into evidence."""
from __future__ import annotations

from datetime import datetime, timezone

import scrapy
from scrapy.http import Response, TextResponse

from ..extraction import PageError, decode_html, gather_evidence
from ..items import Article, Draft


def fetched_at(response: Response) -> str:
    """When the response arrived, ISO 8601 UTC (seconds)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class ArticlePageSpider(scrapy.Spider):
    """Base of the spiders: ``parse_article`` gathers the evidence of a page
    and yields a ``Draft`` for the item pipelines to fill in."""

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
        yield Draft(article=Article(url=response.url, fetched_at=fetched_at(response)),
                    evidence=evidence)
