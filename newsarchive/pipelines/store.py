"""Item pipelines that keep articles: the clean JSON of each version, with
its catalogue row, and the article's pictures fetched into the WARC archive.
"""
from __future__ import annotations

import asyncio
import json
import logging
import sqlite3

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http.request import NO_CALLBACK

from ..archive.catalog import Catalog
from ..archive.jsonstore import article_version, relative_json_path, write_json_atomic
from ..archive.layout import ArchiveLayout
from ..archive.versions import changed_fields, version_record
from ..extraction.images import best_url, rendition_candidates
from ..extraction.urls import absolute_url, http_url_error
from ..items import Article, Draft

log = logging.getLogger(__name__)
#: What a browser asks for when it loads a picture.
IMAGE_ACCEPT = "image/avif,image/webp,image/*,*/*;q=0.8"


class StoreArticlePipeline:
    """Writes each new article version as JSON under ``ARCHIVE_DIR/articles``
    and catalogues it; an article fetched again unchanged is not stored again.
    A changed one is stored with a ``version`` object: its number, the JSON
    of the version before, and what changed (``archive.versions``).  A page
    archived as a revisit record (the same bytes as its last capture) is
    unchanged whatever the extraction now makes of it: a new version is an
    edit of the page, not of the extractor.  Counts
    ``newsarchive/new_articles``, ``newsarchive/new_versions`` and
    ``newsarchive/unchanged`` in the crawl's stats.  An article that cannot
    be written (a full disk, a locked catalogue) is one error line, counted
    in ``newsarchive/store_failed``; it still goes on to the feeds, and its
    page is in the WARC files, to extract again."""

    def __init__(self, layout: ArchiveLayout, catalog: Catalog, stats=None):
        self.layout = layout
        self.catalog = catalog
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        layout = ArchiveLayout.from_settings(crawler.settings)
        return cls(layout, Catalog(layout.catalog_path), crawler.stats)

    def count(self, what: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newsarchive/{what}")

    def close_spider(self):
        self.catalog.close()

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        try:
            return self.store(item)
        except (OSError, sqlite3.Error) as exc:  # a full disk, a locked catalogue: the next articles may fare better
            log.error("article not stored: %s: %s", item.url, exc)
            self.count("store_failed")
            return item

    def store(self, item: Article) -> Article:
        article = item.to_dict()
        path = relative_json_path(article)
        version = article_version(article, path)
        latest = self.catalog.latest_version(version.article_id)
        if latest and (latest["content_hash"] == version.content_hash or is_revisit(article.get("capture"))):
            return self.unchanged(latest, item)
        if latest:
            before = self.read_version(latest["json_path"])
            if before is not None and not changed_fields(before, article):  # catalogued by an older hash
                return self.unchanged(latest, item)
            article["version"] = self.version_record(latest, before, article)
            log.info("new version %d of %s: %s changed", article["version"]["number"], item.url,
                     ", ".join(article["version"].get("changed", [])) or "content")
        write_json_atomic(self.layout.root / path, article)
        self.catalog.add_article(version)
        self.count("new_versions" if latest else "new_articles")
        return item

    def unchanged(self, latest, item: Article) -> Article:
        log.debug("unchanged since %s: %s", latest["json_path"], item.url)
        self.count("unchanged")
        return item

    def read_version(self, json_path: str) -> dict | None:
        try:
            return json.loads((self.layout.root / json_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:  # the changes are lost, not the new version
            log.warning("cannot read the version before, %s: %s", json_path, exc)
            return None

    def version_record(self, latest, before: dict | None, article: dict) -> dict:
        """The ``version`` object of a new version of an archived article."""
        number = len(self.catalog.versions(article["id"])) + 1
        if before is None:
            return {"number": number, "previous": latest["json_path"]}
        return version_record(number, latest["json_path"], before, article)


def is_revisit(capture: dict | None) -> bool:
    """Whether a page was archived as a revisit: the same payload as the
    last capture of its URL."""
    return (capture or {}).get("record_type") == "revisit"


def picture_urls(draft: Draft) -> list[str]:
    """The URLs a browser may load for the article's pictures: each picture's
    own URL and every rendition the page offers for it (``src``, ``srcset``,
    the ``<source>`` of its ``<picture>``, lazy-loading attributes), so that
    a replay at any screen size finds the picture.  Malformed URLs are left out."""
    base = draft.evidence.url
    wanted = [image.url for image in draft.article.images]
    urls = list(wanted)
    for img in draft.evidence.tree.iter("img"):
        if best_url(img, base) in wanted:
            urls += [absolute_url(base, url) for url, _ in rendition_candidates(img)]
    return [url for url in dict.fromkeys(urls) if url and http_url_error(url) is None]


class FetchImagesPipeline:
    """Fetches the pictures of each page the extraction found (all their
    renditions), once a run, so that the WARC middleware archives them and
    a replay shows the page with its pictures.  In an incremental run
    (``INCREMENTAL``), not those of a page archived as a revisit: the same
    bytes as before, the same pictures, archived then.  Only downloader
    middlewares see these requests: nothing else is parsed or kept.  It runs
    before the article check, while the page itself is at hand."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.requested: set[str] = set()
        self.skip_revisited = crawler.settings.getbool("INCREMENTAL")

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ARCHIVE_IMAGES"):
            raise NotConfigured("ARCHIVE_IMAGES is off")
        return cls(crawler)

    async def process_item(self, item):
        if isinstance(item, Draft) and not (self.skip_revisited and is_revisit(item.article.capture)):
            urls = [url for url in picture_urls(item) if url not in self.requested]
            self.requested.update(urls)
            await asyncio.gather(*(self.fetch(url, referer=item.article.url) for url in urls))
        return item

    async def fetch(self, url: str, referer: str) -> None:
        request = Request(url, callback=NO_CALLBACK, headers={"Accept": IMAGE_ACCEPT, "Referer": referer})
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # a picture that cannot be fetched must not lose its article
            log.warning("picture not archived: %s: %s", url, exc)
            return
        if response.status >= 400:
            log.warning("picture %s: HTTP %d", url, response.status)
