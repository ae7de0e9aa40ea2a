"""The ``sitemap`` spider: fetch the pages a sitemap lists.

    scrapy crawl sitemap -a url=https://example.com/news-sitemap.xml
    scrapy crawl sitemap -a url=https://example.com/robots.txt   # every Sitemap: it names
    scrapy crawl sitemap -a url=https://example.com/sitemap.xml -a max_age=2d

Sitemap indexes are followed, gzip-compressed sitemaps read; every page
listed is parsed as an article (pages that are not articles are dropped by
the pipelines, with the reason).  ``max_age`` (``90m``, ``36h``, ``2d``,
``1w``, ``1d12h``) skips pages whose ``lastmod`` or Google News
``news:publication_date`` (the newer of the two) is older, and the sitemaps
of an index whose ``lastmod`` is (a monthly archive sitemap), counted in the
log and the ``listed/too_old`` stat; an undated entry is dated by the day its
URL names ("/2024/05/02/"), if any, else fetched.
"""
from __future__ import annotations

from .listed import ListedPagesSpider


class NewsSitemapSpider(ListedPagesSpider):
    name = "sitemap"
    accepts = frozenset({"sitemap", "robots"})

    def __init__(self, url: str | None = None, max_age: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.read_arguments(url, max_age, "give the sitemap to read: -a url=SITEMAP_URL (or a robots.txt URL)")

    @property
    def sitemap_urls(self) -> list[str]:
        """The sitemaps given (the name Scrapy's ``SitemapSpider`` uses)."""
        return self.listing_urls
