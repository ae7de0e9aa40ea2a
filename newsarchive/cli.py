"""The ``newsarchive`` command line.

Each sub-command is one function ``cmd_NAME(args) -> exit code`` and one
``add_NAME(subparsers)`` that declares its arguments.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
import zlib
from pathlib import Path

from . import __version__

log = logging.getLogger("newsarchive")


# -- extract ---------------------------------------------------------------

GZIP_MAGIC = b"\x1f\x8b"


def read_page_file(path: Path) -> bytes:
    """The bytes of a saved page, gzip'd files (``.html.gz``) decompressed."""
    from .extraction import PageError
    data = path.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise PageError(f"broken gzip file: {exc}") from None
    return data


def extract_to_dict(data: bytes, url: str, **page) -> dict:
    """Extract one page; the article as a JSON-ready dict.  ``page`` passes
    ``fetched_at`` and ``content_type`` on to ``extract_article``."""
    from .extraction import extract_article
    return extract_article(data, url, **page).to_dict()


def extract_file(path: Path, url: str, **page) -> dict:
    """The article of a saved page as a JSON-ready dict, or ``{"error":
    reason}`` when the file cannot be read, is not a page or not an article."""
    from .extraction import PageError
    try:
        data = read_page_file(path)
    except OSError as exc:
        return {"error": f"cannot read {path}: {exc.strerror or exc}"}
    except PageError as exc:
        return {"error": str(exc)}
    return extract_data(data, url, label=str(path), **page)


def extract_data(data: bytes, url: str, label: str, **page) -> dict:
    """The article of page bytes as a JSON-ready dict, or ``{"error": reason}``."""
    from .extraction import NotAnArticle, PageError
    try:
        return extract_to_dict(data, url, **page)
    except PageError as exc:
        return {"error": str(exc)}
    except NotAnArticle as exc:
        return {"error": f"not an article: {exc}"}
    except Exception as exc:  # a bug met on one page must not stop a batch
        log.debug("extracting %s failed", label, exc_info=True)
        return {"error": f"extraction failed: {type(exc).__name__}: {exc}"}


def add_extract(sub) -> None:
    p = sub.add_parser("extract", help="extract articles from saved pages, offline",
                       description="Extract the article of saved HTML pages through the same "
                                   "code as a crawl, without network. JSON goes to stdout, "
                                   "errors and the summary to stderr.")
    p.add_argument("page", nargs="?", type=Path, help="an .html or .html.gz file")
    p.add_argument("--url", help="the page's http(s) URL (resolves relative links; default: file URL)")
    p.add_argument("--manifest", type=Path,
                   help='JSON Lines of {"id", "file", "url"} ("file" relative to the manifest); '
                        'one article, or {"id", "error"}, a line to stdout')
    p.add_argument("--warc", type=Path, nargs="+", metavar="WARC",
                   help="extract again the articles of the HTML pages archived in these WARC "
                        "files; one article a line, with the capture it comes from")
    p.add_argument("--sites", type=Path, help="a sites file: the pages of a site it configures get "
                                              "that site's selectors, as in a crawl")
    p.set_defaults(func=cmd_extract)


