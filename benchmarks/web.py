#!/usr/bin/env python3
"""The web UI's article list and search with many articles in the catalogue.

    python benchmarks/web.py [--articles 100000] [--repeat 15] [--keep DIR]

Builds a catalogue of ARTICLES synthetic articles (300-word bodies drawn from
a 5,000-word vocabulary with a Zipf distribution, 20 sites, 8 sections, 500
authors) through the catalogue's own indexing (``search.index_latest_version``,
in one transaction), then times requests to the UI (``newsarchive serve``'s
Starlette app, templates included, through its test client): the list, a deep
page, filters, searches for a frequent, a middling and a rare word, a phrase,
and the JSON API.  Prints the median and slowest of ``--repeat`` runs of each,
in ms, against an anchor measured in the same run: the same word found
without the full-text index (a ``LIKE`` scan of the same texts).  The aim:
every answer under 100 ms at 100,000 articles.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from starlette.testclient import TestClient  # noqa: E402

from newsarchive.archive.catalog import Catalog  # noqa: E402
from newsarchive.archive.layout import ArchiveLayout  # noqa: E402
from newsarchive.archive.search import ArticleText, index_latest_version  # noqa: E402
from newsarchive.web.app import Archive, build_app  # noqa: E402

VOCABULARY = 5000
SECTIONS = ["World", "Politics", "Business", "Science", "Culture", "Sport", "Opinion", "Health"]


def words(count: int) -> list[str]:
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"
    found: dict[str, None] = {}
    while len(found) < count:
        found["".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))] = None
    return list(found)


def build(layout: ArchiveLayout, articles: int) -> list[str]:
    """The catalogue; the vocabulary, most frequent word first."""
    vocabulary = words(VOCABULARY)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    rng = random.Random(2)
    authors = [f"{rng.choice(vocabulary).title()} {rng.choice(vocabulary).title()}" for _ in range(500)]
    with Catalog(layout.catalog_path) as catalog:
        conn = catalog.conn
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: the one transaction of the build stays in memory
        with conn:
            conn.execute("BEGIN")
            for n in range(articles):
                body_words = rng.choices(vocabulary, weights, k=300)
                body = "\n\n".join(" ".join(body_words[i:i + 60]) for i in range(0, 300, 60))
                headline = " ".join(rng.choices(vocabulary, weights, k=8)).capitalize()
                day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
                article_id = f"{n:016x}"
                json_path = f"articles/site{n % 20}.test/{day.replace('-', '/')}/{article_id}-20240101000000.json"
                conn.execute("INSERT INTO articles (article_id, url, site, date, headline, published, fetched_at, "
                             "content_hash, json_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (article_id, f"http://site{n % 20}.test/{n}.html", f"site{n % 20}.test", day, headline,
                              f"{day}T{n % 24:02d}:00:00+00:00", "2024-12-31T00:00:00+00:00", "sha256:x", json_path))
                text = ArticleText(section=SECTIONS[n % len(SECTIONS)], kicker=None,
                                   description=" ".join(rng.choices(vocabulary, weights, k=20)), body=body,
                                   authors=(authors[n % len(authors)],), sort_time=f"{day}T{n % 24:02d}:00:00")
                index_latest_version(conn, article_id, json_path, text)
            conn.execute("INSERT INTO article_text (article_text) VALUES ('optimize')")
        conn.execute("ANALYZE")
    return vocabulary


def timed(call, repeat: int) -> tuple[float, float]:
    call()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), max(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="build the archive in this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="newsarchive-bench-web-"))
    layout = ArchiveLayout(root)
    started = time.perf_counter()
    vocabulary = build(layout, args.articles) if not layout.catalog_path.exists() else words(VOCABULARY)
    print(f"catalogue of {args.articles:,} articles in {layout.catalog_path} "
          f"({layout.catalog_path.stat().st_size / 1e6:.0f} MB), built in {time.perf_counter() - started:.0f} s")
    client = TestClient(build_app(Archive(layout)))
    frequent, middling, rare = vocabulary[0], vocabulary[200], vocabulary[4000]
    with Catalog(layout.catalog_path, read_only=True) as catalog:
        def count(word: str) -> int:
            return catalog.conn.execute("SELECT count(*) FROM article_text WHERE article_text MATCH ?",
                                        (f'"{word}"',)).fetchone()[0]

        def like_scan() -> None:
            catalog.conn.execute("SELECT l.article_id FROM article_latest l JOIN article_text t ON t.rowid = l.version "
                                 "WHERE t.body LIKE ? ORDER BY l.sort_time DESC LIMIT 25", (f"% {middling} %",)).fetchall()
        anchor = timed(like_scan, max(3, args.repeat // 5))
        counts = {word: count(word) for word in (frequent, middling, rare)}
        author = catalog.conn.execute("SELECT author FROM article_authors LIMIT 1").fetchone()[0]
    cases = {
        "list, page 1": "/",
        "list, page 2,000": "/?page=2000",
        "list, one site": "/?site=site7.test",
        "list, one author and a month": f"/?author={author}&since=2024-03-01&until=2024-03-31",
        f"search, frequent word ({counts[frequent]:,} articles)": f"/?q={frequent}",
        f"search, middling word ({counts[middling]:,} articles)": f"/?q={middling}",
        f"search, rare word ({counts[rare]:,} articles)": f"/?q={rare}",
        "search, two words in one section": f"/?q={middling}+{vocabulary[300]}&section=Science",
        "API search, middling word": f"/api/search?q={middling}",
    }
    print(f"\nanchor: the middling word found by a LIKE scan, no full-text index: "
          f"median {anchor[0]:.1f} ms, slowest {anchor[1]:.1f} ms\n")
    print(f"{'request':<52} {'median ms':>10} {'slowest ms':>11} {'vs anchor':>10}")
    slow = []
    for name, path in cases.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        median, slowest = timed(lambda: client.get(path), args.repeat)
        print(f"{name:<52} {median:>10.1f} {slowest:>11.1f} {median / anchor[0]:>9.2f}x")
        if median >= 100:
            slow.append(name)
    print("\nall under 100 ms" if not slow else f"\nover 100 ms: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
