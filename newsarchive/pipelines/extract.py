"""Item pipelines that turn the evidence of a page into a clean article.

Each pipeline runs one extraction step (``newsarchive.extraction``), the
same function ``newsarchive extract`` runs offline; the last one drops pages
that are not articles and emits the ``Article`` alone.
"""
from __future__ import annotations

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


class StepPipeline:
    """Runs ``step(article, evidence)`` on each ``Draft``; other items pass."""

    step = staticmethod(lambda article, evidence: None)

    def process_item(self, item, spider=None):
        if isinstance(item, Draft):
            self.step(item.article, item.evidence)
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
        try:
            check_article(item.article, item.evidence)
        except NotAnArticle as exc:
            raise DropItem(f"not an article: {item.article.url}: {exc}") from None
        return item.article
