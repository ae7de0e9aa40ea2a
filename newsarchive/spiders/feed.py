"""The ``feed`` spider: fetch the articles a news feed links to.

    scrapy crawl feed -a url=https://example.com/rss.xml
    scrapy crawl feed -a url=https://example.com/atom.xml,https://example.com/feed.json -a max_age=2d

RSS 2.0 and 1.0, Atom and JSON Feed.  XML feeds are parsed without
expanding entities: a feed that declares any (an entity bomb) is refused,
with the reason in the log.  ``max_age`` (``90m``, ``36h``, ``2d``, ``1w``,
``1d12h``) skips items whose newest date (published or updated) is older,
counted in the ``listed/too_old`` stat; an undated item is dated by the day
its URL names ("/2024/05/02/"), if any, else fetched.
"""
from __future__ import annotations

from .listed import ListedPagesSpider


class NewsFeedSpider(ListedPagesSpider):
    name = "feed"
    accepts = frozenset({"feed"})

    def __init__(self, url: str | None = None, max_age: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.read_arguments(url, max_age, "give the feed to read: -a url=FEED_URL[,FEED_URL...]")
