"""Incremental runs: the downloader middleware that fetches an archived
article again only when a revisit is due.

A request for a URL the catalogue holds an article from, and that is not
due, is not sent (``IgnoreRequest``, counted as ``incremental/skipped``).
Every other request goes out: new articles, and the listing pages (feeds,
sitemaps, home and section pages) that are never catalogued as articles.
A site's ``max_age`` keeps new old articles out of the archive, not
archived ones: an archived article is fetched again, or not, by this policy
alone, however old it is.

On when ``INCREMENTAL`` is (the ``site`` spider turns it on).  The policy is
the class ``REVISIT_POLICY`` names (``archive.revisits.ScheduledRevisits``);
the schedule is the request's ``revisit_after`` meta key (the site spider
gives each site's), else ``REVISIT_AFTER``.  It runs first of all the
downloader middlewares: an article that is not due is not even checked
against robots.txt.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object

from ..archive.revisits import ScheduledRevisits, schedule_from_setting
from ..archive.storage import ArchiveStorage
from ..extensions import archive_storage

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class RevisitPolicyMiddleware:
    def __init__(self, storage: ArchiveStorage, policy: ScheduledRevisits, stats: StatsCollector):
        self.storage = storage
        self.policy = policy
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL"):
            raise NotConfigured  # the default: no message, or Scrapy logs it in every crawl
        policy = load_object(settings["REVISIT_POLICY"]).from_settings(settings)
        middleware = cls(archive_storage(crawler), policy, crawler.stats)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        schedule = request.meta.get("revisit_after")
        decision = self.policy.decide(self.storage.catalog, request.url,
                                      None if schedule is None else schedule_from_setting(schedule))
        if decision is None:
            return
        url = request.url.partition("#")[0]
        if decision.due:
            self.stats.inc_value("incremental/revisited")
            log.debug("fetching %s again: %s", url, decision.reason)
            return
        self.stats.inc_value("incremental/skipped")
        log.debug("skipped %s: %s", url, decision.reason)
        raise IgnoreRequest(f"not due for a revisit: {decision.reason}")

    def spider_closed(self) -> None:
        skipped = self.stats.get_value("incremental/skipped", 0)
        revisited = self.stats.get_value("incremental/revisited", 0)
        log.info("incremental run: %d archived article(s) not due, skipped; %d revisited", skipped, revisited)
        if skipped and not self.stats.get_value("item_scraped_count"):
            log.warning("no article in this crawl's output: the %d archived article(s) it found were not due for "
                        "a revisit (they are in the archive; -s INCREMENTAL=0 fetches them all again)", skipped)
