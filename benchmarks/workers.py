#!/usr/bin/env python3
"""Shared runs: pages per second with 1, 2 and 4 workers on this machine,
against one plain ``newsarchive run`` (the anchor) in the same run, and what
that predicts for N machines.

    python benchmarks/workers.py [--sites 4] [--articles 60] [--workers 1,2,4] [--delay 0.2]

Serves ``--sites`` loopback sites (127.0.0.2, 127.0.0.3...: a per-domain
limit of its own each), each with ``--articles`` articles and their two
pictures, starts a ``redis-server`` on loopback (the Debian package; ``make
test`` installs it), and times each run from the coordinator's start to its
exit (the workers start with it): process start-up, seeding, crawl, merge
and index included.  Redis's own count of commands gives the commands per
page, which bounds what one Redis server serves.  ``--delay`` slows every
response of the sites down (seconds): sites slower than the machine, where
the per-domain limit decides the pace (and requests a worker takes beyond
what the limit lets it send wait in it).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import redis  # noqa: E402

from archive_site import start_site  # noqa: E402
from shared_runs import (NEWSARCHIVE, coordinator, finish, redis_server, redis_server_path,  # noqa: E402
                         settings_args, worker, write_sites_file)

#: What one Redis server answers per second on modest hardware (redis-benchmark
#: puts a single-threaded server at 100,000 and more simple commands a second).
REDIS_COMMANDS_PER_SECOND = 100_000


def report_of(archive: Path) -> dict:
    return json.loads(max((archive / "runs").glob("run-*.json")).read_text(encoding="utf-8"))


def anchor_run(sites: Path, archive: Path) -> tuple[int, float]:
    """Pages and seconds of one plain ``newsarchive run``."""
    clock = time.monotonic()
    result = subprocess.run([str(NEWSARCHIVE), "run", "--sites", str(sites), *settings_args(f"ARCHIVE_DIR={archive}")],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the plain run failed: {result.stderr[-2000:]}")
    return report_of(archive)["pages_fetched"], time.monotonic() - clock


def shared_run(sites: Path, archive: Path, redis_url: str, workers: int) -> tuple[int, float, int]:
    """Pages, seconds and Redis commands of a shared run of ``workers`` workers."""
    server = redis.Redis.from_url(redis_url)
    commands = server.info("stats")["total_commands_processed"]
    clock = time.monotonic()
    run = coordinator(sites, archive, redis_url)
    processes = [worker(sites, archive, redis_url, f"w{n}") for n in range(1, workers + 1)]
    for process in (run, *processes):
        status, log = finish(process, timeout=600)
        if status:
            raise SystemExit(f"a shared run with {workers} workers failed: {log[-2000:]}")
    seconds = time.monotonic() - clock
    return report_of(archive)["pages_fetched"], seconds, server.info("stats")["total_commands_processed"] - commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=4, help="loopback sites (default 4)")
    parser.add_argument("--articles", type=int, default=60, help="articles a site (default 60)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to time (default 1,2,4)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each response takes (default 0)")
    parser.add_argument("--folder", type=Path, default=Path("output/bench-workers"), help="where the archives go")
    args = parser.parse_args()
    executable = redis_server_path()
    if executable is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server (or make test)")
    servers = [start_site(f"127.0.0.{2 + n}") for n in range(args.sites)]
    for server in servers:
        server.listed, server.delay = args.articles, args.delay
    args.folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    sites = write_sites_file(args.folder, [server.base for server in servers])
    try:
        pages, seconds = anchor_run(sites, args.folder / f"{stamp}-plain")
        anchor = pages / seconds
        print(f"{args.sites} loopback sites, {args.articles} articles each, {args.delay} s a response; this machine: "
              f"{len(__import__('os').sched_getaffinity(0))} cores")
        print(f"anchor, one plain `newsarchive run`: {pages} pages in {seconds:.1f} s = {anchor:.1f} pages/s")
        rates, per_page = {}, {}
        with redis_server(executable) as redis_url:
            for count in (int(n) for n in args.workers.split(",")):
                pages, seconds, commands = shared_run(sites, args.folder / f"{stamp}-{count}", redis_url, count)
                rates[count], per_page[count] = pages / seconds, commands / pages
                print(f"{count} worker(s): {pages} pages in {seconds:.1f} s = {rates[count]:.1f} pages/s "
                      f"({rates[count] / anchor:.2f} x the anchor), {per_page[count]:.0f} Redis commands a page")
    finally:
        for server in servers:
            server.shutdown()
    best = max(rates, key=lambda count: rates[count])
    ceiling = REDIS_COMMANDS_PER_SECOND / per_page[best]
    print(f"prediction: N machines like this one, {best} workers each: about N x {rates[best]:.0f} pages/s, "
          f"while the sites allow it (each site: CONCURRENT_REQUESTS_PER_DOMAIN at once, 4 by default) and up "
          f"to what one Redis server serves: at {per_page[best]:.0f} commands a page and ~{REDIS_COMMANDS_PER_SECOND:,} "
          f"commands/s, about {ceiling:,.0f} pages/s, i.e. {ceiling / rates[best]:.0f} machines")


if __name__ == "__main__":
    main()
