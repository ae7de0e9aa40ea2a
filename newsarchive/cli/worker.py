"""``newsarchive worker``: take part in the shared runs ``newsarchive run
--redis`` seeds (``distributed.worker``)."""
from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

from ..sites import SitesFileError, load_sites
from .common import EXIT_FAILED, EXIT_USAGE, add_settings_options, distributed_modules, log, settings_of

_WORKER_NAME = re.compile(r"[A-Za-z0-9._-]+")


def worker_name(text: str) -> str:
    if not _WORKER_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r}: a worker name is letters, digits, '.', '_' and '-'")
    return text


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="crawl a shared run with other workers (newsarchive run --redis)",
                       description="Wait for a run seeded with newsarchive run --redis URL --sites FILE, "
                                   "crawl it with the other workers, on this machine or others, until it "
                                   "is done (queue empty, nothing in flight anywhere), then exit 0. Every "
                                   "worker writes into the same archive folder (on several machines, a "
                                   "network filesystem mounted by each).")
    p.add_argument("--redis", metavar="URL", required=True, help="the run's Redis server (redis://HOST:PORT/DB)")
    p.add_argument("--sites", type=Path, required=True, help="the sites file the run was seeded from")
    p.add_argument("--name", type=worker_name, default=f"{socket.gethostname()}-{os.getpid()}",
                   help="this worker's name, in its WARC files' names (default: HOST-PID)")
    p.add_argument("--stay", action="store_true",
                   help="once a run is done, wait for the next one, and so on until stopped")
    add_settings_options(p, "WORKER_TIMEOUT=60")
    p.set_defaults(func=worker)


def worker(args: argparse.Namespace) -> int:
    try:
        load_sites(args.sites)
        settings = settings_of(args)
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    (shared,) = distributed_modules("worker")
    if args.stay:  # each run in a worker of its own, without --stay
        return shared.stay([sys.executable, "-m", "newsarchive.cli", "worker", "--redis", args.redis, "--sites",
                            str(args.sites), "--archive-dir", str(args.archive_dir), "--name", args.name,
                            *(f"--set={override}" for override in args.set), *(["-v"] if args.verbose else [])],
                           args.name)
    try:
        settings = shared.shared_settings(settings, args.redis, args.name)
        done = shared.take_part(settings, args.sites)
    except ConnectionError as exc:  # Redis cannot be reached
        log.error("%s", exc)
        return EXIT_FAILED
    except shared.WrongSitesFile as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    return 0 if done else EXIT_FAILED
