#!/usr/bin/env python3
"""Shared runs: pages per second with 1, 2 and 4 workers on this machine,
against one plain ``newsarchive run`` (the anchor) in the same run, and what
that predicts for N machines.

    python benchmarks/workers.py [--sites 4] [--articles 60] [--workers 1,2,4] [--delay 0.2] [--rounds 3]

Serves ``--sites`` loopback sites (127.0.0.2, 127.0.0.3...: a per-domain
limit of its own each), each with ``--articles`` articles and their two
pictures, starts a ``redis-server`` on loopback (the Debian package; ``make
test`` installs it), and times each run from the coordinator's start to its
exit (the workers start with it): process start-up, seeding, crawl, merge
and index included, and counts the CPU time of all its processes (the
coordinator, the workers and their extraction processes; the plain run and
its own), which the load of the machine does not change as it does the
wall time.  Redis's own count of commands gives the commands per page, and
its CPU time per page bounds what one Redis server serves.  With
``--rounds`` the plain run and the shared runs take turns, and the medians
are printed.  ``--delay`` slows every
response of the sites down (seconds): sites slower than the machine, where
the per-domain limit decides the pace (and requests a worker takes beyond
what the limit lets it send wait in it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import redis  # noqa: E402

from archive_site import start_site  # noqa: E402
from shared_runs import (NEWSARCHIVE, coordinator, finish, redis_server, redis_server_path,  # noqa: E402
                         settings_args, worker, write_sites_file)



@dataclass(frozen=True)
class Timed:
    """One run: its pages, seconds, CPU seconds of its processes, and Redis's
    commands and CPU seconds (none for the plain run)."""

    pages: int
    seconds: float
    cpu: float
    commands: int = 0
    redis_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def children_cpu() -> float:
    """CPU seconds of this script's children that ended (with theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def redis_counts(server: redis.Redis) -> tuple[int, float]:
    """Redis's count of commands and its CPU seconds so far."""
    cpu = server.info("cpu")
    return server.info("stats")["total_commands_processed"], cpu["used_cpu_user"] + cpu["used_cpu_sys"]


def report_of(archive: Path) -> dict:
    return json.loads(max((archive / "runs").glob("run-*.json")).read_text(encoding="utf-8"))


def anchor_run(sites: Path, archive: Path) -> Timed:
    """One plain ``newsarchive run``."""
    clock, cpu = time.monotonic(), children_cpu()
    result = subprocess.run([str(NEWSARCHIVE), "run", "--sites", str(sites), *settings_args(f"ARCHIVE_DIR={archive}")],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the plain run failed: {result.stderr[-2000:]}")
    return Timed(report_of(archive)["pages_fetched"], time.monotonic() - clock, children_cpu() - cpu)


def shared_run(sites: Path, archive: Path, redis_url: str, workers: int) -> Timed:
    """A shared run of ``workers`` workers."""
    server = redis.Redis.from_url(redis_url)
    commands, redis_cpu = redis_counts(server)
    clock, cpu = time.monotonic(), children_cpu()
    run = coordinator(sites, archive, redis_url)
    processes = [worker(sites, archive, redis_url, f"w{n}") for n in range(1, workers + 1)]
    for process in (run, *processes):
        status, log = finish(process, timeout=600)
        if status:
            raise SystemExit(f"a shared run with {workers} workers failed: {log[-2000:]}")
    seconds, cpu = time.monotonic() - clock, children_cpu() - cpu
    now_commands, now_redis_cpu = redis_counts(server)
    return Timed(report_of(archive)["pages_fetched"], seconds, cpu, now_commands - commands,
                 now_redis_cpu - redis_cpu)


def median_of(runs: list[Timed]) -> Timed:
    return Timed(runs[0].pages, statistics.median(run.seconds for run in runs), statistics.median(run.cpu for run in runs),
                 int(statistics.median(run.commands for run in runs)), statistics.median(run.redis_cpu for run in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=4, help="loopback sites (default 4)")
    parser.add_argument("--articles", type=int, default=60, help="articles a site (default 60)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to time (default 1,2,4)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each response takes (default 0)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the plain run and the shared runs in turn "
                        "(default 1); medians")
    parser.add_argument("--folder", type=Path, default=Path("output/bench-workers"), help="where the archives go")
    args = parser.parse_args()
    executable = redis_server_path()
    if executable is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server (or make test)")
    counts = [int(n) for n in args.workers.split(",")]
    servers = [start_site(f"127.0.0.{2 + n}") for n in range(args.sites)]
    for server in servers:
        server.listed, server.delay = args.articles, args.delay
    args.folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    sites = write_sites_file(args.folder, [server.base for server in servers])
    print(f"{args.sites} loopback sites, {args.articles} articles each, {args.delay} s a response; this machine: "
          f"{len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f} at the start")
    timed: dict[int, list[Timed]] = {count: [] for count in (0, *counts)}  # 0: the plain run
    try:
        with redis_server(executable) as redis_url:
            for round_ in range(args.rounds):
                timed[0].append(anchor_run(sites, args.folder / f"{stamp}-{round_}-plain"))
                for count in counts:
                    timed[count].append(shared_run(sites, args.folder / f"{stamp}-{round_}-{count}", redis_url, count))
    finally:
        for server in servers:
            server.shutdown()
    anchor, runs = median_of(timed[0]), {count: median_of(timed[count]) for count in counts}
    print(f"load average {os.getloadavg()[0]:.1f} at the end; medians of {args.rounds} round(s)")
    print(f"anchor, one plain `newsarchive run`: {anchor.pages} pages in {anchor.seconds:.1f} s = {anchor.rate:.1f} "
          f"pages/s, CPU {anchor.cpu / anchor.pages * 1000:.1f} ms a page")
    for count, run in runs.items():
        print(f"{count} worker(s): {run.pages} pages in {run.seconds:.1f} s = {run.rate:.1f} pages/s "
              f"({run.rate / anchor.rate:.2f} x the anchor), CPU {run.cpu / run.pages * 1000:.1f} ms a page "
              f"({run.cpu / anchor.cpu:.2f} x), Redis: {run.commands / run.pages:.0f} commands and "
              f"{run.redis_cpu / run.pages * 1e6:.0f} us CPU a page")
    best = max(runs, key=lambda count: runs[count].rate)
    ceiling = runs[best].pages / runs[best].redis_cpu
    print(f"prediction: N machines like this one, {best} workers each: about N x {runs[best].rate:.0f} pages/s, "
          f"while the sites allow it (each site: CONCURRENT_REQUESTS_PER_DOMAIN at once, 4 by default) and up "
          f"to what one Redis server serves: at {runs[best].redis_cpu / runs[best].pages * 1e6:.0f} us of its CPU a "
          f"page, about {ceiling:,.0f} pages/s, i.e. {ceiling / runs[best].rate:.0f} machines")


if __name__ == "__main__":
    main()
