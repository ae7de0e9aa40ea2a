"""The item pipeline that turns a fetched page into a clean article.

It runs the extraction steps (``newsarchive.extraction.STEPS``), the same
functions ``newsarchive extract`` runs offline, on each ``Draft`` the
spiders yield; the last step drops a page that is not an article.  A step
that fails on a page drops that page with the reason, and the crawl goes on.

Extraction is most of a crawl's work, and Scrapy runs on one core: with
``EXTRACTION_PROCESSES`` above 0 it runs in a pool of that many processes
(started fresh, not forked from the crawl; replaced by fresh ones after
``EXTRACTION_PROCESS_PAGES`` pages, which bounds their memory), while the
crawl's process fetches and archives.  A page goes there as plain data (``items.Page``)
and comes back as its ``Article`` and the URLs of its pictures; what the
extraction logs there is logged here, as if it ran here.  What runs there
is in ``extract_worker``, without Scrapy.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DropItem

from ..items import Draft
from .extract_worker import Extracted, Unextractable, extract_in_worker, extract_page, start_worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class PageDropped(DropItem):
    """A page the pipelines drop.  The message names the URL ("not an
    article: URL: listing page: root URL"), ``reason`` is the message
    without it."""

    def __init__(self, url: str, kind: str, detail: str, log_level: str | None = None):
        super().__init__(f"{kind}: {url}: {detail}", log_level)
        self.url = url
        self.reason = f"{kind}: {detail}"

    @classmethod
    def of(cls, page: Unextractable) -> Self:
        return cls(page.url, page.kind, page.detail, page.log_level)


class ExtractArticlePipeline:
    """Fills in the article of each ``Draft``; other items pass."""

    def __init__(self, processes: int = 0, pages_per_pool: int = 0):
        self.processes = processes
        self.pages_per_pool = pages_per_pool
        self.pool: ProcessPoolExecutor | None = None
        self.submitted = 0
        self.replacing = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(extraction_processes(crawler.settings.get("EXTRACTION_PROCESSES")),
                       pages_per_pool(crawler.settings.get("EXTRACTION_PROCESS_PAGES")))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item: Any) -> Any:
        """The item, filled in here; with a pool, a coroutine that awaits it."""
        if not isinstance(item, Draft):
            return item
        if self.processes and item.page is not None:
            return self.extract_in_pool(item)
        try:
            self.fill(item, extract_page(item.article, item.page, item.evidence))
        except Unextractable as exc:
            raise PageDropped.of(exc) from None
        return item

    @staticmethod
    def fill(draft: Draft, extracted: Extracted) -> None:
        draft.article, draft.picture_urls = extracted.article, extracted.picture_urls
        if draft.page is not None:  # the page's tree, which the page gives again, goes now, with its memory
            draft.evidence = None

    async def pool_for_next_page(self) -> ProcessPoolExecutor:
        """The pool that takes the next page: a fresh one once the current
        one has had ``pages_per_pool`` pages, started only when the old one
        has finished its pages and exited (never both at once: the point is
        memory)."""
        async with self.replacing:
            if self.pool is not None and self.pages_per_pool and self.submitted >= self.pages_per_pool:
                old, self.pool = self.pool, None
                await asyncio.to_thread(old.shutdown)
            if self.pool is None:
                level = logging.getLogger("newsarchive").getEffectiveLevel()
                self.pool = ProcessPoolExecutor(self.processes, multiprocessing.get_context("spawn"),
                                                start_worker, (level, os.getpid()))
                self.submitted = 0
            self.submitted += 1
            return self.pool

    async def extract_in_pool(self, draft: Draft) -> Draft:
        assert draft.page is not None
        pool = await self.pool_for_next_page()
        try:
            result, records = await asyncio.wrap_future(pool.submit(extract_in_worker, draft.article, draft.page))
        except BrokenProcessPool:  # killed (out of memory...): the pages it had are lost, not the crawl
            self.pool = None
            raise PageDropped(draft.article.url, "extraction failed", "the extraction process died",
                              log_level="ERROR") from None
        for record in records:
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        if isinstance(result, Unextractable):
            raise PageDropped.of(result)
        self.fill(draft, result)
        return draft

    def spider_closed(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def extraction_processes(value: Any) -> int:
    """``EXTRACTION_PROCESSES``: a number, or ``"auto"`` for one a core
    beyond the crawl's own, at least one (two cores: one); ``ValueError``
    for anything else."""
    if value == "auto":
        return max((os.cpu_count() or 1) - 1, 1)
    return _count(value, "expected a number of processes (0: none) or auto")


def pages_per_pool(value: Any) -> int:
    """``EXTRACTION_PROCESS_PAGES``: a number of pages (0: never replaced);
    ``ValueError`` for anything else."""
    return _count(value, "expected a number of pages (0: never replaced)")


def _count(value: Any, error: str) -> int:
    """``value`` as a whole number of 0 or more (empty: 0), else ``ValueError(error)``."""
    try:
        count = int(value or 0)
    except ValueError:
        raise ValueError(error) from None
    if count < 0:
        raise ValueError(error)
    return count


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
