"""What the workers of a run keep track of together, in Redis: each site's
URLs requested and canonical URLs seen, its count of requests
(``max_pages`` holds for the whole run, not per worker), the pictures
fetched (each once in the run), and each host's robots.txt (fetched once in
the run, its response kept for every worker)."""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Self, cast

import redis
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from ..middlewares.budget import SiteBudgetMiddleware
from ..middlewares.robots import RobotsTxtMiddleware
from .state import connect, run_key, text

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

#: Count one request of a site, unless its max_pages are used up.
_SPEND = """
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
return 1
"""
#: Whose turn it is to fetch a host's robots.txt (KEYS[1]): "ready" when a
#: worker kept its outcome, "wait" while a live worker (ARGV[1] .. name
#: exists) fetches it, else "fetch": this worker's (ARGV[2]) turn, recorded.
_ROBOTS_TURN = """
if redis.call('HEXISTS', KEYS[1], 'outcome') == 1 then return 'ready' end
local fetcher = redis.call('HGET', KEYS[1], 'fetcher')
if fetcher and fetcher ~= ARGV[2] and redis.call('EXISTS', ARGV[1] .. fetcher) == 1 then return 'wait' end
redis.call('HSET', KEYS[1], 'fetcher', ARGV[2])
return 'fetch'
"""
#: How long a worker waits before it asks again for a robots.txt another fetches (seconds).
ROBOTS_POLL = 0.05


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


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """``middlewares.robots.RobotsTxtMiddleware`` for the whole run: the
    first worker that needs a host's robots.txt fetches it (and archives
    it) and keeps the response, or why it could not get one, in Redis under
    ``PREFIX:robots:HOST``; the others wait for it and read the same rules.
    Should that worker die before, the next one to ask fetches it."""

    def __init__(self, crawler: Crawler, server: redis.Redis, prefix: str, worker: str):
        super().__init__(crawler)
        self.server = server
        self.prefix = prefix
        self.worker = worker
        self._turn = server.register_script(_ROBOTS_TURN)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(crawler, connect(settings["REDIS_URL"]), settings["REDIS_PREFIX"], settings["WORKER_NAME"])

    async def robots_response(self, robots: Request) -> Response:
        host = urlparse_cached(robots).netloc
        key, alive = run_key(self.prefix, "robots", host), run_key(self.prefix, "alive", "")
        while (turn := text(self._turn(keys=[key], args=[alive, self.worker]))) == "wait":
            await asyncio.sleep(ROBOTS_POLL)
        if turn == "ready":
            return self.kept_response(key, host)
        try:
            response = await super().robots_response(robots)
        except Exception as exc:  # the others go without it too, as this worker does
            self.server.hset(key, mapping={"outcome": "failed", "reason": f"{type(exc).__name__}: {exc}"})
            raise
        self.server.hset(key, mapping={"outcome": "response", "url": response.url, "status": response.status,
                                       "body": response.body})
        return response

    def kept_response(self, key: str, host: str) -> Response:
        """The robots.txt response another worker kept; ``IgnoreRequest``
        when it could not get one (it logged why): the host's pages are
        requested, as that worker's are."""
        kept = {text(name): value for name, value in self.server.hgetall(key).items()}
        if text(kept["outcome"]) == "failed":
            log.debug("robots.txt of %s: worker %s could not fetch it (%s)", host, text(kept["fetcher"]),
                      text(kept["reason"]))
            raise IgnoreRequest(f"robots.txt not fetched by worker {text(kept['fetcher'])}")
        return Response(text(kept["url"]), status=int(kept["status"]), body=cast(bytes, kept["body"]))
