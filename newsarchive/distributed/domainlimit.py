"""Politeness across workers: at most ``CONCURRENT_REQUESTS_PER_DOMAIN``
requests at once to one site from all the workers of a run together, not
that many from each.

Each request takes a lease on one of its domain's slots in Redis before it
goes to Scrapy's downloader, and gives it back with its response or error;
while the slots are all taken it waits.  A worker's requests waiting for one
domain wait in line: only the first asks Redis again, every ``POLL`` seconds
(for a slot another worker gave back) and at once when this worker gives
one back; the next asks once the first has a slot.  So a slot this worker
gives back is taken again without waiting for the next ``POLL``, and the
requests waiting cost one round trip every ``POLL`` a domain, not each.

Leases expire after ``WORKER_TIMEOUT`` seconds unless their worker renews
them (every ``WORKER_HEARTBEAT``): a killed worker's slots come free with
its requests.  The domain is Scrapy's downloader slot (the host, or
``meta["download_slot"]``), so pages, pictures and robots.txt count alike.
Ordered last (closest to the downloader), a request holds a lease only once
every other middleware has let it through.  On in ``newsarchive worker`` only.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import task

from .state import connect

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

#: Take a slot of KEYS[1] when fewer than ARGV[1] leases are live.
_ACQUIRE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1e6
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], t + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3]) * 1000))
return 1
"""
_RENEW = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1e6
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', t + tonumber(ARGV[1]), ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[1]) * 1000))
end
return #KEYS
"""
#: How long a request waits before it asks again for a slot (seconds).
POLL = 0.05


def domain_of(request: Request) -> str:
    """The domain a request counts against: Scrapy's downloader slot."""
    return request.meta.get("download_slot") or urlparse_cached(request).hostname or ""


class SharedDomainLimitMiddleware:
    def __init__(self, server: redis.Redis, prefix: str, worker: str, limit: int, lease: float, heartbeat: float):
        self.server = server
        self.heartbeat = heartbeat
        self.loop = task.LoopingCall(self.renew)
        self.prefix = prefix
        self.worker = worker
        self.limit = limit
        self.lease = lease
        self.serial = itertools.count()
        #: The leases this worker holds: request -> (slot key, token).
        self.leases: dict[Request, tuple[str, str]] = {}
        #: This worker's requests waiting for a slot, by slot key, in line:
        #: each is woken when it may ask Redis for a slot.
        self.waiting: dict[str, deque[asyncio.Event]] = {}
        self._acquire = server.register_script(_ACQUIRE)
        self._renew = server.register_script(_RENEW)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        middleware = cls(connect(settings["REDIS_URL"]), settings["REDIS_PREFIX"], settings["WORKER_NAME"],
                         settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), settings.getfloat("WORKER_TIMEOUT"),
                         settings.getfloat("WORKER_HEARTBEAT"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.loop.start(self.heartbeat, now=False)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()

    def slot_key(self, request: Request) -> str:
        return f"{self.prefix}:slots:{domain_of(request)}"

    async def process_request(self, request: Request) -> None:
        key, token = self.slot_key(request), f"{self.worker}:{next(self.serial)}"
        line = self.waiting.setdefault(key, deque())
        turn = asyncio.Event()  # set: a slot of the domain may be free, ask
        line.append(turn)
        try:
            if line[0] is not turn:
                await turn.wait()  # first in line now
            while not self._acquire(keys=[key], args=[self.limit, token, self.lease]):
                await self.slot_given_back(turn)
        finally:
            line.remove(turn)
            if line:
                line[0].set()  # the next is first in line
            else:
                del self.waiting[key]
        self.leases[request] = key, token

    @staticmethod
    async def slot_given_back(turn: asyncio.Event) -> None:
        """Until this worker gives back a slot of the domain, or ``POLL``
        seconds (another worker may have)."""
        turn.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(turn.wait(), POLL)

    def process_response(self, request: Request, response: Response) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.release(request)

    def release(self, request: Request) -> None:
        if lease := self.leases.pop(request, None):
            self.server.zrem(*lease)
            if line := self.waiting.get(lease[0]):
                line[0].set()

    def renew(self) -> None:
        """Keep the leases of the requests still downloading."""
        if self.leases:
            keys, tokens = zip(*self.leases.values())
            self._renew(keys=list(keys), args=[self.lease, *tokens])