def cmd_extract(args) -> int:
    from .extraction.urls import http_url_error
    if sum(map(bool, (args.page, args.manifest, args.warc))) != 1:
        log.error("give one of: a PAGE file, --manifest CASES.jsonl, --warc FILE...")
        return 2
    if args.url is not None and not args.page:
        log.error("--url goes with a PAGE file: a manifest gives each case's URL, a WARC file each page's")
        return 2
    if args.url is not None and (error := http_url_error(args.url)):
        log.error("--url: %s", error)
        return 2
    from .sites import SitesFileError, load_sites, selectors_for
    try:
        sites = load_sites(args.sites) if args.sites else []
    except SitesFileError as exc:
        log.error("%s", exc)
        return 2
    if args.manifest:
        return extract_manifest(args.manifest, sys.stdout, sites)
    if args.warc:
        return extract_warcs(args.warc, sys.stdout, sites)
    url = args.url or args.page.resolve().as_uri()
    record = extract_file(args.page, url, selectors=selectors_for(sites, url))
    if "error" in record:
        log.error("%s: %s", args.page, record["error"])
        return 1
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def extract_manifest(manifest: Path, out, sites=()) -> int:
    """One JSON line per manifest line, in input order: the article with the
    case's ``id`` (the article's own id as ``article_id``), or the ``id`` and
    an ``error``; a failing case or a broken line does not stop the run."""
    started = time.perf_counter()
    cases = errors = 0
    try:
        lines = manifest.open(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        log.error("cannot read manifest %s: %s", manifest, exc.strerror or exc)
        return 1
    with lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            cases += 1
            record = extract_case(line, manifest.parent, sites)
            if "error" in record:
                errors += 1
                case = "" if record["id"] is None else f"case {record['id']}: "
                log.warning("%s:%d: %s%s", manifest, number, case, record["error"])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    log.info("%d cases, %d articles, %d errors in %.1f s",
             cases, cases - errors, errors, time.perf_counter() - started)
    return 0


def extract_warcs(paths: list[Path], out, sites=()) -> int:
    """One JSON line per article archived in the WARC files, each with the
    ``capture`` it was extracted from; pages that are not articles are
    logged and skipped.  Exit status 1 when a file cannot be read."""
    from warcio.exceptions import ArchiveLoadFailed

    from .archive.reextract import archived_pages
    from .sites import selectors_for
    failed = False
    for path in paths:
        articles = pages = 0
        try:
            with path.open("rb") as stream:
                for page in archived_pages(stream):
                    pages += 1
                    record = extract_data(page.body, page.url, label=page.url, fetched_at=page.warc_date,
                                          content_type=page.content_type, selectors=selectors_for(sites, page.url))
                    if "error" in record:
                        log.info("skipped %s: %s", page.url, record["error"])
                        continue
                    record["capture"] = {"warc_file": path.name, "offset": page.offset,
                                         "record_id": page.record_id, "warc_date": page.warc_date}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    articles += 1
        except (OSError, ArchiveLoadFailed) as exc:
            log.error("cannot read %s: %s", path, getattr(exc, "strerror", None) or exc)
            failed = True
            continue
        log.info("%s: %d HTML pages, %d articles", path, pages, articles)
    return 1 if failed else 0


def extract_case(line: str, folder: Path, sites=()) -> dict:
    """The output record of one manifest line; ``file`` is relative to
    ``folder``, ``url`` (default: the file's URL) an http(s) URL."""
    from .extraction.urls import http_url_error
    from .sites import selectors_for
    try:
        case = json.loads(line)
    except ValueError as exc:
        return {"id": None, "error": f"bad manifest line, not JSON: {exc}"}
    if not isinstance(case, dict) or "id" not in case or not isinstance(case.get("file"), str):
        case_id = case.get("id") if isinstance(case, dict) else None
        return {"id": case_id, "error": 'bad manifest line, not a case {"id", "file", "url"}'}
    url = case.get("url")
    if url is not None and not isinstance(url, str):
        return {"id": case["id"], "error": f'bad manifest line: "url" is {type(url).__name__}, not a string'}
    if url and (error := http_url_error(url)):
        return {"id": case["id"], "error": f'bad manifest line: "url": {error}'}
    path = folder / case["file"]
    url = url or path.resolve().as_uri()
    record = extract_file(path, url, selectors=selectors_for(sites, url))
    if "error" in record:
        return {"id": case["id"], "error": record["error"]}
    record["article_id"], record["id"] = record["id"], case["id"]
    return record


# -- demo-site, demo ----------------------------------------------------------

def add_demo_site(sub) -> None:
    from .demo.server import DEFAULT_PORT
    p = sub.add_parser("demo-site", help="serve the bundled demo news site on loopback",
                       description="Serve the bundled demo news site on 127.0.0.1 until Ctrl-C.")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    p.set_defaults(func=cmd_demo_site)


def port_number(text: str) -> int:
    """A TCP port (0 to 65535), for argparse: anything else is a usage error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: give 0 to 65535")
    return port


def cmd_demo_site(args) -> int:
    from .demo.server import make_server, server_origin
    try:
        server = make_server(args.port)
    except OSError as exc:
        log.error("cannot listen on 127.0.0.1:%d: %s", args.port, exc.strerror or exc)
        return 1
    with server:
        print(f"Demo news site at {server_origin(server)}/ (robots.txt, /sitemap.xml, /feed.xml); "
              "POST /admin/edit (path, find, replace) edits an article; Ctrl-C stops it.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.")
    return 0


def add_demo(sub) -> None:
    p = sub.add_parser("demo", help="crawl the bundled demo news site and show the results",
                       description="Serve the demo news site on a free loopback port, crawl it "
                                   "with the project's spiders and pipelines, write the articles "
                                   "as JSON Lines and say what was skipped and why.")
    p.add_argument("-o", "--output", type=Path, default=Path("output/demo-articles.jsonl"),
                   help="JSON Lines file for the articles (default: %(default)s)")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from scrapy.utils.project import get_project_settings

    from .archive.layout import ArchiveLayout
    from .archive.summary import archive_summary
    from .demo.crawl import crawl_demo_site, summary
    if not args.verbose:  # the summary says what matters; -v shows the crawl's log too
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    origin, report = crawl_demo_site(args.output)
    print(summary(origin, report, args.output))
    print(archive_summary(ArchiveLayout.from_settings(get_project_settings())))
    if not report.articles:
        log.error("the crawl gave no article; run with -v to see its log")
        return 1
    return 0


# -- index, verify ----------------------------------------------------------

def add_archive_dir(parser) -> None:
    from .archive.layout import archive_dir_from_environment
    parser.add_argument("--archive-dir", type=Path, default=Path(archive_dir_from_environment()),
                        help="the archive folder (default: $ARCHIVE_DIR, else ./archive)")


def add_index(sub) -> None:
    p = sub.add_parser("index", help="rebuild the archive's CDXJ index from its WARC files",
                       description="Read every closed WARC file of the archive and write "
                                   "ARCHIVE_DIR/indexes/index.cdxj anew, sorted by SURT.")
    add_archive_dir(p)
    p.set_defaults(func=cmd_index)


def cmd_index(args) -> int:
    import sqlite3

    from .archive.catalog import Catalog, CatalogError
    from .archive.cdxj import rebuild_index
    from .archive.layout import ArchiveLayout
    layout = ArchiveLayout(args.archive_dir)
    if not layout.warc_dir.is_dir():
        log.error("no WARC files in %s", layout.warc_dir)
        return 1
    try:
        with Catalog(layout.catalog_path) as catalog:
            scans, lines = rebuild_index(layout, catalog)
    except (CatalogError, sqlite3.DatabaseError) as exc:
        log.error("catalogue %s: %s", layout.catalog_path, exc)
        return 1
    except OSError as exc:
        log.error("cannot index %s: %s", layout.root, exc)
        return 1
    damaged = [scan for scan in scans if scan.error]
    for scan in damaged:
        log.warning("%s: %s; its readable records are indexed, `newsarchive verify` tells more",
                    scan.path.name, scan.error)
    print(f"{layout.index_path}: {lines} captures from {len(scans)} WARC file(s)"
          + (f", {len(damaged)} of them damaged" if damaged else ""))
    return 1 if damaged else 0


def add_verify(sub) -> None:
    p = sub.add_parser("verify", help="check the archive: WARC digests, catalogue, JSON, index",
                       description="Read every WARC file to the end checking digests, find files "
                                   "left open by a crashed crawl, check the catalogue against the "
                                   "files and the index against the catalogue. Exit status 1 on a "
                                   "problem.")
    add_archive_dir(p)
    p.add_argument("--repair", action="store_true",
                   help="close crashed .open files after their last whole record, remove "
                        "unfinished temporary files, bring catalogue and index in line")
    p.set_defaults(func=cmd_verify)


def cmd_verify(args) -> int:
    import sqlite3

    from .archive.catalog import CatalogError
    from .archive.layout import ArchiveLayout
    from .archive.verify import verify_archive
    layout = ArchiveLayout(args.archive_dir)
    try:
        report = verify_archive(layout, repair=args.repair)
    except (CatalogError, sqlite3.DatabaseError) as exc:
        log.error("catalogue %s: %s", layout.catalog_path, exc)
        return 1
    except OSError as exc:  # what a repair could not write
        log.error("cannot repair %s: %s", layout.root, exc)
        return 1
    print(report.summary(layout.root))
    return 1 if report.unresolved else 0


# -- crawl --------------------------------------------------------------------

def add_crawl(sub) -> None:
    p = sub.add_parser("crawl", help="crawl the news sites of a sites file",
                       description="Check the whole sites file, then crawl its sites (or the one "
                                   "--only names) with the site spider and the project's settings "
                                   "and pipelines. Nothing is fetched when the file has a mistake.")
    p.add_argument("--sites", type=Path, required=True, help="the sites file (TOML; see sites.toml)")
    p.add_argument("--only", metavar="NAME", help="crawl only the site of this name")
    p.add_argument("-o", "--output", type=Path, help="also write the articles to this JSON Lines file")
    p.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                   help="override a Scrapy setting (repeatable), e.g. -s USER_AGENT='bot (you@example.org)'")
    p.set_defaults(func=cmd_crawl)


def crawl_settings(overrides: list[str], output: Path | None):
    """The project's settings (whatever the working directory), ``NAME=VALUE``
    overrides and an optional JSON Lines output; ``ValueError`` names a bad
    override, or a value that setting cannot take (``overrides.check_override``)."""
    from scrapy.settings import Settings

    from .overrides import check_override
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # main() configured logging
    for override in overrides:
        name, equals, value = override.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"-s {override}: write NAME=VALUE")
        check_override(name.strip(), value, settings.get(name.strip()))
        settings.set(name.strip(), value, priority="cmdline")
    if output:
        feeds = {**settings.getdict("FEEDS"), str(output): {"format": "jsonlines", "overwrite": True}}
        settings.set("FEEDS", feeds, priority="cmdline")
    return settings


def cmd_crawl(args) -> int:
    """Exit status 0 when the crawl finished, 1 when it failed as a run fails
    (could not start, stopped early, no response at all), 2 for a bad sites
    file, option or archive folder."""
    from .archive.layout import ArchiveLayout
    from .runs import crawl_sites
    from .sites import SitesFileError, load_sites
    try:
        load_sites(args.sites, args.only)
        settings = crawl_settings(args.set, args.output)
        ArchiveLayout.from_settings(settings).create()
    except (SitesFileError, ValueError) as exc:
        log.error("%s", exc)
        return 2
    report = crawl_sites(args.sites, args.only, settings)
    if report.failed:
        log.error("crawl failed (%s): %d pages fetched, %d errors", report.finish_reason, report.pages_fetched,
                  report.errors)
        return 1
    return 0


# -- main -------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from .cron import add_schedule
    from .history import add_history
    from .runs import add_run
    for add in (add_extract, add_index, add_verify, add_demo_site, add_demo, add_crawl,
                add_run, add_schedule, add_history):
        add(sub)
    for command in sub.choices.values():  # -v after the command too; unset there, it keeps the one before
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="log debug messages")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
