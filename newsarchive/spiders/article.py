"""The ``article`` spider: fetch the article pages it is given.

    scrapy crawl article -a url=https://example.com/news/story.html
    scrapy crawl article -a url="https://example.com/a.html https://example.com/b.html"
    scrapy crawl article -a urls_file=urls.txt      # one URL a line, # comments
"""
from __future__ import annotations

from pathlib import Path

import scrapy
from scrapy.exceptions import UsageError

from .base import ArticlePageSpider, checked_urls, split_urls


def read_urls_file(path: str) -> list[str]:
    """The URLs of a UTF-8 file, one whole line each (commas and all);
    blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read urls_file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"urls_file {path} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class ArticleSpider(ArticlePageSpider):
    name = "article"

    def __init__(self, url: str | None = None, urls_file: str | None = None, **kwargs):
        super().__init__(**kwargs)
        urls = split_urls(url)
        if urls_file:
            urls += checked_urls(read_urls_file(urls_file))
        if not urls:
            raise UsageError("give the pages to fetch: -a url=URL or -a urls_file=FILE")
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse_article)
