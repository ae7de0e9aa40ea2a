"""``newsarchive crawl`` and ``newsarchive run``: the sites of a sites file
crawled with the ``site`` spider (``runs``).

``crawl`` crawls them; ``run`` is the command for cron: it takes the
archive's lock, shows its progress and writes a run report.  Exit status:
0 when the crawl finished, even if some pages failed or nothing was due; 1
when it failed (could not start, stopped early, or sent requests and got no
response at all); 2 for a bad sites file, ``-s`` value or archive folder,
all checked before the crawl; ``EXIT_LOCKED`` (75, EX_TEMPFAIL: "try again
later") when another run holds the lock.  ``run --redis URL`` seeds a shared
run for ``newsarchive worker``s and waits until they are done
(``distributed.coordinator``).
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from scrapy.settings import Settings

from ..archive.layout import ArchiveLayout
from ..overrides import crawl_settings
from ..runs import RunLocked, RunReport, crawl_sites, run_lock, write_report
from ..sites import SitesFileError, load_sites
from .common import EXIT_FAILED, EXIT_USAGE, add_crawl_options, distributed_modules, log

EXIT_LOCKED = 75
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PROGRESS_EXTENSION = "newsarchive.extensions.Progress"


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("crawl", help="crawl the news sites of a sites file",
                       description="Check the whole sites file, then crawl its sites (or the one "
                                   "--only names) with the site spider and the project's settings "
                                   "and pipelines. Nothing is fetched when the file has a mistake.")
    add_crawl_options(p, "USER_AGENT='bot (you@example.org)'")
    p.add_argument("-o", "--output", type=Path, help="also write the articles to this JSON Lines file")
    p.set_defaults(func=crawl)
    p = sub.add_parser("run", help="one archiving run of the sites file (the cron entry point)",
                       description="Take the archive's lock, crawl the sites of the file (archived "
                                   "articles only when due for a revisit), and write a run report to "
                                   "the log and to ARCHIVE_DIR/runs/run-TIME.json. Exit status: 0 "
                                   "finished, 1 failed, 2 bad sites file or option, "
                                   f"{EXIT_LOCKED} another run is going.")
    add_crawl_options(p, "ARCHIVE_DIR=/srv/archive")
    p.add_argument("--redis", metavar="URL",
                   help="seed a shared run on this Redis server (redis://HOST:PORT/DB) for `newsarchive "
                        "worker`s to crawl, wait until it is done, merge their catalogues and report")
    p.set_defaults(func=run)


def crawl(args: argparse.Namespace) -> int:
    try:
        load_sites(args.sites, args.only)
        settings = crawl_settings(args.set, args.output)
        ArchiveLayout.from_settings(settings).create()
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    report = crawl_sites(args.sites, args.only, settings)
    if report.failed:
        log.error("crawl failed (%s): %d pages fetched, %d errors", report.finish_reason, report.pages_fetched,
                  report.errors)
        return EXIT_FAILED
    return 0


def shared_run(sites: Path, only: str | None, settings: Settings, redis_url: str) -> RunReport:
    """A shared run on Redis (``distributed.coordinator``), its extra imported only then."""
    coordinator, worker = distributed_modules("coordinator", "worker")
    return coordinator.coordinate_run(sites, only, worker.shared_settings(settings, redis_url))


def run_logging(level: str) -> None:
    """Log lines with their time (a cron log is read later), from ``level``
    up: Scrapy opens the root logger to every level."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.setLevel(level)


def run(args: argparse.Namespace) -> int:
    try:
        load_sites(args.sites, args.only)
        settings = crawl_settings(args.set)
        layout = ArchiveLayout.from_settings(settings)
        layout.create()
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), PROGRESS_EXTENSION: 500}, priority="cmdline")
    settings.set("LOGSTATS_INTERVAL", 0, priority="cmdline")  # Progress tells it
    run_logging("DEBUG" if args.verbose else settings.get("LOG_LEVEL"))
    try:
        with run_lock(layout):
            report = (shared_run(args.sites.resolve(), args.only, settings, args.redis) if args.redis
                      else crawl_sites(args.sites.resolve(), args.only, settings))
            path = write_report(layout, report)
    except RunLocked as exc:  # another run on this archive, or workers still on the last shared run
        log.error("%s: not starting", exc)
        return EXIT_LOCKED
    except ConnectionError as exc:  # Redis cannot be reached
        log.error("%s", exc)
        return EXIT_FAILED
    (log.error if report.failed else log.info)("%s; report %s", report.summary(), path)
    return EXIT_FAILED if report.failed else 0
