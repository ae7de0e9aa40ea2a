"""``newsarchive extract``: articles from saved pages, offline."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..archive.layout import ArchiveLayout
from ..archive.warc.index import closed_warc_files
from ..extraction import PageError
from ..extraction.urls import http_url_error
from ..offline import extract_data, extract_file, extract_manifest, extract_warcs, page_bytes
from ..sites import SitesFileError, load_sites, selectors_for
from .common import EXIT_FAILED, EXIT_USAGE, add_archive_dir, log

STDIN = Path("-")
#: The URL of a page read from stdin without --url: links stay relative to nothing.
STDIN_URL = "file:///dev/stdin"


def archived_warc_files(archive_dir: Path) -> list[Path]:
    layout = ArchiveLayout(archive_dir)
    return [layout.warc_dir / name for name in closed_warc_files(layout)]


def add(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract articles from saved pages, offline",
                       description="Extract the article of saved HTML pages through the same "
                                   "code as a crawl, without network. JSON goes to stdout, "
                                   "errors and the summary to stderr.")
    p.add_argument("page", nargs="?", type=Path, help="an .html or .html.gz file; - reads the page from stdin")
    p.add_argument("--url", help="the page's http(s) URL (resolves relative links; default: file URL)")
    p.add_argument("--manifest", type=Path,
                   help='JSON Lines of {"id", "file", "url"} ("file" relative to the manifest); '
                        'one article, or {"id", "error"}, a line to stdout')
    p.add_argument("--warc", type=Path, nargs="*", metavar="WARC",
                   help="extract again the articles of the HTML pages archived in these WARC "
                        "files (none named: every closed WARC file of --archive-dir); one article a "
                        "line, with the capture it comes from")
    p.add_argument("--sites", type=Path, help="a sites file: the pages of a site it configures get that site's "
                                              "selectors, as in a crawl")
    add_archive_dir(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if sum((args.page is not None, args.manifest is not None, args.warc is not None)) != 1:
        log.error("give one of: a PAGE file, --manifest CASES.jsonl, --warc FILE...")
        return EXIT_USAGE
    if args.url is not None and not args.page:
        log.error("--url goes with a PAGE file: a manifest gives each case's URL, a WARC file each page's")
        return EXIT_USAGE
    if args.url is not None and (error := http_url_error(args.url)):
        log.error("--url: %s", error)
        return EXIT_USAGE
    try:
        sites = load_sites(args.sites) if args.sites else []
    except SitesFileError as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    if args.manifest:
        return extract_manifest(args.manifest, sys.stdout, sites)
    if args.warc is not None:
        paths = args.warc or archived_warc_files(args.archive_dir)
        if not paths:
            log.error("no WARC file in %s", ArchiveLayout(args.archive_dir).warc_dir)
            return EXIT_FAILED
        return extract_warcs(paths, sys.stdout, sites)
    if args.page == STDIN:
        url = args.url or STDIN_URL
        try:
            record = extract_data(page_bytes(sys.stdin.buffer), url, label="stdin", selectors=selectors_for(sites, url))
        except PageError as exc:
            record = {"error": str(exc)}
    else:
        url = args.url or args.page.resolve().as_uri()
        record = extract_file(args.page, url, selectors_for(sites, url))
    if "error" in record:
        log.error("%s: %s", args.page, record["error"])
        return EXIT_FAILED
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
