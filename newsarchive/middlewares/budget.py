"""One bound on what a site may cost: every request sent for a site counts
towards its ``max_pages``, pages, feeds, sitemaps, redirects, retries and
pictures alike, in this one place.

A request whose meta names a ``site`` and its ``max_pages`` (the ``site``
spider sets both on every request, the pictures pipeline copies them from
the article's page) is counted when it gets here, after the middlewares that
drop requests before anything is sent (``middlewares.revisits``: an archived
article not due; ``middlewares.offsite``; robots.txt): what is not sent
does not count.  Once a site's requests reach ``max_pages``, the next ones
are refused (``OverBudget``, the ``refused/max_pages`` stat), with one
warning line a site.  Requests without a site (the article, feed and
sitemap spiders, robots.txt) are not counted.
"""
from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Self

from scrapy.http import Request

from .urls import RefusedRequest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class OverBudget(RefusedRequest):
    kind = "max_pages"
    log_level = logging.DEBUG  # the middleware warns once a site


class SiteBudgetMiddleware:
    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.warned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def used_up(self, site: str, max_pages: int) -> bool:
        return self.sent[site] >= max_pages

    def spend(self, site: str, max_pages: int) -> bool:
        """Count one request of ``site``, unless its ``max_pages`` are used
        up; whether it was counted (workers sharing a crawl count in Redis:
        ``distributed.ledger.SharedSiteBudgetMiddleware``)."""
        if self.used_up(site, max_pages):
            return False
        self.sent[site] += 1
        return True

    def process_request(self, request: Request) -> None:
        site, max_pages = request.meta.get("site"), request.meta.get("max_pages")
        if site is None or max_pages is None:
            return
        if not self.spend(site, max_pages):
            if site not in self.warned:
                self.warned.add(site)
                log.warning("site %s: max_pages (%d) reached, fetching no more of it", site, max_pages)
            raise OverBudget(f"site {site}: max_pages ({max_pages}) used up")
