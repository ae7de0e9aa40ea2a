"""The scheduler of a worker: scrapy-redis's, with requests in flight
given back when a worker dies, and the crawl kept open until the run is done.

scrapy-redis's ``Scheduler`` shares the queue and its ``RFPDupeFilter`` the
duplicate filter (a URL is fetched once in the run, whichever worker finds
it), but takes a request off the queue for good: a worker killed with
requests in hand loses them.  ``SharedScheduler`` takes each one into the
worker's in-flight record in the same step (``state.SharedRun.pop``) and
drops it from there once the engine is done with it (page parsed, links
queued, article stored).  Every ``WORKER_HEARTBEAT`` seconds it says the
worker is alive, gives back the requests of dead workers and asks whether
the run is done; until it is, it tells the engine there is more to come, so
that a worker whose queue ran dry waits for the links the others find.

The queue (``DomainTurnsQueue``) gives the domains their turns, as Scrapy's
own ``DownloaderAwarePriorityQueue`` does in one process: scrapy-redis's
sorted set orders requests of one priority by their pickled bytes, that is
by URL, so a worker would take its 16 requests from one site, of which 4 may
be downloaded at once, the others waiting for a slot.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from .domainlimit import domain_of
from .state import SharedRun

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

log = logging.getLogger(__name__)

#: Queue ARGV[2] (a request) with ARGV[3] (minus its priority) unless the
#: duplicate filter KEYS[3], when given, had its fingerprint ARGV[4].  KEYS[2]
#: counts each domain's requests (ARGV[1]): the n-th of a domain is queued
#: after the (n-1)-th of every domain, within a priority.
_PUSH = """
if #KEYS == 3 and redis.call('SADD', KEYS[3], ARGV[4]) == 0 then return 0 end
local turn = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('ZADD', KEYS[1], string.format('%.17g', tonumber(ARGV[3]) * 4294967296 + turn), ARGV[2])
return 1
"""


class DomainTurnsQueue(PriorityQueue):
    """scrapy-redis's priority queue, each domain's requests taking turns
    with the others' (``PREFIX:requests:turns`` counts them), and the
    duplicate filter asked in the same round trip."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None):
        super().__init__(server, spider, key, serializer)
        self.turns_key = f"{self.key}:turns"
        self._push = server.register_script(_PUSH)

    def push(self, request: Request, duplicates: RFPDupeFilter | None = None) -> bool:
        """Queue ``request``, unless the shared ``duplicates`` filter saw it
        (``dont_filter`` aside); whether it was queued."""
        keys, args = [self.key, self.turns_key], [domain_of(request), self._encode_request(request), -request.priority]
        if duplicates is not None and not request.dont_filter:
            keys.append(duplicates.key)
            args.append(duplicates.request_fingerprint(request))
        return bool(self._push(keys=keys, args=args))


class SharedScheduler(Scheduler):
    crawler: Crawler
    run: SharedRun

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.run = SharedRun.from_settings(crawler.settings)
        scheduler.worker = crawler.settings["WORKER_NAME"]
        scheduler.heartbeat = crawler.settings.getfloat("WORKER_HEARTBEAT")
        #: The requests taken off the queue by this worker, with their queue entry.
        scheduler.taken = {}
        scheduler.finished = False
        scheduler.loop = task.LoopingCall(scheduler.tick)
        crawler.signals.connect(scheduler.spider_closed, signal=signals.spider_closed)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        run = self.run.current()
        if run is None or run.done:
            raise RuntimeError("no run to take part in (it ended)")
        self.run_id = run.id
        if not self.run.join(self.worker, run.id):
            raise RuntimeError(f"another live worker is named {self.worker}: give this one another --name")
        log.info("worker %s takes part in run %s", self.worker, run.id)
        self.loop.start(self.heartbeat, now=False)

    def enqueue_request(self, request: Request) -> bool:
        """scrapy-redis's, in one round trip (``DomainTurnsQueue.push``)."""
        if not self.queue.push(request, self.df):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        entry = self.run.pop(self.worker)
        if entry is None:
            return None
        request = self.queue._decode_request(entry)
        self.taken[request] = entry
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Until the run is done, more may come from the other workers."""
        return not self.finished or len(self) > 0

    def tick(self) -> None:
        """Say this worker is alive, record the requests it is done with,
        give back dead workers' requests, and see whether the run is done."""
        if not self.run.heartbeat(self.worker, self.run_id):
            log.warning("worker %s was taken for dead (no heartbeat for %.0f s): its requests in flight "
                        "went back to the queue", self.worker, self.run.timeout)
        if self.crawler.engine is None or self.crawler.engine._slot is None:  # closing
            return
        in_progress = self._engine_requests()
        done = [request for request in self.taken if request not in in_progress]
        self.run.done(self.worker, [self.taken.pop(request) for request in done])
        self.finished = self.run.check_done()
        self._wake_engine()

    def spider_closed(self, reason: str) -> None:
        """After the archive is closed (``ArchiveSession`` comes first): the
        worker leaves the run, giving back what it did not finish."""
        if self.loop.running:
            self.loop.stop()
        stats = {k: v for k, v in (self.stats.get_stats() if self.stats else {}).items()
                 if isinstance(v, int | float | str)}
        back = self.run.leave(self.worker, {**stats, "finish_reason": reason})
        if back:
            log.warning("worker %s stopped (%s): %d request(s) it had not finished went back to the queue",
                        self.worker, reason, back)

    # Scrapy's engine has no public word for "done with this request" nor
    # for "look at the scheduler again": its slot's requests in progress
    # (a request leaves them once its response is parsed and its items are
    # processed) and its next call are read here, and only here.

    def _engine_requests(self) -> set[Request]:
        return self.crawler.engine._slot.inprogress  # type: ignore[union-attr]

    def _wake_engine(self) -> None:
        self.crawler.engine._slot.nextcall.schedule()  # type: ignore[union-attr]


def shared_scheduler_settings(prefix: str) -> dict[str, Any]:
    """The settings that make a crawl use the shared queue and duplicate filter."""
    return {
        "SCHEDULER": f"{__name__}.SharedScheduler",
        "SCHEDULER_PERSIST": True,  # the queue and the filter outlive each worker
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_QUEUE_CLASS": f"{__name__}.DomainTurnsQueue",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    }
