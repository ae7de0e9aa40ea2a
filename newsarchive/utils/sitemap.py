"""Reading sitemaps: url sets, sitemap indexes and Google News sitemaps,
gzip-compressed or not (the spider is ``spiders/sitemap.py``)."""
from __future__ import annotations

import struct

from scrapy.utils.gz import gunzip

from .listing import GZIP_MAGIC, Entry, ListingError, child_texts, local_name, newest_date, parse_xml


def parse_sitemap(body: bytes) -> tuple[bool, list[Entry]]:
    """Whether the document is a sitemap index, and its entries (the
    sitemaps of an index, the pages of a url set).  A page's date is the
    newest of ``lastmod`` and ``news:publication_date``."""
    root = parse_xml(body)
    kind = local_name(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ListingError(f"not a sitemap: the document is <{kind}>")
    entries = []
    for element in root:
        if local_name(element.tag) not in ("url", "sitemap"):
            continue
        texts = child_texts(element)
        if texts.get("loc"):
            entries.append(Entry(texts["loc"], newest_date(texts.get("lastmod"), texts.get("publication_date"))))
    return kind == "sitemapindex", entries


def sitemap_body(body: bytes, max_size: int) -> bytes:
    """The XML of a sitemap, gunzipped when it is a ``.gz`` file (within
    ``max_size`` bytes; 0 for no limit)."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # Scrapy's "decompressed size exceeded"
        raise ListingError(f"larger than {max_size} bytes once decompressed") from None
    except (OSError, EOFError, struct.error) as exc:
        raise ListingError(f"broken gzip file: {exc or type(exc).__name__}") from None
