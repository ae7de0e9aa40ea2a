"""What the workers of a run keep track of together, in Redis: each site's
URLs requested and canonical URLs seen, its count of requests
(``max_pages`` holds for the whole run, not per worker), and the pictures
fetched (each once in the run)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Self

import redis

from ..middlewares.budget import SiteBudgetMiddleware
from .state import connect

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

#: Count one request of a site, unless its max_pages are used up.
_SPEND = """
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
return 1
"""


def site_key(prefix: str, site: str, what: str) -> str:
    return f"{prefix}:site:{site}:{what}"


class SharedSiteLedger:
    """``spiders.site.SiteLedger`` in Redis, under ``PREFIX:site:NAME:seen``."""

    def __init__(self, server: redis.Redis, prefix: str):
        self.server = server
        self.prefix = prefix

    def add_seen(self, site: str, key: str) -> bool:
        return bool(self.server.sadd(site_key(self.prefix, site, "seen"), key))


class SharedSiteBudgetMiddleware(SiteBudgetMiddleware):
    """``middlewares.budget.SiteBudgetMiddleware`` for the whole run: every
    worker's requests of a site counted in Redis, under ``PREFIX:site:NAME:requests``."""

    def __init__(self, server: redis.Redis, prefix: str):
        super().__init__()
        self.server = server
        self.prefix = prefix
        self._spend = server.register_script(_SPEND)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(connect(crawler.settings["REDIS_URL"]), crawler.settings["REDIS_PREFIX"])

    def used_up(self, site: str, max_pages: int) -> bool:
        return int(self.server.get(site_key(self.prefix, site, "requests")) or 0) >= max_pages

    def spend(self, site: str, max_pages: int) -> bool:
        return bool(self._spend(keys=[site_key(self.prefix, site, "requests")], args=[max_pages]))


class SharedPictures:
    """The picture URLs requested in the run, by any worker."""

    def __init__(self, server: redis.Redis, prefix: str):
        self.server = server
        self.key = f"{prefix}:pictures"

    def new(self, urls: list[str]) -> list[str]:
        """Those of ``urls`` no worker requested yet, now requested."""
        with self.server.pipeline(transaction=False) as pipe:
            for url in urls:
                pipe.sadd(self.key, url)
            added = pipe.execute()
        return [url for url, new in zip(urls, added) if new]
