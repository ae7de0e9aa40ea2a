"""What feeds and sitemaps have in common: the entries they list, telling
one kind of listing from another, and reading XML safely.

XML is parsed with entities left unexpanded, no network access and
libxml2's size limits on; a document that declares entities (the "billion
laughs" attack, an external entity) is refused with the reason, without
expanding anything.  Pure functions over bytes, as Scrapy's
``utils/sitemap.py``; the spiders that follow listings are in ``spiders/``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from lxml import etree


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
GZIP_MAGIC = b"\x1f\x8b"
#: How many levels of listings named by listings a crawl reads (``LISTING_MAX_DEPTH``).
DEFAULT_MAX_DEPTH = 4
_SNIFF_BYTES = 4096


def listing_kind(body: bytes, url: str) -> str | None:
    """``"robots"``, ``"sitemap"`` or ``"feed"``; ``None`` for anything else
    (an HTML page)."""
    if url.split("?")[0].endswith("/robots.txt"):
        return "robots"
    if body.startswith(GZIP_MAGIC):
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


def newest_date(*texts: str | None) -> datetime | None:
    return max(filter(None, map(entry_date, texts)), default=None)


def local_name(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def child_texts(element) -> dict[str, str]:
    """The text of each descendant, by local name (the first one that has
    text wins)."""
    texts: dict[str, str] = {}
    for child in element.iterdescendants():
        text = (child.text or "").strip()
        if text:
            texts.setdefault(local_name(child.tag), text)
    return texts


# -- sitemaps -----------------------------------------------------------------
