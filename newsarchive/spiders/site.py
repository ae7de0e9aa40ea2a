"""The ``site`` spider: crawl the news sites of a sites file.

    scrapy crawl site -a sites=sites.toml [-a only=NAME]
    newsarchive crawl --sites sites.toml [--only NAME]

The whole file is checked before anything is fetched.  Each site is crawled
from its start URLs: feeds and sitemaps give article links, home and section
pages give links that are followed within the site's domains up to
``max_depth`` links away, at most ``max_pages`` requests a site, each URL
once.  Entries and links dated older than the site's ``max_age`` (by the
listing, else by the day their URL names) are skipped, and the pipelines
drop an article published earlier (``pipelines.age``).  Neither applies to
an article the archive has: the site's revisit policy alone fetches it again
or not (``middlewares.revisits``).  Each request carries its site's policy
in its meta: ``site``, ``allowed_domains`` (``middlewares.offsite``) and
``revisit_after`` (``middlewares.revisits``).

A page is an article when its URL matches one of the site's
``article_urls``.  Without patterns, every page that does not plainly
declare itself a listing (root URL, tag or search path, ``CollectionPage``)
goes to the pipelines, which drop the pages that are not articles, with the
reason.  A page whose canonical URL was already seen is not taken twice.
The site's ``selectors`` go with the evidence to the pipelines.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import urldefrag

import scrapy
from scrapy.exceptions import NotConfigured, UsageError
from scrapy.http import Response
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.url import url_has_any_extension
from w3lib.url import canonicalize_url

from ..extensions import archive_storage
from ..extraction.classify import strong_article_signals, strong_listing_signals
from ..extraction.dates import age_cutoff, older_than
from ..extraction.metadata import canonical_of
from ..extraction.urls import absolute_url
from ..items import Draft, Evidence
from ..middlewares.budget import SiteBudgetMiddleware
from ..sites import Site, SitesFileError, load_sites
from ..utils.listing import Entry, listing_kind
from ..utils.timeutils import format_duration
from .listed import ListedPagesSpider

_IGNORED_EXTENSIONS = {"." + extension for extension in IGNORED_EXTENSIONS}


def page_links(evidence: Evidence, page_url: str) -> list[str]:
    """The http(s) links of a page: absolute (``<base href>`` honoured),
    without fragment, no files (images, documents, archives...), each once
    in page order."""
    base = absolute_url(page_url, next(iter(evidence.tree.xpath("//base/@href")), page_url)) or page_url
    links: dict[str, None] = {}
    for href in evidence.tree.xpath("//a/@href"):
        url = absolute_url(base, href)  # None for a malformed link, which is passed over
        url = urldefrag(url)[0] if url else ""
        if url.startswith(("http://", "https://")) and not url_has_any_extension(url, _IGNORED_EXTENSIONS):
            links.setdefault(url, None)
    return list(links)


def plainly_a_listing(draft: Draft, evidence: Evidence) -> bool:
    """Whether the page says it is an index of other pages (its URL or
    structured data) and nothing says it is an article: cheap signals,
    before any extraction."""
    return bool(strong_listing_signals(draft.article, evidence)) and not strong_article_signals(evidence)


class SiteLedger:
    """The URLs a crawl's sites have seen, in this process: per site, the
    canonicalised URLs requested and the canonical URLs of the pages read.
    Workers sharing a crawl keep it in Redis instead
    (``distributed.ledger.SharedSiteLedger``, the same method)."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = defaultdict(set)

    def add_seen(self, site: str, key: str) -> bool:
        """Mark ``key`` seen for ``site``; whether it was new."""
        new = key not in self.seen[site]
        self.seen[site].add(key)
        return new


