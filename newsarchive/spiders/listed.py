"""Pages listed by feeds and sitemaps: reading them safely, and the base of
the spiders that follow them.

Feeds (RSS 2.0 and 1.0, Atom, JSON Feed) and sitemaps (url sets, sitemap
indexes, Google News sitemaps, gzip-compressed or not) are read into
``Entry`` objects: a URL and the newest date given for it.  XML is parsed
with entities left unexpanded, no network access and libxml2's size limits
on; a document that declares entities (the "billion laughs" attack, an
external entity) is refused with the reason, without expanding anything.
"""
from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
import scrapy
from lxml import etree
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

from ..extraction.dates import age_cutoff, older_than
from ..extraction.urls import page_url
from ..sites import format_duration, parse_duration
from .base import ArticlePageSpider, split_urls


class ListingError(ValueError):
    """A feed or sitemap that cannot be used; the message says why."""


@dataclass(frozen=True)
class Entry:
    """A page a feed or sitemap lists; ``date`` is the newest date it gives
    (publication or modification), timezone-aware, or ``None``."""

    url: str
    date: datetime | None = None


#: Never expand entities, never fetch a DTD or anything else, keep libxml2's
#: limits on text size and nesting.
_SAFE_XML = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                 remove_comments=True, remove_pis=True, recover=True)
#: The root element of an XML document, after its prolog.
_XML_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?([\w.-]+)", re.S)
_FEED_ROOTS = {b"rss", b"feed", b"RDF"}
_SITEMAP_ROOTS = {b"urlset", b"sitemapindex"}
_GZIP_MAGIC = b"\x1f\x8b"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SNIFF_BYTES = 4096
_KIND_NAMES = {"feed": "feed", "sitemap": "sitemap", "robots": "robots.txt"}


def listing_kind(body: bytes, url: str) -> str | None:
    """``"robots"``, ``"sitemap"`` or ``"feed"``; ``None`` for anything else
    (an HTML page)."""
    if url.split("?")[0].endswith("/robots.txt"):
        return "robots"
    if body.startswith(_GZIP_MAGIC):
        return "sitemap"
    head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "feed" if b"jsonfeed.org" in head else None
    root = _XML_ROOT.match(head)
    if root and root.group(1) in _FEED_ROOTS:
        return "feed"
    if root and root.group(1) in _SITEMAP_ROOTS:
        return "sitemap"
    return None


def parse_xml(body: bytes) -> etree._Element:
    """The root of an XML document, parsed safely (see the module doc)."""
    try:
        root = etree.fromstring(body, etree.XMLParser(**_SAFE_XML))
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not well-formed XML: {exc}") from None
    if root is None:
        raise ListingError("no XML document")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ListingError("the document declares XML entities (refused: entity expansion or "
                           "external entity attack)")
    return root


def entry_date(text: str | None) -> datetime | None:
    """A W3C (ISO 8601) or RFC 822 date, in UTC when it names no zone."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _newest(*texts: str | None) -> datetime | None:
    return max(filter(None, map(entry_date, texts)), default=None)


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child_texts(element) -> dict[str, str]:
    """The text of each descendant, by local name (the first one that has
    text wins)."""
    texts: dict[str, str] = {}
    for child in element.iterdescendants():
        text = (child.text or "").strip()
        if text:
            texts.setdefault(_local(child.tag), text)
    return texts


# -- sitemaps -----------------------------------------------------------------

def parse_sitemap(body: bytes) -> tuple[bool, list[Entry]]:
    """Whether the document is a sitemap index, and its entries (the
    sitemaps of an index, the pages of a url set).  A page's date is the
    newest of ``lastmod`` and ``news:publication_date``."""
    root = parse_xml(body)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ListingError(f"not a sitemap: the document is <{kind}>")
    entries = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        texts = _child_texts(element)
        if texts.get("loc"):
            entries.append(Entry(texts["loc"], _newest(texts.get("lastmod"), texts.get("publication_date"))))
    return kind == "sitemapindex", entries


def sitemap_body(body: bytes, max_size: int) -> bytes:
    """The XML of a sitemap, gunzipped when it is a ``.gz`` file (within
    ``max_size`` bytes; 0 for no limit)."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # Scrapy's "decompressed size exceeded"
        raise ListingError(f"larger than {max_size} bytes once decompressed") from None
    except (OSError, EOFError, struct.error) as exc:
        raise ListingError(f"broken gzip file: {exc or type(exc).__name__}") from None


# -- feeds ----------------------------------------------------------------------

def _atom_link(entry) -> str | None:
    """The ``alternate`` link of an Atom entry (a link without ``rel`` is one)."""
    for link in entry:
        if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _xml_feed_entries(root, base_url: str) -> list[Entry]:
    kind = _local(root.tag)
    if kind not in ("rss", "feed", "RDF"):
        raise ListingError(f"not a feed: the document is <{kind}>")
    entries = []
    for item in root.iter():
        name = _local(item.tag)
        if name == "entry":  # Atom
            texts = _child_texts(item)
            url, date = _atom_link(item), _newest(texts.get("published"), texts.get("updated"))
        elif name == "item":  # RSS 2.0 and 1.0
            texts = _child_texts(item)
            guid = item.find("guid")
            permalink = texts.get("guid") if guid is not None and guid.get("isPermaLink", "true") == "true" else None
            url = texts.get("link") or item.get(f"{{{_RDF}}}about") or permalink
            date = _newest(texts.get("pubDate"), texts.get("date"), texts.get("updated"))
        else:
            continue
        url = page_url(base_url, url) if url else None
        if url:
            entries.append(Entry(url, date))
    return entries


def _json_feed_entries(body: bytes, base_url: str) -> list[Entry]:
    try:
        feed = json.loads(body)
    except ValueError as exc:
        raise ListingError(f"not valid JSON: {exc}") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ListingError("not a JSON Feed: no \"items\" list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        url = page_url(base_url, url) if isinstance(url, str) and url.strip() else None
        if url:
            entries.append(Entry(url, _newest(item.get("date_published"), item.get("date_modified"))))
    return entries


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """The entries of an RSS, Atom or JSON feed, links made absolute."""
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_feed_entries(body, base_url)
    return _xml_feed_entries(parse_xml(body), base_url)


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
    an entry becomes in ``listed_page_request`` and ``listing_request``."""

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

    def parse_listing(self, response: Response, kind: str | None = None):
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
        max_age = self.entries_max_age(response)
        entries, too_old = split_by_age(entries, max_age, archived=self.archived)
        if too_old:
            self.crawler.stats.inc_value("listed/too_old", too_old)
            self.logger.info("%s: skipped %d entries older than %s", response.url, too_old,
                             format_duration(max_age))
        follow = self.listing_request if is_index else self.listed_page_request
        yield from filter(None, (follow(entry, response) for entry in entries))

    def refuse(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value("listed/refused")
        self.logger.warning("refused %s: %s", response.url, reason)
