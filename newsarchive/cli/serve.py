"""``newsarchive serve``: the archive as a website (``newsarchive.web``):
articles, search, versions and diffs, captures, replay in pywb, runs, and
a JSON API, on loopback until Ctrl-C."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..archive.layout import ArchiveLayout
from ..web.app import Archive
from ..web.pywb import PYWB_REQUIREMENT, PywbError, default_wayback, install_pywb, user_pywb_dir
from ..web.server import serve as serve_archive
from ..web.server import unindexed_articles
from .common import (CATALOGUE_ERRORS, EXIT_FAILED, EXIT_USAGE, add_archive_dir, catalogue_failed, log, no_archive,
                     port_number)


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="browse, search and replay the archive in a web browser",
                       description="Serve the archive as a website until Ctrl-C: the articles (search, "
                                   "filters), each with its versions, diffs and captures, the pages "
                                   "as archived (replayed by pywb on a port of its own), the runs, "
                                   "and a JSON API under /api/.")
    add_archive_dir(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    p.add_argument("--port", type=port_number, default=0, help="port to listen on (default: a free one)")
    p.add_argument("--pywb", type=Path, default=default_wayback(),
                   help="pywb's wayback command, for replay (default: .venv-pywb/bin/wayback of the "
                        "checkout, else the one newsarchive install-replay installed, else wayback on the PATH)")
    p.set_defaults(func=serve)
    p = sub.add_parser("install-replay", help="install pywb, the replay engine of serve, in a virtualenv of its own",
                       description=f"Make a virtualenv with {PYWB_REQUIREMENT} (it pins old dependencies, so "
                                   "not beside newsarchive), where serve finds it.")
    p.add_argument("--into", type=Path, default=user_pywb_dir(), help="the virtualenv's folder (default: %(default)s)")
    p.set_defaults(func=install_replay)


def serve(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if no_archive(layout, ": crawl first, e.g. `newsarchive demo`"):
        return EXIT_USAGE
    try:
        missing = unindexed_articles(layout)
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    if missing:
        log.warning("%d articles are not in the search index yet: `newsarchive index --archive-dir %s` "
                    "adds them", missing, layout.root)

    def started(url: str, archive: Archive) -> None:
        replay = f"replay by pywb on port {archive.replay_port}" if archive.replay_port else "replay off"
        print(f"Serving {layout.root} at {url} ({replay}); Ctrl-C stops it.", flush=True)

    try:
        serve_archive(layout, args.host, args.port, args.pywb, started)
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", args.host, args.port, exc.strerror or exc)
        return EXIT_FAILED
    return 0


def install_replay(args: argparse.Namespace) -> int:
    print(f"installing {PYWB_REQUIREMENT} in {args.into} ...", flush=True)
    try:
        wayback = install_pywb(args.into)
    except PywbError as exc:
        log.error("%s", exc)
        return EXIT_FAILED
    print(f"pywb installed: {wayback}; newsarchive serve replays with it")
    return 0
