"""An item pipeline that keeps old articles out of a site crawl.

A site crawl reaches articles through section pages and links that carry no
date; the site's ``max_age`` (``Draft.max_age``) is applied to what the
extraction found: a new article published longer before it was fetched is
dropped, with the reason.  An article the archive has already (its id is
catalogued) is kept whatever its age: it was fetched again because its
site's revisit policy said so (``archive.incremental``), and an edit of it
becomes a new version.  It runs after the dates and the site's selectors
are filled in, and before the article's pictures are fetched.
"""
from __future__ import annotations

from datetime import timedelta

from ..archive.catalog import Catalog
from ..archive.layout import ArchiveLayout
from ..extraction.dates import latest_instant
from ..items import Article, Draft
from ..sites import format_duration
from .extract import PageDropped


def published_too_early(article: Article, max_age: timedelta) -> bool:
    """Whether the article was published longer than ``max_age`` before it
    was fetched; an article without either date is not."""
    published, fetched = latest_instant(article.published), latest_instant(article.fetched_at)
    return bool(published and fetched) and fetched - published > max_age


class MaxAgePipeline:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    @classmethod
    def from_crawler(cls, crawler):
        return cls(Catalog(ArchiveLayout.from_settings(crawler.settings).catalog_path))

    def close_spider(self):
        self.catalog.close()

    def process_item(self, item, spider=None):
        if not (isinstance(item, Draft) and item.max_age and published_too_early(item.article, item.max_age)):
            return item
        article = item.article
        if self.catalog.latest_version(article.id) is not None:  # a revisit: its edits are new versions
            return item
        raise PageDropped(article.url, "too old", f"published {article.published}, more than "
                          f"{format_duration(item.max_age)} before it was fetched (max_age)")
