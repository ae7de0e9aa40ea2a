"""One archiving run of the sites file, as ``newsarchive run`` and cron start it.

A run takes the archive's lock (``ARCHIVE_DIR/run.lock``, an ``flock``; a
second run while one is going raises ``RunLocked`` at once), crawls
the sites with the ``site`` spider (incremental: archived articles only
when a revisit is due), and writes what it did, a ``RunReport``, to the
log and as JSON to ``ARCHIVE_DIR/runs/run-{time}.json``.

A run fails (``RunReport.failed``) when it could not start, stopped early,
or sent requests and got no response at all; pages that failed are counted,
and a run with nothing due succeeds.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiders import Spider
from twisted.python.failure import Failure

from .archive.atomic import atomic_text_file
from .archive.layout import ArchiveLayout
from .utils.timeutils import utc_now

log = logging.getLogger(__name__)


class RunLocked(Exception):
    """Another run holds the archive's lock; the message says which."""


@contextmanager
def run_lock(layout: ArchiveLayout) -> Iterator[Path]:
    """Hold the run lock of the archive (created if need be) for the block;
    ``RunLocked`` at once when another process holds it.  The lock file
    names the holder (pid, start time) while it holds it; the kernel
    releases the lock when the process ends, however it ends."""
    archive, path = layout.root, layout.lock_path
    archive.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunLocked(f"another run is archiving into {archive} ({holder}; lock {path})") from None
        handle.truncate(0)
        handle.write(f"pid {os.getpid()}, started {utc_now().isoformat()}\n")
        handle.flush()
        try:
            yield path
        finally:
            handle.truncate(0)


@dataclass
class RunReport:
    """What a run did.  ``pages_fetched`` counts every response (pages,
    feeds, sitemaps, pictures, robots.txt); ``skipped`` the archived
    articles not due for a revisit; ``refused`` the requests not sent for
    the crawl's safety or politeness (a URL that is no web page, a site's
    ``max_pages`` used up, robots.txt); ``errors`` the errors logged (pages
    that could not be fetched after retries, redirect loops, broken
    pages...), and the failure to start, if the crawl could not."""

    started: str
    finished: str
    duration_s: float
    #: The sites file crawled (``None`` for given URLs, ``newsarchive fetch``).
    sites: str | None
    only: str | None
    pages_fetched: int
    new_articles: int
    new_versions: int
    unchanged: int
    revisited: int
    skipped: int
    refused: int
    errors: int
    finish_reason: str
    failed: bool

    def summary(self, what: str = "run") -> str:
        """One line: how the run (or crawl) ended, and its counts."""
        if self.failed:
            why = "no response at all" if self.finish_reason == "finished" else self.finish_reason
            outcome = f"{what} FAILED ({why}) after"
        else:
            outcome = f"{what} finished in" if self.finish_reason == "finished" else \
                f"{what} stopped ({self.finish_reason}) after"
        counts = [counted(self.pages_fetched, "page") + " fetched", counted(self.new_articles, "new article"),
                  counted(self.new_versions, "new version"), f"{self.unchanged} unchanged",
                  f"{self.skipped} skipped (not due)", f"{self.refused} refused", counted(self.errors, "error")]
        return f"{outcome} {self.duration_s:.1f} s: {', '.join(counts)}"


def counted(number: int, noun: str) -> str:
    """``1 page``, ``2 pages``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def report_from_stats(stats: dict, started: datetime, duration: float, sites: str | None, only: str | None,
                      bootstrap_failed: bool) -> RunReport:
    """The run's report from the crawl's stats."""
    pages, skipped = stats.get("downloader/response_count", 0), stats.get("incremental/skipped", 0)
    # no response at all is a failure, unless no request was sent because nothing was due
    unanswered = pages == 0 and (stats.get("downloader/request_count", 0) > 0 or skipped == 0)
    reason = "could not start" if bootstrap_failed else str(stats.get("finish_reason", "unknown"))
    return RunReport(
        started=started.isoformat(), finished=utc_now().isoformat(), duration_s=round(duration, 3),
        sites=sites, only=only, pages_fetched=pages,
        new_articles=stats.get("newsarchive/new_articles", 0),
        new_versions=stats.get("newsarchive/new_versions", 0),
        unchanged=stats.get("newsarchive/unchanged", 0),
        revisited=stats.get("incremental/revisited", 0),
        skipped=skipped,
        refused=stats.get("refused/count", 0) + stats.get("robotstxt/forbidden", 0),
        errors=stats.get("log_count/ERROR", 0) + bootstrap_failed,  # not starting is one
        finish_reason=reason, failed=bootstrap_failed or reason != "finished" or unanswered)


def write_report(layout: ArchiveLayout, report: RunReport) -> Path:
    """The report as JSON in ``ARCHIVE_DIR/runs/run-{started}.json``."""
    stamp = datetime.fromisoformat(report.started).strftime("%Y%m%dT%H%M%S.%fZ")
    path = layout.runs_dir / f"run-{stamp}.json"
    with atomic_text_file(path) as handle:
        json.dump(asdict(report), handle, indent=2)
        handle.write("\n")
    return path


def read_reports(layout: ArchiveLayout) -> list[dict[str, Any]]:
    """The reports of the runs of the archive, newest first; a file that
    is not a report is logged and left out."""
    reports = []
    for path in sorted(layout.runs_dir.glob("run-*.json"), reverse=True):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("run report %s unreadable: %s", path, getattr(exc, "strerror", None) or exc)
            continue
        if isinstance(report, dict):
            reports.append({**report, "file": path.name})
    return reports


def run_spider(settings: Settings, spider: str | type[Spider], connect: Callable[[Crawler], None] = lambda crawler: None,
               **arguments: Any) -> tuple[dict[str, Any], bool]:
    """Run one spider in this process (``connect`` wires its signals); its
    stats, and whether it could not start."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    connect(crawler)
    process.crawl(crawler, **arguments).addErrback(could_not_start)
    process.start()
    return (crawler.stats.get_stats() if crawler.stats else {}), process.bootstrap_failed


def crawl(settings: Settings, spider: str, connect: Callable[[Crawler], None] = lambda crawler: None,
          **arguments: Any) -> RunReport:
    """Run one spider in this process; its report (``sites`` and ``only``
    from its arguments)."""
    started, clock = datetime.now(timezone.utc), time.monotonic()
    stats, bootstrap_failed = run_spider(settings, spider, connect, **arguments)
    return report_from_stats(stats, started, time.monotonic() - clock, arguments.get("sites"),
                             arguments.get("only"), bootstrap_failed)


def could_not_start(failure: Failure) -> None:
    """One line for what stopped the crawl before it began (a setting Scrapy
    cannot read, a component that cannot be built), not a traceback;
    ``-v`` shows the traceback."""
    log.error("the crawl could not start: %s: %s", failure.type.__name__, failure.value)
    log.debug("the crawl could not start", exc_info=(failure.type, failure.value, failure.tb))
