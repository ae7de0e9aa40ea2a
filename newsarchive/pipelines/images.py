"""The item pipeline that fetches the pictures of each article, so that the
WARC files hold them and a replay shows the page with its pictures.

As Scrapy's ``FilesPipeline`` fetches the files an item names, it fetches
the pictures the extraction found (``Draft.picture_urls``: each of
``Article.images`` and every rendition the page offers for it, ``src``,
``srcset``, the ``<source>`` of its ``<picture>``, lazy-loading
attributes), so that a replay at any screen size finds them; each URL once
a crawl.  They count towards the ``max_pages`` of the article's site
(``Draft.site_meta``, ``middlewares.budget``).  Only downloader middlewares see these
requests (the WARC middleware archives them): nothing else is parsed or
kept.  In an incremental run (``INCREMENTAL``), not those of a page
archived as a revisit: the same bytes as before, the same pictures,
archived then.

A picture that cannot be archived (no answer after Scrapy's retries, an
HTTP error status) is one error line, ``picture not archived: URL:
reason``, counted in the run's errors as a page's is; its article is kept.
One refused for the crawl's safety or politeness (``max_pages``, a URL that
is no web page, robots.txt) is counted as refused.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK

from ..archive.storage import is_revisit
from ..items import Draft
from ..middlewares.urls import RefusedRequest, count_refused
from ..spiders.base import failure_reason

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
#: What a browser asks for when it loads a picture.
IMAGE_ACCEPT = "image/avif,image/webp,image/*,*/*;q=0.8"


class FetchImagesPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.requested: set[str] = set()
        self.skip_revisited = crawler.settings.getbool("INCREMENTAL")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_IMAGES"):
            raise NotConfigured
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, Draft) and not (self.skip_revisited and is_revisit(item.article.capture)):
            urls = self.not_requested(item.picture_urls)
            await asyncio.gather(*(self.fetch(url, item.article.url, item.site_meta) for url in urls))
        return item

    def not_requested(self, urls: list[str]) -> list[str]:
        """Those of ``urls`` not requested yet in the crawl, now requested
        (workers sharing a crawl ask Redis: ``distributed.worker``)."""
        new = [url for url in urls if url not in self.requested]
        self.requested.update(new)
        return new

    async def fetch(self, url: str, referer: str, site_meta: dict) -> None:
        request = Request(url, callback=NO_CALLBACK, headers={"Accept": IMAGE_ACCEPT, "Referer": referer},
                          meta=dict(site_meta))
        assert self.crawler.engine is not None
        try:
            response = await self.crawler.engine.download_async(request)
        except RefusedRequest as exc:  # its site's max_pages used up, a URL that is no web page
            count_refused(self.crawler.stats, exc)
            log.log(exc.log_level, "picture not archived: %s: %s", url, exc.reason)
            return
        except IgnoreRequest as exc:  # robots.txt (counted in robotstxt/forbidden)
            log.warning("picture not archived: %s: %s", url, exc)
            return
        except Exception as exc:  # a picture that cannot be fetched must not lose its article
            log.error("picture not archived: %s: %s", url, failure_reason(exc))
            return
        if response.status >= 400:
            log.error("picture not archived: %s: HTTP %d", url, response.status)
