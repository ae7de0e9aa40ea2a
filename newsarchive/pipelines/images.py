"""The item pipeline that fetches the pictures of each article, so that the
WARC files hold them and a replay shows the page with its pictures.

As Scrapy's ``FilesPipeline`` fetches the files an item names, it fetches
the pictures the extraction found (``Draft.picture_urls``: each of
``Article.images`` and every rendition the page offers for it, ``src``,
``srcset``, the ``<source>`` of its ``<picture>``, lazy-loading
attributes), so that a replay at any screen size finds them; each URL once
a crawl.  Only downloader middlewares see these
requests (the WARC middleware archives them): nothing else is parsed or
kept.  In an incremental run (``INCREMENTAL``), not those of a page
archived as a revisit: the same bytes as before, the same pictures,
archived then.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http.request import NO_CALLBACK

from ..archive.storage import is_revisit
from ..items import Draft

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
            raise NotConfigured("ARCHIVE_IMAGES is off")
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, Draft) and not (self.skip_revisited and is_revisit(item.article.capture)):
            urls = [url for url in item.picture_urls if url not in self.requested]
            self.requested.update(urls)
            await asyncio.gather(*(self.fetch(url, referer=item.article.url) for url in urls))
        return item

    async def fetch(self, url: str, referer: str) -> None:
        request = Request(url, callback=NO_CALLBACK, headers={"Accept": IMAGE_ACCEPT, "Referer": referer})
        assert self.crawler.engine is not None
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # a picture that cannot be fetched must not lose its article
            log.warning("picture not archived: %s: %s", url, exc)
            return
        if response.status >= 400:
            log.warning("picture %s: HTTP %d", url, response.status)
