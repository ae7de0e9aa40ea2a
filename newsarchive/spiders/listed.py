"""The base of the spiders that follow feeds and sitemaps: reading a
listing (``utils.feed``, ``utils.sitemap``), skipping entries older than
``max_age``, and fetching the pages it lists.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from ..extraction.dates import age_cutoff, older_than
from ..extraction.urls import http_url_error
from ..middlewares.urls import RefusedUrl, count_refused
from ..utils.feed import parse_feed
from ..utils.listing import DEFAULT_MAX_DEPTH, Entry, ListingError, listing_kind
from ..utils.sitemap import parse_sitemap, sitemap_body
from ..utils.timeutils import format_duration, parse_duration
from .base import ArticlePageSpider, split_urls

_KIND_NAMES = {"feed": "feed", "sitemap": "sitemap", "robots": "robots.txt"}


def read_listing(body: bytes, url: str, kind: str, max_size: int) -> tuple[bool, list[Entry]]:
    """Whether a robots.txt, sitemap or feed names more listings (the
    Sitemap: lines of a robots.txt, the sitemaps of an index) rather than
    pages, and its entries."""
    if kind == "robots":
        return True, [Entry(u) for u in sitemap_urls_from_robots(body, base_url=url)]
    if kind == "feed":
        return False, parse_feed(body, url)
    return parse_sitemap(sitemap_body(body, max_size))


def split_by_age(entries: list[Entry], max_age: timedelta | None, now: datetime | None = None,
                 archived: Callable[[str], bool] = lambda url: False) -> tuple[list[Entry], int]:
    """The entries no older than ``max_age`` (by their date, else the day
    their URL names; undated ones kept) and the older ones whose URL is
    ``archived``, and how many were left out."""
    if max_age is None:
        return entries, 0
    cutoff = age_cutoff(max_age, now)
    kept = [e for e in entries if not older_than(e.url, e.date, cutoff) or archived(e.url)]
    return kept, len(entries) - len(kept)


# -- the spiders' base ------------------------------------------------------------

class ListedPagesSpider(ArticlePageSpider):
    """Reads feeds and sitemaps (``parse_listing``) and fetches the pages
    they list.  ``accepts`` names the kinds of document a spider reads;
    ``max_age`` skips older entries, pages and the sitemaps of an index
    alike, dated by the listing or else by the day in their URL (counted in
    the ``listed/too_old`` stat); the pages of articles the archive has
    (``archived``) are kept whatever their date.  Subclasses choose what
    an entry becomes in ``listed_page_request`` and ``listing_request``.
    Listings named by listings (sitemap indexes, a robots.txt) are read
    ``LISTING_MAX_DEPTH`` levels down at most: an endless chain of indexes
    ends there, with a warning."""

    accepts: frozenset[str] = frozenset({"feed", "sitemap", "robots"})
    max_age: timedelta | None = None
    #: The feeds or sitemaps the crawl starts from.
    listing_urls: list[str] = []

    def read_arguments(self, url: str | None, max_age: str | None, usage: str) -> None:
        """Take the ``-a url=URL[,URL...]`` and ``-a max_age=DURATION`` of a crawl."""
        self.listing_urls = split_urls(url)
        if not self.listing_urls:
            raise UsageError(usage)
        try:
            self.max_age = parse_duration(max_age) if max_age else None
        except ValueError as exc:
            raise UsageError(f"max_age: {exc}") from None

    async def start(self):
        for url in self.listing_urls:
            yield scrapy.Request(url, callback=self.parse_listing)

    def listed_page_request(self, entry: Entry, response: Response) -> scrapy.Request | None:
        return scrapy.Request(entry.url, callback=self.parse_article)

    def listing_request(self, entry: Entry, response: Response) -> scrapy.Request | None:
        """The request for a sitemap that an index or a robots.txt names."""
        return scrapy.Request(entry.url, callback=self.parse_listing)

    def entries_max_age(self, response: Response) -> timedelta | None:
        return self.max_age

    def archived(self, url: str) -> bool:
        """Whether the archive holds an article from ``url``: its revisit
        policy, not ``max_age``, decides whether it is fetched again.  Only
        the site spider revisits; the others fetch what they are given."""
        return False

    def parse_listing(self, response: Response, kind: str | None = None) -> Iterator[scrapy.Request]:
        kind = kind or listing_kind(response.body, response.url)
        if kind not in self.accepts:
            expected = " or ".join(_KIND_NAMES[k] for k in sorted(self.accepts))
            self.refuse(response, f"not a {expected}" + (f" but a {_KIND_NAMES[kind]}" if kind else ""))
            return
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            is_index, entries = read_listing(response.body, response.url, kind, max_size)
        except ListingError as exc:
            self.refuse(response, str(exc))
            return
        entries = self.web_pages(entries, response)
        max_age = self.entries_max_age(response)
        entries, too_old = split_by_age(entries, max_age, archived=self.archived)
        if too_old and max_age:
            self.crawler.stats.inc_value("listed/too_old", too_old)
            self.logger.info("%s: skipped %d entries older than %s", response.url, too_old,
                             format_duration(max_age))
        if not is_index:
            yield from filter(None, (self.listed_page_request(entry, response) for entry in entries))
            return
        depth, max_depth = response.meta.get("listing_depth", 0) + 1, self.settings.getint("LISTING_MAX_DEPTH",
                                                                                           DEFAULT_MAX_DEPTH)
        if depth > max_depth:
            self.refuse(response, f"names {len(entries)} more listings, nested deeper than LISTING_MAX_DEPTH "
                                  f"({max_depth}): not read")
            return
        for request in filter(None, (self.listing_request(entry, response) for entry in entries)):
            request.meta["listing_depth"] = depth
            yield request

    def web_pages(self, entries: list[Entry], response: Response) -> list[Entry]:
        """The entries whose URL is a web page's (``http_url_error``, the
        rule every URL fetched follows); the others (``file://``,
        ``ftp://``, relative...) are named in one line and counted in the
        ``refused/url`` stat."""
        kept: list[Entry] = []
        refused: list[Entry] = []
        for entry in entries:
            (refused if http_url_error(entry.url) else kept).append(entry)
        if refused:
            for _ in refused:
                count_refused(self.crawler.stats, RefusedUrl(""))
            self.logger.warning("%s: refused %d entries that are not web pages (absolute http(s) URLs): %s",
                                response.url, len(refused), ", ".join(repr(e.url[:200]) for e in refused[:5])
                                + (", ..." if len(refused) > 5 else ""))
        return kept

    def refuse(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value("listed/refused")
        self.logger.warning("refused %s: %s", response.url, reason)
