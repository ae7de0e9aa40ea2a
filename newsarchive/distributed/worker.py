"""A worker of a shared run: ``newsarchive worker --redis URL --sites sites.toml``.

It waits for a run to be seeded (``newsarchive run --redis``), then crawls
with the ``site`` spider, whose requests come from the shared queue and go
back to it (``scheduler``), until the run is done; with ``stay``, it then
waits for the next run, each in a fresh process.  The sites file must be
the one the run was seeded from: the worker needs its sites' rules, and
refuses a file whose bytes differ.
"""
from __future__ import annotations

import hashlib
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy.settings import Settings

from ..archive.layout import ArchiveLayout
from ..pipelines.images import FetchImagesPipeline
from ..runs import run_spider
from ..spiders.site import SiteSpider
from .domainlimit import SharedDomainLimitMiddleware
from .ledger import SharedPictures, SharedRobotsTxtMiddleware, SharedSiteBudgetMiddleware, SharedSiteLedger
from .scheduler import shared_scheduler_settings
from .state import RunInfo, SharedRun, connect

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)
#: Seconds between two looks for a run to take part in.
WAIT_INTERVAL = 0.5


class SharedSiteSpider(SiteSpider):
    """The ``site`` spider of a worker: its sites' bookkeeping in Redis, and
    no start requests of its own (the coordinator queued the run's)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.ledger = SharedSiteLedger(connect(settings["REDIS_URL"]), settings["REDIS_PREFIX"])
        return spider

    async def start(self):
        return
        yield


class SharedFetchImagesPipeline(FetchImagesPipeline):
    """Each picture fetched once in the run, whichever worker's article shows it."""

    pictures: SharedPictures

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = super().from_crawler(crawler)
        pipeline.pictures = SharedPictures(connect(crawler.settings["REDIS_URL"]), crawler.settings["REDIS_PREFIX"])
        return pipeline

    def not_requested(self, urls: list[str]) -> list[str]:
        return self.pictures.new(urls)


def sites_digest(sites: Path) -> str:
    return hashlib.sha256(sites.read_bytes()).hexdigest()


def shared_settings(settings: Settings, redis_url: str, worker: str = "") -> Settings:
    """``settings`` for a shared run on ``redis_url``; with a ``worker``
    name, for that worker's crawl: the shared scheduler, the worker's
    storage, the shared per-domain limit and pictures."""
    settings.set("REDIS_URL", redis_url, priority="cmdline")
    if not worker:
        return settings
    settings.set("WORKER_NAME", worker, priority="cmdline")
    # at the project's priority: given on the command line, SettingsCheck would warn of scrapy-redis's names
    settings.setdict(shared_scheduler_settings(settings["REDIS_PREFIX"]), priority="project")
    settings.set("ARCHIVE_STORAGE", "newsarchive.archive.workers.WorkerArchiveStorage", priority="cmdline")
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    middlewares[f"{SharedSiteBudgetMiddleware.__module__}.{SharedSiteBudgetMiddleware.__name__}"] = \
        middlewares.pop("newsarchive.middlewares.budget.SiteBudgetMiddleware")
    middlewares[f"{SharedRobotsTxtMiddleware.__module__}.{SharedRobotsTxtMiddleware.__name__}"] = \
        middlewares.pop("newsarchive.middlewares.robots.RobotsTxtMiddleware")
    middlewares[f"{SharedDomainLimitMiddleware.__module__}.{SharedDomainLimitMiddleware.__name__}"] = 1000
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority="cmdline")
    pipelines = settings.getdict("ITEM_PIPELINES")
    order = pipelines.pop("newsarchive.pipelines.images.FetchImagesPipeline")
    pipelines[f"{__name__}.SharedFetchImagesPipeline"] = order
    settings.set("ITEM_PIPELINES", pipelines, priority="cmdline")
    return settings


class WrongSitesFile(Exception):
    """The run was seeded from another sites file."""


def wait_for_run(shared: SharedRun, digest: str) -> RunInfo:
    """The run going on, once there is one; ``WrongSitesFile`` when it was
    seeded from another sites file."""
    said = False
    while True:
        run = shared.current()
        if run is not None and not run.done:
            if run.sites != digest:
                raise WrongSitesFile(f"run {run.id} was seeded from another sites file: give each worker "
                                     "the one `newsarchive run --redis` was given")
            return run
        if not said:
            log.info("waiting for a run to take part in (newsarchive run --redis)")
            said = True
        time.sleep(WAIT_INTERVAL)


def take_part(settings: Settings, sites: Path) -> bool:
    """Take part in the next run, until it is done; whether the crawl went well."""
    shared = SharedRun.from_settings(settings)
    run = wait_for_run(shared, sites_digest(sites))
    archive = ArchiveLayout.from_settings(settings)
    if not archive.catalog_path.is_file():
        log.error("no archive in %s: every worker writes into the archive folder of the run's coordinator "
                  "(--archive-dir; on several machines, a network filesystem mounted by each)", archive.root)
        return False
    stats, could_not_start = run_spider(settings, SharedSiteSpider, sites=str(sites), only=run.only)
    reason = stats.get("finish_reason")
    now = shared.current()
    if could_not_start and now is not None and now.id == run.id and now.done:
        log.info("worker %s: run %s was done before it could take part", settings["WORKER_NAME"], run.id)
        return True
    if reason == "shutdown":  # SIGTERM, Ctrl-C: the scheduler gave back what it had not finished
        log.info("worker %s stopped: it left run %s", settings["WORKER_NAME"], run.id)
        return True
    if could_not_start or reason != "finished":
        log.error("worker %s: the crawl %s", settings["WORKER_NAME"],
                  "could not start" if could_not_start else f"stopped early ({reason})")
        return False
    log.info("worker %s: run %s done: %d pages fetched, %d articles stored", settings["WORKER_NAME"], run.id,
             stats.get("downloader/response_count", 0),
             stats.get("newsarchive/new_articles", 0) + stats.get("newsarchive/new_versions", 0))
    return True


def stay(command: list[str], name: str) -> int:
    """Take part in one run after another, each in a process of its own
    (``command``: this worker without ``--stay``), until stopped: SIGTERM
    or SIGINT is passed on, once, to the worker of the moment (in a session
    of its own, a terminal's Ctrl-C reaches it only so), which leaves its
    run as any stopped worker does; then 0.  A worker that exits with
    another status than 0 or 1 (a mistake: another sites file...) ends it
    with that status."""
    stopping = False
    current: subprocess.Popen | None = None

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        if current is not None and current.poll() is None:
            current.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        current = subprocess.Popen(command, start_new_session=True)
        if stopping:  # the signal came while it started
            current.send_signal(signal.SIGTERM)
        status = current.wait()
        if status not in (0, 1, -signal.SIGTERM):
            return status
        if status and not stopping:
            time.sleep(WAIT_INTERVAL)  # a failed run is no reason to spin
    log.info("worker %s stopped", name)
    return 0
