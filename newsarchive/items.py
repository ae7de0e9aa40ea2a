"""The article item: what one news page becomes.

Typed dataclasses (Scrapy handles them through itemadapter).  ``Article`` is
what pipelines emit and what is written as JSON; ``Evidence`` is what the
extraction gathers from a page before the pipelines normalise it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any


@dataclass
class Image:
    """One picture of the article, as the absolute URL of its largest rendition."""

    url: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    lead: bool = False


@dataclass
class Article:
    """A clean news article.

    ``sources`` names, for each field that has a value, where it came from:
    ``"json-ld"``, ``"microdata"``, ``"meta"`` (OpenGraph, Twitter, Dublin
    Core, ``<meta name>``), ``"page"`` (the visible document) or
    ``"url"``, so that a wrong value can be traced.
    """

    url: str
    canonical_url: str | None = None
    id: str | None = None
    headline: str | None = None
    #: The short line printed above the headline (topline, eyebrow).
    kicker: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    dateline: str | None = None
    body: str = ""
    images: list[Image] = field(default_factory=list)
    is_free: bool | None = None
    fetched_at: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    #: Where the page's response is archived: WARC file, offset, length,
    #: record id, WARC-Date, payload digest (``archive.warc.records.Capture``).
    capture: dict | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Evidence:
    """What the spider gathers from a page, before the pipelines normalise it.

    ``tree`` is the parsed document (``lxml.html``); ``jsonld`` every JSON-LD
    object of the page with ``@graph`` flattened; ``article_data`` the one
    among them (or microdata) that describes the article; ``meta`` the
    ``<meta>`` tags keyed by lower-cased ``name``/``property``/``itemprop``,
    each with all its values in page order.
    """

    url: str
    tree: Any
    jsonld: list[dict] = field(default_factory=list)
    article_data: dict = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    #: The site's own selectors (sites file), field -> CSS or XPath, applied
    #: after the generic steps (``extraction.selectors``); empty for most pages.
    selectors: dict[str, str] = field(default_factory=dict)


@dataclass
class Page:
    """A fetched page as the extraction reads it (in the crawl's process or
    in an extraction process: plain data): the body as received, content
    encoding removed, its ``Content-Type`` and URL, and the site's own
    selectors (sites file), field -> CSS or XPath, for ``extraction.selectors``."""

    url: str
    body: bytes
    content_type: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)


@dataclass
class Draft:
    """The item between spider and pipelines: an article being filled in
    from its page (or from evidence gathered already).  The last pipeline
    emits ``article`` alone."""

    article: Article
    page: Page | None = None
    #: The page's evidence, when the spider gathered it (the ``site`` spider
    #: reads its links); else the extraction gathers it from ``page``.
    evidence: Evidence | None = None
    #: The site's ``max_age`` (sites file): an article published longer
    #: before its fetch is dropped (``pipelines.age``), unless the archive
    #: has it already; ``None``: any age.
    max_age: timedelta | None = None
    #: The ``site`` and ``max_pages`` of the page's site (``site`` spider):
    #: the requests for its pictures carry them too, and count towards the
    #: site's ``max_pages`` (``middlewares.budget``).
    site_meta: dict[str, Any] = field(default_factory=dict)
    #: The URLs a browser may load for the article's pictures, found by the
    #: extraction (``pipelines.images``).
    picture_urls: list[str] = field(default_factory=list)