class SiteSpider(ListedPagesSpider):
    name = "site"
    #: Archived articles are fetched again only when their site's revisit is due.
    custom_settings = {"INCREMENTAL": True}

    def __init__(self, sites: str | None = None, only: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if not sites:
            raise UsageError("give the sites file: -a sites=sites.toml [-a only=NAME]")
        try:
            self.sites = {site.name: site for site in load_sites(sites, only)}
        except SitesFileError as exc:
            raise UsageError(str(exc)) from None
        self.ledger = SiteLedger()

    async def start(self):
        for request in self.site_starts():
            yield request

    def site_starts(self) -> Iterator[scrapy.Request]:
        """The requests for the start URLs of every site."""
        for site in self.sites.values():
            for url, kind in site.starts():
                if kind in ("feed", "sitemap"):
                    request = self.site_request(site, url, 0, self.parse_listing, kind=kind)
                else:  # a page, or a start URL read for what it turns out to be
                    request = self.site_request(site, url, 0, self.parse_page, section=kind == "section")
                if request:
                    yield request

    def site_request(self, site: Site, url: str, depth: int, callback: Callable,
                     **cb_kwargs: object) -> scrapy.Request | None:
        """A request for ``url`` within ``site``'s crawl; ``None`` when the
        URL was seen already or the site's ``max_pages`` are used up
        (``middlewares.budget`` counts the requests sent)."""
        if not self.ledger.add_seen(site.name, canonicalize_url(url)):
            return None
        if self.used_up(site):
            self.crawler.stats.inc_value("site/over_max_pages")
            return None
        return scrapy.Request(url, callback=callback, cb_kwargs=cb_kwargs,
                              meta={"site": site.name, "max_pages": site.max_pages, "site_depth": depth,
                                    "allowed_domains": site.allowed_domains, "revisit_after": site.revisit})

    def used_up(self, site: Site) -> bool:
        """Whether the site's ``max_pages`` are used up: then no more of its
        requests are made, that the budget middleware would refuse."""
        try:
            budget = self.crawler.get_downloader_middleware(SiteBudgetMiddleware)
        except RuntimeError:  # no engine: a spider on its own, in a test
            return False
        return budget is not None and budget.used_up(site.name, site.max_pages)

    def archived(self, url: str) -> bool:
        try:
            storage = archive_storage(self.crawler)
        except NotConfigured:  # no archive, no archived article
            return False
        return storage.archived_article_id(url) is not None

    def site_of(self, response: Response) -> Site:
        return self.sites[response.meta["site"]]

    # -- feeds and sitemaps (ListedPagesSpider hooks) ---------------------------

    def listed_page_request(self, entry: Entry, response: Response) -> scrapy.Request | None:
        site = self.site_of(response)
        if not site.allows(entry.url):
            self.crawler.stats.inc_value("site/offsite_entries")
            return None
        return self.site_request(site, entry.url, response.meta["site_depth"] + 1, self.parse_page)

    def listing_request(self, entry: Entry, response: Response) -> scrapy.Request | None:
        return self.site_request(self.site_of(response), entry.url, response.meta["site_depth"], self.parse_listing)

    def entries_max_age(self, response: Response) -> timedelta | None:
        return self.site_of(response).max_age

    # -- pages --------------------------------------------------------------------

    def parse_page(self, response: Response, section: bool = False) -> Iterator[scrapy.Request | Draft]:
        """A page of the site: a feed or sitemap it links to is read as
        such; an HTML page gives its Draft when it may be an article, then
        its links, while the site's depth allows."""
        kind = listing_kind(response.body, response.url)
        if kind:
            yield from self.parse_listing(response, kind)
            return
        site, depth = self.site_of(response), response.meta["site_depth"]
        for draft in self.parse_article(response):
            evidence = self.gather_evidence(draft)
            if evidence is None:
                return
            canonical = canonicalize_url(canonical_of(evidence)[0])
            if not self.ledger.add_seen(site.name, canonical) and canonical != canonicalize_url(response.url):
                self.crawler.stats.inc_value("site/duplicates")
                self.logger.debug("skipped %s: a copy of %s", response.url, canonical)
                return
            if self.may_be_article(site, draft, evidence, section):
                assert draft.page is not None  # parse_article gives the page
                draft.page.selectors = evidence.selectors = dict(site.selectors)
                draft.max_age = site.max_age
                draft.site_meta = {"site": site.name, "max_pages": site.max_pages}
                yield draft
            else:
                self.crawler.stats.inc_value("site/listing_pages")
            if depth < site.max_depth:
                yield from self.follow_links(site, evidence, response, depth + 1)

    def may_be_article(self, site: Site, draft: Draft, evidence: Evidence, section: bool) -> bool:
        if section:
            return False
        if site.article_urls:
            return site.is_article_url(draft.article.url)
        return not plainly_a_listing(draft, evidence)

    def follow_links(self, site: Site, evidence: Evidence, response: Response, depth: int) -> Iterator[scrapy.Request]:
        """Requests for the page's in-site links, but those whose URL names a
        day older than the site's ``max_age`` and that the archive has no
        article from.  With article patterns, a
        page at the last depth is fetched only when it is an article: its
        links would not be followed."""
        last = depth == site.max_depth and bool(site.article_urls)
        cutoff = age_cutoff(site.max_age) if site.max_age else None
        too_old = 0
        for url in page_links(evidence, response.url):
            if not site.allows(url) or (last and not site.is_article_url(url)):
                continue
            if cutoff and older_than(url, None, cutoff) and not self.archived(url):
                too_old += 1
                continue
            request = self.site_request(site, url, depth, self.parse_page)
            if request:
                yield request
        if too_old and site.max_age:
            self.crawler.stats.inc_value("site/too_old_links", too_old)
            self.logger.info("%s: skipped %d links dated older than %s", response.url, too_old,
                             format_duration(site.max_age))
