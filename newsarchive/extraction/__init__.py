"""Article extraction: HTML and URL in, a clean ``Article`` out.

``gather_evidence`` parses a page once; each step in ``STEPS`` then fills one
group of fields of the article from that evidence.  The crawl runs the same
steps as item pipelines (``newsarchive.pipelines``), ``newsarchive extract``
and re-extraction from a WARC run them through ``extract_article``.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..items import Article, Evidence, Page
from .authors import fill_authors
from .body import fill_body
from .classify import NotAnArticle, check_article
from .dateline import fill_dateline
from .dates import fill_dates
from .decode import decode_html
from .evidence import PageError, gather_evidence
from .headline import fill_headline
from .images import fill_images
from .metadata import fill_identity, fill_metadata
from .selectors import apply_selectors, check_selectors

#: The extraction steps in the order they run; each is ``step(article, evidence)``.
STEPS = (
    fill_identity,
    fill_headline,
    fill_metadata,
    fill_authors,
    fill_dates,
    fill_body,
    fill_dateline,
    fill_images,
    apply_selectors,  # the site's own selectors (sites file), when the evidence has any
    check_article,
)


def page_evidence(page: Page) -> Evidence:
    """The evidence of a fetched page: decoded as a browser does, parsed,
    with the site's selectors; ``PageError`` when it cannot be read."""
    evidence = gather_evidence(decode_html(page.body, page.content_type), page.url)
    evidence.selectors = dict(page.selectors)
    return evidence


def extract_article(html: str | bytes, url: str, *, selectors: Mapping[str, str] | None = None,
                    fetched_at: str | None = None, content_type: str | None = None) -> Article:
    """Extract the article of one page, as a crawl does.

    ``html`` is the page as text, or as the bytes fetched (decoded as a
    browser would, ``content_type`` being the HTTP ``Content-Type``
    header); ``url`` its address, for links and the article's id.
    ``selectors`` are a site's own (field -> CSS or XPath selector, as in
    the sites file): each overrides the field it matches.  ``fetched_at``
    (ISO 8601) is when the page was fetched: no date of it is later.

    Raises ``ValueError`` for a bad selector, ``PageError`` when the input
    is not a readable HTML page and ``NotAnArticle`` when it is a page but
    not an article (home, section or error page); each carries the reason.
    """
    checked = check_selectors(selectors or {})
    if isinstance(html, bytes):
        html = decode_html(html, content_type)
    evidence = gather_evidence(html, url)
    evidence.selectors = checked
    article = Article(url=url, fetched_at=fetched_at)
    for step in STEPS:
        step(article, evidence)
    return article


__all__ = ["Article", "Evidence", "NotAnArticle", "PageError", "STEPS", "extract_article",
           "gather_evidence", "decode_html", "page_evidence"]
