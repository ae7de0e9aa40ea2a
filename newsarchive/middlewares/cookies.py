"""Scrapy's cookies, without the Public Suffix List downloaded at run time.

Scrapy's ``CookiesMiddleware`` refuses cookies set for a public suffix
(``Domain=.co.uk``) with a ``tldextract.TLDExtract`` it builds with the
default, which downloads the list from the internet on the first
``Set-Cookie`` (offline: a dozen tracebacks).  This one has Scrapy use the
offline list every part of newsarchive uses (``extraction.urls.PUBLIC_SUFFIXES``,
the snapshot shipped in ``tldextract``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares import cookies

from ..extraction.urls import PUBLIC_SUFFIXES

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class OfflineCookiesMiddleware(cookies.CookiesMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        cookies._split_domain = PUBLIC_SUFFIXES  # where Scrapy (2.14 to 2.19) keeps its extractor
        return super().from_crawler(crawler)
