"""Incremental runs: an archived article is fetched again only when a revisit is due.

Revisits thin out with the article's age, counted from its first capture:
with the default schedule ``15m, 1h, 3h, 1d, 3d`` an article is fetched again
once after 15 minutes, once after an hour, ... and after three days no more.
A run that misses a revisit time (cron runs hourly) makes up for it once,
not once per missed time.  A revisit time counts as come a tenth of its age
early (the 1 h revisit from 54 minutes on), so that an hourly cron run that
starts a few seconds earlier than the one before does not miss it.

``RevisitPolicyMiddleware`` applies this before a request is sent: a URL
the catalogue holds an article for (``archived_article_id``), and that is
not due, is not fetched (``IgnoreRequest``, counted as
``incremental/skipped``).  Every other request goes out: new articles, and
the listing pages (feeds, sitemaps, home and section pages) that are never
catalogued as articles.  A site's ``max_age`` keeps new old articles out of
the archive, not archived ones: an archived article is fetched again, or
not, by this policy alone, however old it is.  It is on
when the ``INCREMENTAL`` setting is (the ``site`` spider turns it on); the
schedule is the request's site's (from the sites
file, through the spider's ``revisit_schedule(request)``), else the
``REVISIT_AFTER`` setting.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urldefrag

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from ..sites import format_duration, parse_duration
from .catalog import Catalog
from .layout import ArchiveLayout

log = logging.getLogger(__name__)

#: A revisit time counts as come this fraction of its age early.
EARLY = 0.1


@dataclass(frozen=True)
class Decision:
    due: bool
    reason: str


def revisit_decision(first_seen: datetime, last_fetched: datetime, now: datetime,
                     schedule: Sequence[timedelta]) -> Decision:
    """Whether an article first captured at ``first_seen`` and last fetched at
    ``last_fetched`` is due for a revisit at ``now``: it is when a revisit
    time (``first_seen`` plus an age of ``schedule``) has come and no fetch
    happened since."""
    passed = [age for age in schedule if first_seen + age * (1 - EARLY) <= now]
    if passed and last_fetched < first_seen + passed[-1] * (1 - EARLY):
        return Decision(True, f"revisit at age {format_duration(passed[-1])}")
    coming = schedule[len(passed):]
    if coming:
        return Decision(False, f"archived {format_duration(now - first_seen)} ago, "
                               f"next revisit at age {format_duration(coming[0])}")
    return Decision(False, f"archived {format_duration(now - first_seen)} ago, no more revisits")


def parse_time(text: str) -> datetime:
    """An ISO 8601 time (``Z`` or an offset; UTC when it has none)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def clock_from_settings(settings) -> Callable[[], datetime]:
    """The time revisits are decided against: ``REVISIT_NOW`` when set (to
    replay a schedule, or in tests), else the clock."""
    fixed = settings.get("REVISIT_NOW")
    if fixed:
        now = parse_time(fixed)
        return lambda: now
    return lambda: datetime.now(timezone.utc)


def schedule_from_setting(value) -> tuple[timedelta, ...]:
    """``REVISIT_AFTER``: a list of durations or one comma-separated string."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(parse_duration(item.strip()) for item in items if item.strip())


def archived_article_id(catalog: Catalog, url: str) -> str | None:
    """The id of the article the archive holds from ``url`` (fragment
    aside), ``None`` for a URL no article was archived from."""
    return catalog.article_id_of(urldefrag(url).url)


def spider_schedule(spider, request: Request) -> Sequence[timedelta] | None:
    """The schedule a spider gives a request (``revisit_schedule``), if any."""
    method = getattr(spider, "revisit_schedule", None)
    return method(request) if method else None


class RevisitPolicyMiddleware:
    """Downloader middleware: archived articles are fetched only when due."""

    def __init__(self, catalog: Catalog, schedule: tuple[timedelta, ...], now: Callable[[], datetime], stats,
                 site_schedule: Callable[[Request], Sequence[timedelta] | None] = lambda request: None):
        self.catalog = catalog
        self.schedule = schedule
        self.now = now
        self.stats = stats
        #: The schedule of the request's site, or ``None`` for the default.
        self.site_schedule = site_schedule

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("INCREMENTAL"):
            raise NotConfigured  # the default: no message, or Scrapy warns of it in every crawl
        layout = ArchiveLayout.from_settings(settings)
        middleware = cls(Catalog(layout.catalog_path), schedule_from_setting(settings.get("REVISIT_AFTER")),
                         clock_from_settings(settings), crawler.stats,
                         lambda request: spider_schedule(crawler.spider, request))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def decide(self, url: str, schedule: Sequence[timedelta]) -> Decision | None:
        """The decision for an article archived from ``url``; ``None`` for a
        URL no article was archived from."""
        article_id = archived_article_id(self.catalog, url)
        if article_id is None:
            return None
        first = self.catalog.versions(article_id)[0]
        first_seen = parse_time(first["fetched_at"])
        last = self.catalog.last_capture_date(url)
        last_fetched = max(first_seen, parse_time(last)) if last else first_seen
        return revisit_decision(first_seen, last_fetched, self.now(), schedule)

    def process_request(self, request):
        url = urldefrag(request.url).url
        site_schedule = self.site_schedule(request)
        decision = self.decide(url, self.schedule if site_schedule is None else site_schedule)
        if decision is None:
            return None
        if decision.due:
            self.stats.inc_value("incremental/revisited")
            log.debug("fetching %s again: %s", url, decision.reason)
            return None
        self.stats.inc_value("incremental/skipped")
        log.debug("skipped %s: %s", url, decision.reason)
        raise IgnoreRequest(f"not due for a revisit: {decision.reason}")

    def spider_closed(self):
        skipped = self.stats.get_value("incremental/skipped", 0)
        revisited = self.stats.get_value("incremental/revisited", 0)
        log.info("incremental run: %d archived article(s) not due, skipped; %d revisited", skipped, revisited)
        self.catalog.close()
