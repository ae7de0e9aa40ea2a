"""Politeness across workers: at most ``CONCURRENT_REQUESTS_PER_DOMAIN``
requests at once to one site from all the workers of a run together, not
that many from each.

Each request takes a lease on one of its domain's slots in Redis before it
goes to Scrapy's downloader, and gives it back with its response or error;
while the slots are all taken it waits.  A worker's requests waiting for one
domain wait in line: only the first asks Redis again, every ``POLL`` seconds
(for a slot another worker gave back); the next asks once the first has a
slot.  A slot this worker gives back while some of its requests wait for
the domain goes to the first in line in the same round trip (one script:
the lease given back, one taken), without waiting for the next ``POLL``;
so the requests waiting cost one round trip every ``POLL`` a domain, not
each, and a request one round trip to Redis, not two, while its domain is
busy.  The other workers see that slot free only once this worker has no
request waiting for it: a domain's slots stay busy either way.

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
from dataclasses import dataclass, field
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
#: Give back the lease ARGV[4] of KEYS[1] and take the slot for ARGV[2].
_HAND_OVER = "redis.call('ZREM', KEYS[1], ARGV[4])\n" + _ACQUIRE
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


@dataclass(eq=False)
class Waiting:
    """A request of this worker waiting in line for a slot of its domain."""

    token: str
    #: Set when it may ask for a slot: first in line, or a slot was handed to it.
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    #: A slot this worker gave back was handed to it.
    handed: bool = False


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
        #: This worker's requests waiting for a slot, by slot key, in line.
        self.waiting: dict[str, deque[Waiting]] = {}
        self._acquire = server.register_script(_ACQUIRE)
        self._hand_over = server.register_script(_HAND_OVER)
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
        key, waiting = self.slot_key(request), Waiting(f"{self.worker}:{next(self.serial)}")
        line = self.waiting.setdefault(key, deque())
        line.append(waiting)
        taken = False
        try:
            if line[0] is not waiting:
                await waiting.wake.wait()  # first in line now
            while not (waiting.handed or self._acquire(keys=[key], args=[self.limit, waiting.token, self.lease])):
                await self.slot_given_back(waiting)
            taken = True
        finally:
            line.remove(waiting)
            if line:
                line[0].wake.set()  # the next is first in line
            else:
                del self.waiting[key]
            if waiting.handed and not taken:  # cancelled (the engine closing) as a slot was handed to it
                self.give_back(key, waiting.token)
        self.leases[request] = key, waiting.token

    @staticmethod
    async def slot_given_back(waiting: Waiting) -> None:
        """Until this worker gives back a slot of the domain, or ``POLL``
        seconds (another worker may have)."""
        waiting.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiting.wake.wait(), POLL)

    def process_response(self, request: Request, response: Response) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.release(request)

    def release(self, request: Request) -> None:
        if lease := self.leases.pop(request, None):
            self.give_back(*lease)

    def give_back(self, key: str, token: str) -> None:
        """Give back a lease: to the first of this worker's requests waiting
        for the domain (and not handed one already), if any, else to Redis."""
        first = next((waiting for waiting in self.waiting.get(key, ()) if not waiting.handed), None)
        if first is None:
            self.server.zrem(key, token)
            return
        first.handed = bool(self._hand_over(keys=[key], args=[self.limit, first.token, self.lease, token]))
        first.wake.set()

    def renew(self) -> None:
        """Keep the leases of the requests still downloading."""
        if self.leases:
            keys, tokens = zip(*self.leases.values())
            self._renew(keys=list(keys), args=[self.lease, *tokens])
