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
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from .state import SharedRun

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

log = logging.getLogger(__name__)


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
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    }
