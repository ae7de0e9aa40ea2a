"""Peak memory of a crawl that meets pages just under DOWNLOAD_MAXSIZE.

    .venv/bin/python benchmarks/memory.py [--pages 6] [--size-mb MB ...]

Serves, on loopback, article pages of three kinds (text paragraphs, dense
markup, one huge inline script), and crawls them with the ``article``
spider into a fresh archive, pictures and all, in a child process; prints
the child's peak resident memory against the anchor measured in the same
run: the same crawl of as many ordinary 20 KB pages.  By default two crawls:
pages just under ``DOWNLOAD_MAXSIZE`` (archived, too large to extract) and
just under ``EXTRACT_MAXSIZE`` (archived and extracted, the costliest).
The bound is 500 MB whatever the pages; exit status 1 over it.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from newsarchive import settings  # noqa: E402
SCRAPY = Path(sys.executable).with_name("scrapy")
BOUND_MB = 500


def big_page(kind: int, number: int, size: int) -> bytes:
    head = (f'<!doctype html><html><head><meta charset="utf-8"><title>Big story {number}</title>'
            f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Big story {number}", '
            f'"datePublished": "2024-03-01T10:00:00Z"}}</script></head><body><article><h1>Big story {number}</h1>'
            f'<figure><img src="/img/{number}.png" alt="A picture"><figcaption>A picture.</figcaption></figure>')
    tail = "</article></body></html>"
    room = size - len(head) - len(tail)
    if kind == 0:  # text: paragraphs of words
        unit = f"<p>Paragraph of story {number}: the council met on Tuesday and talked for a long time about it.</p>"
    elif kind == 1:  # dense markup: many small elements
        unit = '<div class="x"><span>a</span><a href="/a/1.html">b</a><i>c</i></div>'
    else:  # one huge inline script, as pages with inlined state have
        unit = ""
    if unit:
        body = unit * (room // len(unit))
    else:
        body = '<script>window.__STATE__="' + "x" * (room - 40) + '";</script>'
    return (head + body + tail).encode()


def serve(size: int, ports: multiprocessing.Queue) -> None:
    """Serve, in a process of its own (a crawl forked from a process that
    made big pages would count their memory as its own): ``/big/N.html`` of
    ``size`` bytes, ``/small/N.html`` of 20 KB, and a picture for any other
    path; the port goes to ``ports``."""
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            kind, _, name = self.path.strip("/").partition("/")
            number = int(name.split(".")[0]) if name.split(".")[0].isdigit() else 0
            page = kind in ("big", "small")
            body = (big_page(number % 3, number, size if kind == "big" else 20_000) if page
                    else b"\x89PNG\r\n\x1a\n" + b"p" * 2000)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8" if page else "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            """Quiet: the crawl closes connections of pages over DOWNLOAD_MAXSIZE."""

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ports.put(server.server_address[1])
    server.serve_forever()


def crawl_peak_mb(urls: list[str]) -> tuple[float, float, str]:
    """Peak RSS (MB) and wall time of a crawl of ``urls`` in a child process,
    and its log."""
    with tempfile.TemporaryDirectory() as folder:
        urls_file = Path(folder) / "urls.txt"
        urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        command = [str(SCRAPY), "crawl", "article", "-a", f"urls_file={urls_file}", "-s", f"ARCHIVE_DIR={folder}/a",
                   "-s", "ROBOTSTXT_OBEY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING",
                   "-s", "TELNETCONSOLE_ENABLED=0"]
        started = time.perf_counter()
        log = Path(folder) / "crawl.log"
        with log.open("w") as stderr:
            child = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=stderr)
            _, _, usage = os.wait4(child.pid, 0)
        return usage.ru_maxrss / 1024, time.perf_counter() - started, log.read_text()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--size-mb", type=float, nargs="+",
                        default=[(settings.DOWNLOAD_MAXSIZE - 4096) / 2**20, (settings.EXTRACT_MAXSIZE - 4096) / 2**20])
    args = parser.parse_args()
    worst = 0.0
    for size_mb in args.size_mb:
        ports: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
        server = multiprocessing.get_context("spawn").Process(target=serve, args=(int(size_mb * 2**20), ports))
        server.start()
        base = f"http://127.0.0.1:{ports.get(timeout=60)}"
        anchor, anchor_time, _ = crawl_peak_mb([f"{base}/small/{n}.html" for n in range(args.pages)])
        peak, took, stderr = crawl_peak_mb([f"{base}/big/{n}.html" for n in range(args.pages)])
        server.terminate()
        worst = max(worst, peak)
        print(f"anchor: {args.pages} pages of 20 KB: peak RSS {anchor:.0f} MB ({anchor_time:.1f} s)")
        print(f"{args.pages} pages of {size_mb:.2f} MB: peak RSS {peak:.0f} MB ({took:.1f} s), "
              f"{peak - anchor:.0f} MB above the anchor; bound {BOUND_MB} MB: {'OK' if peak < BOUND_MB else 'OVER'}")
        if "Traceback" in stderr:
            print(stderr[-3000:])
    return 0 if worst < BOUND_MB else 1


if __name__ == "__main__":
    sys.exit(main())
