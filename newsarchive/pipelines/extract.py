"""Item pipelines that turn the evidence of a page into a clean article.

Each pipeline runs one extraction step (``newsarchive.extraction``), the
same function ``newsarchive extract`` runs offline; the last one drops pages
that are not articles and emits the ``Article`` alone.  A step that fails on
a page drops that page with the reason, and the crawl goes on.
"""
from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from ..extraction import NotAnArticle
from ..extraction.authors import fill_authors
from ..extraction.body import fill_body
from ..extraction.classify import check_article
from ..extraction.dateline import fill_dateline
from ..extraction.dates import fill_dates
from ..extraction.headline import fill_headline
from ..extraction.images import fill_images
from ..extraction.metadata import fill_identity, fill_metadata
from ..extraction.selectors import apply_selectors
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


def run_step(step, draft: Draft) -> None:
    """Run one extraction step on a ``Draft``.  ``PageDropped`` for a page
    that is not an article and, as a last resort, for any other exception:
    every bad input known is handled inside the steps, so this one is a bug
    met on an odd page, logged as an error (its traceback at DEBUG level)
    without stopping the crawl."""
    try:
        step(draft.article, draft.evidence)
    except NotAnArticle as exc:
        raise PageDropped(draft.article.url, "not an article", str(exc)) from None
    except Exception as exc:
        log.debug("%s failed on %s", step.__name__, draft.article.url, exc_info=True)
        raise PageDropped(draft.article.url, "extraction failed",
                          f"{step.__name__}: {type(exc).__name__}: {exc}", log_level="ERROR") from None


class StepPipeline:
    """Runs ``step(article, evidence)`` on each ``Draft``; other items pass."""

    step = staticmethod(lambda article, evidence: None)

    def process_item(self, item, spider=None):
        if isinstance(item, Draft):
            run_step(self.step, item)
        return item


class IdentityPipeline(StepPipeline):
    step = staticmethod(fill_identity)


class HeadlinePipeline(StepPipeline):
    step = staticmethod(fill_headline)


class MetadataPipeline(StepPipeline):
    step = staticmethod(fill_metadata)


class AuthorsPipeline(StepPipeline):
    step = staticmethod(fill_authors)


class DatesPipeline(StepPipeline):
    step = staticmethod(fill_dates)


class BodyPipeline(StepPipeline):
    step = staticmethod(fill_body)


class DatelinePipeline(StepPipeline):
    step = staticmethod(fill_dateline)


class ImagesPipeline(StepPipeline):
    step = staticmethod(fill_images)


class SelectorsPipeline(StepPipeline):
    """The site's own selectors, where generic extraction fails on it."""
    step = staticmethod(apply_selectors)


class ArticleCheckPipeline:
    """Drops a page that is not an article, with the reason, and emits the
    finished ``Article``."""

    def process_item(self, item, spider=None):
        if not isinstance(item, Draft):
            return item
        run_step(check_article, item)
        return item.article
