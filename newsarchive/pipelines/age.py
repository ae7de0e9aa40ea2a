"""The item pipeline that keeps new old articles out of the archive.

A page crawled for a site with ``max_age`` (sites file) whose article was
published longer than that before it was fetched is dropped, with the
reason.  An article the archive has already is kept whatever its age: it
was fetched again because its site's revisit policy said so
(``middlewares.revisits``), and an edit of it becomes a new version.  It
runs after the extraction, before the article's pictures are fetched.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured

from ..archive.storage import ArchiveStorage
from ..extensions import archive_storage
from ..extraction.dates import latest_instant
from ..items import Article, Draft
from ..utils.timeutils import format_duration
from .extract import PageDropped

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def published_too_early(article: Article, max_age: timedelta) -> bool:
    """Whether the article was published longer than ``max_age`` before it
    was fetched; an article without either date is not."""
    published, fetched = latest_instant(article.published), latest_instant(article.fetched_at)
    return published is not None and fetched is not None and fetched - published > max_age


class MaxAgePipeline:
    def __init__(self, storage: ArchiveStorage | None):
        #: The archive, whose articles are spared; ``None`` when the archive is off.
        self.storage = storage

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        try:
            return cls(archive_storage(crawler))
        except NotConfigured:
            return cls(None)

    def process_item(self, item: Any) -> Any:
        if not (isinstance(item, Draft) and item.max_age and published_too_early(item.article, item.max_age)):
            return item
        article = item.article
        if self.storage and article.id and self.storage.has_article(article.id):  # a revisit: edits are versions
            return item
        raise PageDropped(article.url, "too old", f"published {article.published}, more than "
                          f"{format_duration(item.max_age)} before it was fetched (max_age)")
