"""The item pipeline that turns the evidence of a page into a clean article.

It runs the extraction steps (``newsarchive.extraction.STEPS``), the same
functions ``newsarchive extract`` runs offline, on each ``Draft`` the
spiders yield; the last step drops a page that is not an article.  A step
that fails on a page drops that page with the reason, and the crawl goes on.
"""
from __future__ import annotations

import logging
import warnings
from typing import Any

from scrapy.exceptions import DropItem

from ..extraction import STEPS, NotAnArticle
from ..items import Draft

log = logging.getLogger(__name__)


class PageDropped(DropItem):
    """A page the pipelines drop.  The message names the URL ("not an
    article: URL: listing page: root URL"), ``reason`` is the message
    without it."""

    def __init__(self, url: str, kind: str, detail: str, log_level: str | None = None):
        super().__init__(f"{kind}: {url}: {detail}", log_level)
        self.url = url
        self.reason = f"{kind}: {detail}"


def extract_draft(draft: Draft) -> None:
    """Run every extraction step on a ``Draft``.  ``PageDropped`` for a page
    that is not an article and, as a last resort, for any other exception:
    every bad input known is handled inside the steps, so this one is a bug
    met on an odd page, logged as an error (its traceback at DEBUG level)
    without stopping the crawl."""
    for step in STEPS:
        try:
            step(draft.article, draft.evidence)
        except NotAnArticle as exc:
            raise PageDropped(draft.article.url, "not an article", str(exc)) from None
        except Exception as exc:
            log.debug("%s failed on %s", step.__name__, draft.article.url, exc_info=True)
            raise PageDropped(draft.article.url, "extraction failed",
                              f"{step.__name__}: {type(exc).__name__}: {exc}", log_level="ERROR") from None


class ExtractArticlePipeline:
    """Fills in the article of each ``Draft``; other items pass."""

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Draft):
            extract_draft(item)
        return item


class _SupersededPipeline:
    """One of the pipelines of a single step, before ``ExtractArticlePipeline``
    ran them all: passes items on."""

    def process_item(self, item: Any) -> Any:
        return item


#: The pipelines of one extraction step each, which newsarchive 0.1 settings
#: name: the first now runs every step, the others pass items on.  Kept for
#: one release.
_ONE_STEP_PIPELINES = ("IdentityPipeline", "HeadlinePipeline", "MetadataPipeline", "AuthorsPipeline",
                       "DatesPipeline", "BodyPipeline", "DatelinePipeline", "ImagesPipeline", "SelectorsPipeline",
                       "ArticleCheckPipeline")


def __getattr__(name: str) -> type:
    if name not in _ONE_STEP_PIPELINES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(f"{__name__}.{name} is deprecated: ITEM_PIPELINES should name "
                  f"{__name__}.ExtractArticlePipeline, which runs every extraction step",
                  DeprecationWarning, stacklevel=2)
    return ExtractArticlePipeline if name == _ONE_STEP_PIPELINES[0] else _SupersededPipeline
