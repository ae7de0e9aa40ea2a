"""The last item pipeline: the article version into the archive, and the
``Article`` out.

Each new article version is written as JSON under ``ARCHIVE_DIR/articles``
and catalogued (``archive.storage.ArchiveStorage.store_article``); an
article fetched again unchanged is not stored again, a changed one is
stored with a ``version`` object.  Counts ``newsarchive/new_articles``,
``newsarchive/new_versions`` and ``newsarchive/unchanged`` in the crawl's
stats.  An article that cannot be written (a full disk, a locked
catalogue) is one error line, counted in ``newsarchive/store_failed``; it
still goes on to the feeds, and its page is in the WARC files, to extract
again.  An archive that takes no more writes stops the crawl
(``extensions.archive_unwritable``).  Whatever happens, the item that leaves is the ``Article`` alone,
for the feeds: with the archive off (``ARCHIVE_ENABLED``) that is all it does.
"""
from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Any, Self

from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from ..archive.storage import ArchiveStorage, ArchiveUnwritable
from ..extensions import archive_storage, archive_unwritable
from ..items import Article, Draft
from ..utils.deprecate import moved

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
#: ``Stored.outcome`` -> the stat it counts in.
STATS = {"new": "newsarchive/new_articles", "version": "newsarchive/new_versions",
         "unchanged": "newsarchive/unchanged"}


class StoreArticlePipeline:
    def __init__(self, storage: ArchiveStorage | None, stats: StatsCollector, crawler: Crawler | None = None):
        self.storage = storage
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        try:
            storage: ArchiveStorage | None = archive_storage(crawler)
        except NotConfigured:
            storage = None
        return cls(storage, crawler.stats, crawler)

    def process_item(self, item: Any) -> Any:
        article = item.article if isinstance(item, Draft) else item
        if self.storage is not None and isinstance(article, Article):
            self.store(article)
        return article

    def store(self, article: Article) -> None:
        assert self.storage is not None
        try:
            stored = self.storage.store_article(article.to_dict())
        except (OSError, sqlite3.Error) as exc:  # a full disk, a locked catalogue: the next articles may fare better
            self.stats.inc_value("newsarchive/store_failed")
            if isinstance(exc, ArchiveUnwritable) and self.crawler is not None:  # the crawl stops, saying why
                log.warning("article not stored: %s: %s", article.url, exc)
                archive_unwritable(self.crawler, exc)
            else:
                log.error("article not stored: %s: %s", article.url, exc)
            return
        self.stats.inc_value(STATS[stored.outcome])
        if stored.outcome == "unchanged":
            log.debug("unchanged since %s: %s", stored.json_path, article.url)
        elif stored.version:
            log.info("new version %d of %s: %s changed", stored.version["number"], article.url,
                     ", ".join(stored.version.get("changed", [])) or "content")


__getattr__ = moved(__name__, {"FetchImagesPipeline": "newsarchive.pipelines.images.FetchImagesPipeline"})
