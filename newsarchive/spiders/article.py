"""The ``article`` spider: fetch the article pages it is given.

    scrapy crawl article -a url=https://example.com/news/story.html
    scrapy crawl article -a urls_file=urls.txt      # one URL a line, # comments
"""
from __future__ import annotations

from pathlib import Path

import scrapy
from scrapy.exceptions import UsageError

from .base import ArticlePageSpider, split_urls


def read_urls_file(path: str) -> list[str]:
    """The URLs of a file, one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read urls_file {path}: {exc.strerror or exc}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class ArticleSpider(ArticlePageSpider):
    name = "article"

    def __init__(self, url: str | None = None, urls_file: str | None = None, **kwargs):
        super().__init__(**kwargs)
        urls = split_urls(url)
        if urls_file:
            urls += split_urls(",".join(read_urls_file(urls_file)))
        if not urls:
            raise UsageError("give the pages to fetch: -a url=URL or -a urls_file=FILE")
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse_article)
