"""``newsarchive crawl``, ``newsarchive run`` and ``newsarchive fetch``: crawls
with the project's settings, spiders and pipelines (``runs``).

``crawl`` crawls the sites of a sites file with the ``site`` spider; ``run``
does the same as the command for cron: it takes the archive's lock and
writes a run report; ``fetch`` archives the pages it is given and prints
their articles, without a sites file.  Each ends with one summary line; the
log is quiet by default (``-v`` shows Scrapy's own lines), with a progress
line while it runs.  Exit status: 0 when the crawl finished, even if some
pages failed or nothing was due; 1 when it failed (could not start, stopped
early, or sent requests and got no response at all), for a catalogue
that cannot be used (damaged, or lost while WARC files are there: one
error line, before the crawl), and for ``fetch`` when a page gave no
article; 2 for a bad sites file, option, ``-s`` value or
archive folder, all checked before the crawl; ``EXIT_LOCKED`` (75,
EX_TEMPFAIL: "try again later") when another run holds the lock.
``run --redis URL`` seeds a shared run for ``newsarchive worker``s and waits
until they are done (``distributed.coordinator``).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import Settings

from ..archive.layout import ArchiveLayout
from ..extraction.urls import http_url_error
from ..overrides import add_feed
from ..runs import RunLocked, RunReport, counted, crawl, run_lock, write_report
from ..sites import SitesFileError, load_sites
from .common import (EXIT_FAILED, EXIT_USAGE, add_settings_options, catalogue_usable, distributed_modules, log,
                     settings_of)

EXIT_LOCKED = 75



def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("crawl", help="crawl the news sites of a sites file",
                       description="Check the whole sites file, then crawl its sites (or the one "
                                   "--only names) with the site spider and the project's settings "
                                   "and pipelines. Nothing is fetched when the file has a mistake.")
    add_sites_options(p)
    p.add_argument("-o", "--output", type=Path, help="also write the articles to this JSON Lines file")
    add_settings_options(p, "USER_AGENT='bot (you@example.org)'")
    p.set_defaults(func=crawl_command)
    p = sub.add_parser("run", help="one archiving run of the sites file (the cron entry point)",
                       description="Take the archive's lock, crawl the sites of the file (archived "
                                   "articles only when due for a revisit), and write a run report to "
                                   "the log and to ARCHIVE_DIR/runs/run-TIME.json. Exit status: 0 "
                                   "finished, 1 failed, 2 bad sites file or option, "
                                   f"{EXIT_LOCKED} another run is going.")
    add_sites_options(p)
    add_settings_options(p, "USER_AGENT='bot (you@example.org)'")
    p.add_argument("--redis", metavar="URL",
                   help="seed a shared run on this Redis server (redis://HOST:PORT/DB) for newsarchive "
                        "workers to crawl, wait until it is done, merge their catalogues and report")
    p.set_defaults(func=run_command)
    p = sub.add_parser("fetch", help="archive one or a few pages and print their articles",
                       description="Fetch the pages at these URLs (robots.txt obeyed), archive them "
                                   "and print each one's article as a JSON line; no sites file needed. "
                                   "Exit status 1 when a page gives no article.")
    p.add_argument("urls", nargs="+", metavar="URL", help="an http(s) URL of an article page")
    p.add_argument("-o", "--output", type=Path, help="write the articles to this JSON Lines file, not stdout")
    add_settings_options(p, "ARCHIVE_IMAGES=0")
    p.set_defaults(func=fetch_command)


def add_sites_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sites", type=Path, required=True, help="the sites file (TOML; see sites.toml)")
    parser.add_argument("--only", metavar="NAME", help="crawl only the site of this name")


def shared_run(sites: Path, only: str | None, settings: Settings, redis_url: str) -> RunReport:
    """A shared run on Redis (``distributed.coordinator``), its extra imported only then."""
    coordinator, worker = distributed_modules("coordinator", "worker")
    return coordinator.coordinate_run(sites, only, worker.shared_settings(settings, redis_url))


def crawl_catalogue_usable(settings: Settings) -> bool:
    """Whether the crawl, if it writes an archive, can use its catalogue
    (``catalogue_usable``: one error line if not, before the crawl)."""
    if not settings.getbool("ARCHIVE_ENABLED") or settings.get("REPLAY_ARCHIVE"):
        return True
    return catalogue_usable(ArchiveLayout.from_settings(settings))


def finished(report: RunReport, what: str, more: str = "") -> int:
    """The summary line of a crawl (an error when it failed); its exit status."""
    (log.error if report.failed else log.info)("%s%s", report.summary(what), more)
    return EXIT_FAILED if report.failed else 0


def crawl_command(args: argparse.Namespace) -> int:
    try:
        load_sites(args.sites, args.only)
        settings = settings_of(args, args.output)
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    if not crawl_catalogue_usable(settings):
        return EXIT_FAILED
    report = crawl(settings, "site", sites=str(args.sites), only=args.only)
    return finished(report, "crawl", f"; articles in {args.output}" if args.output else "")


def run_command(args: argparse.Namespace) -> int:
    try:
        load_sites(args.sites, args.only)
        settings = settings_of(args)
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    if not crawl_catalogue_usable(settings):
        return EXIT_FAILED
    layout = ArchiveLayout.from_settings(settings)
    try:
        with run_lock(layout):
            report = (shared_run(args.sites.resolve(), args.only, settings, args.redis) if args.redis
                      else crawl(settings, "site", sites=str(args.sites.resolve()), only=args.only))
            try:
                where = f"report {write_report(layout, report)}"
            except OSError as exc:  # a full disk: the summary is all there is
                report.failed = True
                where = f"the report could not be written in {layout.runs_dir}: {exc.strerror or exc}"
    except RunLocked as exc:  # another run on this archive, or workers still on the last shared run
        log.error("%s: not starting", exc)
        return EXIT_LOCKED
    except ConnectionError as exc:  # Redis cannot be reached
        log.error("%s", exc)
        return EXIT_FAILED
    return finished(report, "run", f"; {where}")


def fetch_command(args: argparse.Namespace) -> int:
    errors = [error for error in map(http_url_error, args.urls) if error]
    try:
        if errors:
            raise ValueError(errors[0])
        settings = settings_of(args, args.output)
    except ValueError as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    if not crawl_catalogue_usable(settings):
        return EXIT_FAILED
    if not args.output:
        add_feed(settings, "stdout:", format="jsonlines")
    given: set[str] = set()

    def scraped(item: object, response: Response) -> None:
        given.add((response.meta.get("redirect_urls") or [response.url])[0])

    def connect(crawler: Crawler) -> None:
        crawler.signals.connect(scraped, signal=signals.item_scraped)  # a weak reference: scraped lives on here

    report = crawl(settings, "article", connect, url=" ".join(args.urls))
    missing = [url for url in dict.fromkeys(args.urls) if url not in given]
    for url in missing:
        log.error("no article from %s (the lines above say why)", url)
    more = f"; {counted(len(given), 'article')}" + (f" in {args.output}" if args.output else "")
    return finished(report, "fetch", more) or (EXIT_FAILED if missing else 0)
