#!/usr/bin/env python3
"""Extraction speed per page: newsarchive against trafilatura, same run, same pages.

    python benchmarks/extract.py ../shared/corpus [--repeat 3] [--limit N]

CORPUS is a folder with ``cases.jsonl`` (``{"id", "file", "url"}`` a line,
``file`` relative to it) and the pages (``.html`` or ``.html.gz``).  Both
extractors get the page's bytes, undecoded, and its URL, as
``newsarchive extract`` does: newsarchive's ``extract_article`` (decoding
included) and trafilatura's ``bare_extraction(..., with_metadata=True)``.
Each page is timed ``--repeat`` times per extractor, alternating, and its
fastest run kept, after a warm-up on a few pages.  Prints the median, p90 and
total ms per page of each and the ratio newsarchive / trafilatura (the
project aims at a median ratio of at most 1.0; newsarchive's time includes
the second opinion it asks trafilatura for on the pages it is unsure of).
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

WARM_UP_PAGES = 5


def load_pages(corpus: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    """``(id, bytes, url)`` of the corpus's pages, gzip'd files decompressed."""
    pages = []
    with (corpus / "cases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            case = json.loads(line)
            data = (corpus / case["file"]).read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            pages.append((case["id"], data, case.get("url") or ""))
            if limit and len(pages) >= limit:
                break
    return pages


def newsarchive_extractor() -> Callable[[bytes, str], object]:
    from newsarchive.extraction import NotAnArticle, PageError, extract_article

    def extract(data: bytes, url: str):
        try:
            return extract_article(data, url)
        except (PageError, NotAnArticle):  # a verdict is a result too
            return None
    return extract


def trafilatura_extractor() -> Callable[[bytes, str], object]:
    from trafilatura import bare_extraction
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return lambda data, url: bare_extraction(data, url=url, with_metadata=True)


def seconds_to_extract(extract: Callable, data: bytes, url: str) -> float:
    started = time.perf_counter()
    extract(data, url)
    return time.perf_counter() - started


def time_pages(extractors: dict[str, Callable], pages, repeat: int) -> dict[str, list[float]]:
    """Seconds per page for each extractor: the fastest of ``repeat`` runs,
    the extractors alternating so that both see the same machine load."""
    for extract in extractors.values():
        for _, data, url in pages[:WARM_UP_PAGES]:
            extract(data, url)
    times: dict[str, list[float]] = {name: [] for name in extractors}
    for _, data, url in pages:
        best = dict.fromkeys(extractors, float("inf"))
        for _ in range(repeat):
            for name, extract in extractors.items():
                best[name] = min(best[name], seconds_to_extract(extract, data, url))
        for name, seconds in best.items():
            times[name].append(seconds)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(times: dict[str, list[float]]) -> str:
    lines = [f"{'extractor':<12} {'median ms':>10} {'p90 ms':>10} {'total s':>9}"]
    for name, seconds in times.items():
        lines.append(f"{name:<12} {statistics.median(seconds) * 1000:>10.2f} "
                     f"{percentile(seconds, 0.9) * 1000:>10.2f} {sum(seconds):>9.2f}")
    ours, theirs = times["newsarchive"], times["trafilatura"]
    lines.append(f"ratio newsarchive/trafilatura: median {statistics.median(ours) / statistics.median(theirs):.2f}, "
                 f"p90 {percentile(ours, 0.9) / percentile(theirs, 0.9):.2f}, "
                 f"total {sum(ours) / sum(theirs):.2f} (target: median <= 1.0)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="folder with cases.jsonl and the pages")
    ap.add_argument("--repeat", type=int, default=3, help="runs per page and extractor (default 3)")
    ap.add_argument("--limit", type=int, help="time only the first N pages")
    args = ap.parse_args(argv)
    if not (args.corpus / "cases.jsonl").is_file():
        ap.error(f"{args.corpus / 'cases.jsonl'} not found: give a corpus folder with cases.jsonl and pages/")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    try:
        extractors = {"newsarchive": newsarchive_extractor(), "trafilatura": trafilatura_extractor()}
    except ImportError as exc:
        ap.error(f"{exc.name} is not installed (pip install -e .)")
    pages = load_pages(args.corpus, args.limit)
    if not pages:
        ap.error(f"no cases in {args.corpus / 'cases.jsonl'}")
    times = time_pages(extractors, pages, args.repeat)
    print(f"{len(pages)} pages, fastest of {args.repeat} runs each")
    print(report(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
