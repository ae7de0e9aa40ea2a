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
from pathlib import Path

from . import __version__

log = logging.getLogger("newsarchive")


# -- extract ---------------------------------------------------------------

def read_page_file(path: Path) -> bytes:
    """The bytes of a saved page, ``.gz`` files decompressed."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data


def extract_to_dict(data: bytes, url: str) -> dict:
    """Extract one page; the article as a JSON-ready dict."""
    from .extraction import extract_article
    return extract_article(data, url).to_dict()


def add_extract(sub) -> None:
    p = sub.add_parser("extract", help="extract articles from saved pages, offline",
                       description="Extract the article of saved HTML pages through the same "
                                   "code as a crawl, without network.")
    p.add_argument("page", nargs="?", type=Path, help="an .html or .html.gz file")
    p.add_argument("--url", help="the page's URL (resolves relative links; default: file URL)")
    p.add_argument("--manifest", type=Path,
                   help='JSON Lines of {"id", "file", "url"}; one article a line to stdout')
    p.set_defaults(func=cmd_extract)


def cmd_extract(args) -> int:
    from .extraction import NotAnArticle, PageError
    if bool(args.page) == bool(args.manifest):
        log.error("give either a PAGE file or --manifest CASES.jsonl")
        return 2
    if args.page:
        url = args.url or args.page.resolve().as_uri()
        try:
            article = extract_to_dict(read_page_file(args.page), url)
        except OSError as exc:
            log.error("cannot read %s: %s", args.page, exc.strerror or exc)
            return 1
        except (PageError, NotAnArticle) as exc:
            log.error("%s: %s", args.page, exc)
            return 1
        json.dump(article, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    return extract_manifest(args.manifest, sys.stdout)


def extract_manifest(manifest: Path, out) -> int:
    """One JSON line per case, in input order; a failing case gives a line
    with its ``id`` and ``error`` and the run goes on."""
    from .extraction import NotAnArticle, PageError
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.error("cannot read manifest %s: %s", manifest, exc.strerror or exc)
        return 1
    failures = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            case_id, file = case["id"], case["file"]
        except (ValueError, KeyError, TypeError):
            log.error("%s:%d: not a case line with \"id\" and \"file\"", manifest, number)
            failures += 1
            continue
        path = manifest.parent / file
        url = case.get("url") or path.resolve().as_uri()
        try:
            record = extract_to_dict(read_page_file(path), url)
            record["article_id"], record["id"] = record["id"], case_id
        except OSError as exc:
            record = {"id": case_id, "error": f"cannot read {file}: {exc.strerror or exc}"}
        except (PageError, NotAnArticle, gzip.BadGzipFile, EOFError) as exc:
            record = {"id": case_id, "error": str(exc) or type(exc).__name__}
        except Exception as exc:  # one bad page must not stop the batch
            log.exception("case %s failed", case_id)
            record = {"id": case_id, "error": f"{type(exc).__name__}: {exc}"}
        if "error" in record:
            failures += 1
            log.warning("case %s: %s", case_id, record["error"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failures:
        log.info("%d case(s) gave no article", failures)
    return 0


# -- main -------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in (add_extract,):
        add(sub)
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
