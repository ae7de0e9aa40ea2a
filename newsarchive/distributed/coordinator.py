"""A shared run, as ``newsarchive run --redis URL --sites sites.toml`` starts it.

The coordinator holds the archive's run lock for the whole run, so that no
other run writes the catalogue meanwhile.  It brings the archive together
after the last shared run (``archive.workers.bring_together``: a coordinator
killed before it could), starts a new run in Redis, queues the start
requests of the sites (through the shared duplicate filter and the sites'
bookkeeping, as a worker would) and says the run is seeded.  The workers
(``newsarchive worker``) do the crawl.  The coordinator waits until the run
is done and every worker has left it, brings the archive together again and
reports the run, its figures summed over the workers that finished.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy_redis.dupefilter import RFPDupeFilter

from ..archive.layout import ArchiveLayout
from ..archive.workers import bring_together
from ..runs import RunLocked, RunReport, report_from_stats
from .scheduler import DomainTurnsQueue
from .state import SharedRun
from .worker import SharedSiteSpider, sites_digest

log = logging.getLogger(__name__)
#: Seconds between two looks at whether the run is done.
POLL_INTERVAL = 0.5


class RunGoingOn(RunLocked):
    """Workers are still on the last shared run; the message says which."""


def seed(settings: Settings, sites: Path, only: str | None, shared: SharedRun) -> int:
    """Queue the start requests of the sites; how many."""
    crawler = Crawler(SharedSiteSpider, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = SharedSiteSpider.from_crawler(crawler, sites=str(sites), only=only)
    queue = DomainTurnsQueue(shared.server, spider, shared.key("requests"))
    duplicates = RFPDupeFilter(shared.server, shared.key("dupefilter"))
    return sum(queue.push(request, duplicates) for request in spider.site_starts())


def summed_stats(stats: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The workers' stats added up; the run finished when every worker that
    reported did, or was stopped (a killed worker reports nothing, a stopped
    one gave back what it had not finished: the others did their share)."""
    total: Counter = Counter()
    for worker in stats.values():
        total.update({k: v for k, v in worker.items() if isinstance(v, int) and not isinstance(v, bool)})
    reasons = [worker.get("finish_reason") for worker in stats.values()]
    unfinished = [reason for reason in reasons if reason not in ("finished", "shutdown")]
    return {**total, "finish_reason": unfinished[0] if unfinished else ("finished" if reasons else "no worker")}


def wait_until_done(shared: SharedRun, interval: float) -> None:
    """Until the run is done and every worker has left it, logging how it
    goes every ``interval`` seconds."""
    last = time.monotonic()
    while not (shared.check_done() and not shared.workers()):
        if interval and time.monotonic() - last >= interval:
            last = time.monotonic()
            workers = shared.workers()
            log.info("shared run: %d requests queued, %d in flight, %d worker(s)%s", shared.queued(),
                     shared.in_flight(), len(workers), f": {', '.join(workers)}" if workers else
                     " (start some: newsarchive worker --redis URL --sites FILE)")
        time.sleep(POLL_INTERVAL)


def coordinate_run(sites: Path, only: str | None, settings: Settings) -> RunReport:
    """Seed a shared run, wait until the workers are done, bring the
    archive together; the run's report.  ``RunGoingOn`` when workers are
    still on the last run."""
    shared = SharedRun.from_settings(settings)
    if shared.going_on():
        raise RunGoingOn(f"workers are still on the last shared run: {', '.join(shared.workers())}")
    layout = ArchiveLayout.from_settings(settings)
    bring_together(layout)
    started, clock = datetime.now(timezone.utc), time.monotonic()
    run = shared.begin(sites_digest(sites), only)
    queued = seed(settings, sites, only, shared)
    shared.seeded()
    log.info("shared run %s: %d start requests queued on %s", run.id, queued, settings["REDIS_URL"])
    wait_until_done(shared, settings.getfloat("PROGRESS_INTERVAL"))
    bring_together(layout)
    stats = summed_stats(shared.worker_stats())
    log.info("shared run %s done: %d worker(s) took part", run.id, len(shared.worker_stats()))
    return report_from_stats(stats, started, time.monotonic() - clock, str(sites), only, bootstrap_failed=False)
