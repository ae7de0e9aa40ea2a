"""``newsarchive export``: the archive's articles as JSON Lines, CSV or
Parquet, or its captures as one WACZ file (``newsarchive.export``)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..archive.catalog import Catalog
from ..archive.layout import ArchiveLayout
from ..export import selected_articles
from ..export.tables import WRITERS
from ..export.wacz import write_wacz
from .common import (CATALOGUE_ERRORS, EXIT_FAILED, EXIT_USAGE, add_archive_dir, add_selection, catalogue_failed, log,
                     no_archive)


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export the archive: WACZ, or the articles as JSON Lines, CSV, Parquet",
                       description="Export the latest version of each archived article (of one site, "
                                   "fetched since a day, if asked) as JSON Lines, CSV (nested fields as "
                                   "JSON) or Parquet, or the archive as one WACZ file that pywb and "
                                   "ReplayWeb.page open: the WARC records of those articles' pages and "
                                   "pictures (all of them without --site or --since), their index, and "
                                   "one page entry per article.")
    formats = p.add_mutually_exclusive_group(required=True)
    formats.add_argument("--wacz", type=Path, metavar="OUT.wacz", help="a WACZ 1.1.1 file")
    for name in WRITERS:
        formats.add_argument(f"--{name}", type=Path, metavar="OUT", help=f"the articles as {name}")
    add_archive_dir(p)
    add_selection(p)
    p.set_defaults(func=export)


def export(args: argparse.Namespace) -> int:
    layout = ArchiveLayout(args.archive_dir)
    if no_archive(layout):
        return EXIT_USAGE
    try:
        with Catalog(layout.catalog_path, read_only=True, whole=True) as catalog:
            articles = list(selected_articles(layout, catalog, args.site, args.since))
        if args.wacz:
            captures = write_wacz(layout, articles, args.wacz, bool(args.site or args.since), args.since)
            print(f"{args.wacz}: {len(articles)} pages, {captures} captures")
            return 0
        name = next(name for name in WRITERS if getattr(args, name))
        out = getattr(args, name)
        print(f"{out}: {WRITERS[name](articles, out)} articles")
    except CATALOGUE_ERRORS as exc:
        return catalogue_failed(layout, exc)
    except OSError as exc:
        log.error("cannot export: %s%s", exc.strerror or exc, f": {exc.filename}" if exc.filename else "")
        return EXIT_FAILED
    return 0
