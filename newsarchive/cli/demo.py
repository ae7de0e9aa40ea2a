"""``newsarchive demo-site`` and ``newsarchive demo``: the bundled demo news
site served on loopback, and crawled, with what came out told to people."""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from ..archive.catalog import Catalog
from ..archive.layout import ArchiveLayout
from ..archive.warc.files import warc_files
from ..demo.crawl import crawl_demo_site, summary
from ..demo.server import DEFAULT_PORT, make_server, server_origin
from .common import EXIT_FAILED, catalogue_usable, log, port_number

#: The demo's archive, apart from the one real crawls keep in ./archive.
DEMO_ARCHIVE = Path("output/demo-archive")


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-site", help="serve the bundled demo news site on loopback",
                       description="Serve the bundled demo news site on 127.0.0.1 until Ctrl-C.")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    p.set_defaults(func=demo_site)
    p = sub.add_parser("demo", help="crawl the bundled demo news site and show the results",
                       description="Serve the demo news site on a free loopback port, crawl it "
                                   "with the project's spiders and pipelines, write the articles "
                                   "as JSON Lines and say what was skipped and why.")
    p.add_argument("-o", "--output", type=Path, default=Path("output/demo-articles.jsonl"),
                   help="JSON Lines file for the articles (default: %(default)s)")
    p.add_argument("--archive-dir", type=Path, default=DEMO_ARCHIVE,
                   help="the demo's own archive folder (default: %(default)s)")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help="serve the demo site on this port while it is crawled (default: %(default)s; the "
                        "port is in every article's URL, so the same port gives the same articles again)")
    p.set_defaults(func=demo)


def demo_site(args: argparse.Namespace) -> int:
    try:
        server = make_server(args.port)
    except OSError as exc:
        log.error("cannot listen on 127.0.0.1:%d: %s", args.port, exc.strerror or exc)
        return EXIT_FAILED
    with server:
        print(f"Demo news site at {server_origin(server)}/ (robots.txt, /sitemap.xml, /feed.xml); "
              "POST /admin/edit (path, find, replace) edits an article; Ctrl-C stops it.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.")
    return 0


def demo(args: argparse.Namespace) -> int:
    if not args.verbose:  # the summary says what matters; -v shows the crawl's log too
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if not catalogue_usable(ArchiveLayout(args.archive_dir)):
        return EXIT_FAILED
    try:
        origin, report = crawl_demo_site(args.output, args.archive_dir, args.port)
    except OSError as exc:
        log.error("cannot serve the demo site on 127.0.0.1:%d: %s; give another --port", args.port,
                  exc.strerror or exc)
        return EXIT_FAILED
    print(summary(origin, report, args.output))
    print(archive_summary(ArchiveLayout(args.archive_dir)))
    if not report.articles:
        log.error("the crawl gave no article; run with -v to see its log")
        return EXIT_FAILED
    return 0


def newsarchive_command() -> str:
    """How to call ``newsarchive`` from here: by name when it is on the
    PATH, else by its path in the virtualenv running it (``.venv/bin/…``)."""
    script = Path(sys.executable).with_name("newsarchive")
    found = shutil.which("newsarchive")
    if found and Path(found).resolve() == script.resolve() or not script.exists():
        return "newsarchive"
    return os.path.relpath(script)


def archive_summary(layout: ArchiveLayout) -> str:
    with Catalog(layout.catalog_path) as catalog:
        captures, articles = len(catalog.captures()), len(catalog.articles())
    root = layout.root
    return "\n".join([
        f"The archive is in {root}/:",
        f"  {len(warc_files(layout.warc_dir))} WARC file(s) in {layout.warc_dir}/ ({captures} captures)",
        f"  {articles} article version(s) as JSON in {layout.articles_dir}/SITE/YYYY/MM/DD/",
        f"  the catalogue {layout.catalog_path} (SQLite: tables captures, articles)",
        f"  the CDXJ index {layout.index_path}",
        "Browse, search and replay it in a web browser:",
        f"  {newsarchive_command()} serve --archive-dir {root}      (or: make serve ARCHIVE_DIR={root.resolve()})",
        "Look at it:",
        f"  {newsarchive_command()} verify --archive-dir {root}      (reads every record, checks digests)",
        f"  sqlite3 {layout.catalog_path} 'SELECT url, headline, json_path FROM articles'",
        f"  make replay ARCHIVE_DIR={root.resolve()}   (pywb at http://127.0.0.1:8080/archive/)",
        "  or open a WARC file in ReplayWeb.page (https://replayweb.page)",
    ])
