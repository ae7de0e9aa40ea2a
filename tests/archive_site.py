"""A tiny news site on loopback for the archive tests, and a crawl runner.

Pages ``/news/N.html`` (plain), ``/gzip/N.html`` (``Content-Encoding:
gzip``) and ``/chunked/N.html`` (``Transfer-Encoding: chunked``), each an
article with a picture in two renditions, ``/img/N.png`` and ``/img/N-2x.png``; ``/away/N.html``
redirects to ``/news/N.html`` on another host name (``localhost``).  ``edition`` changes every page's
text, ``delay`` slows every response down (seconds), ``requested`` lists the host and path of each request
(``requested_by``: with its User-Agent), ``most_at_once`` is the most requests it answered at the same time.
With ``listed`` set, the home page links to that many ``/news/N.html`` (otherwise it is a 404).
"""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCRAPY = Path(sys.executable).with_name("scrapy")
WARCIO = Path(sys.executable).with_name("warcio")
PAGE_PATH = re.compile(r"^/(news|gzip|chunked)/(\d+)\.html$")
IMAGE_PATH = re.compile(r"^/img/(\d+(?:-2x)?)\.png$")
AWAY_PATH = re.compile(r"^/away/(\d+)\.html$")


def image_bytes(name: str) -> bytes:
    """A distinct small PNG-like payload for each image ("3", "3-2x")."""
    return b"\x89PNG\r\n\x1a\n" + f"image {name} ".encode() * 40


def article_html(kind: str, number: int, edition: int) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Story {number} | Loopback News</title>
<link rel="canonical" href="/{kind}/{number}.html">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Story number {number} ({kind})",
 "datePublished": "2024-03-0{1 + number % 9}T10:00:00+01:00", "author": {{"@type": "Person", "name": "Ann Writer"}}}}</script>
</head><body><article><h1>Story number {number} ({kind})</h1>
<figure><img src="/img/{number}.png" srcset="/img/{number}.png 1x, /img/{number}-2x.png 2x" alt="Picture {number}"><figcaption>Picture {number}.</figcaption></figure>
<p>Edition {edition}: the council met on Tuesday to discuss item {number} of the agenda, which took longer than planned.</p>
<p>Residents who came to listen said they would return next week, when the vote on item {number} is expected.</p>
<p>{"More words to make this a proper article body. " * 8}</p>
</article></body></html>"""


class NewsSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1"):
        super().__init__((host, 0), Handler)
        self.edition = 1
        self.delay = 0.0
        self.listed = 0
        self.requested: list[str] = []
        self.requested_by: list[tuple[str, str]] = []
        self.at_once = self.most_at_once = 0
        self.counting = threading.Lock()

    def handle_error(self, request, client_address):
        """Quiet: a killed crawl resets its connections."""

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with self.server.counting:
            self.server.at_once += 1
            self.server.most_at_once = max(self.server.most_at_once, self.server.at_once)
        try:
            self.answer()
        finally:
            with self.server.counting:
                self.server.at_once -= 1

    def answer(self):
        time.sleep(self.server.delay)
        self.server.requested.append(self.headers.get("Host", "") + self.path)
        self.server.requested_by.append((self.headers.get("User-Agent", ""), self.path))
        page, image, away = PAGE_PATH.match(self.path), IMAGE_PATH.match(self.path), AWAY_PATH.match(self.path)
        if self.path == "/" and self.server.listed:
            links = "".join(f'<li><a href="/news/{n}.html">Story {n}</a></li>' for n in range(1, self.server.listed + 1))
            self.send_whole(f"<!doctype html><title>Loopback News</title><ul>{links}</ul>".encode(), "text/html")
        elif away:
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/news/{away.group(1)}.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif page:
            kind, number = page.group(1), int(page.group(2))
            body = article_html(kind, number, self.server.edition).encode()
            self.send_page(kind, body)
        elif image:
            self.send_whole(image_bytes(image.group(1)), "image/png")
        else:
            self.send_whole(b"not here\n", "text/plain", status=404)

    def send_page(self, kind: str, body: bytes):
        content_type = "text/html; charset=utf-8"
        if kind == "gzip":
            self.send_whole(gzip.compress(body, mtime=0), content_type, encoding="gzip")
        elif kind == "chunked":
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 500):
                chunk = body[start:start + 500]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_whole(body, content_type)

    def send_whole(self, body: bytes, content_type: str, status: int = 200, encoding: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def warcio_check(*paths: Path) -> subprocess.CompletedProcess:
    """``warcio check -v`` of WARC files: exit status 0 when every digest passes."""
    return subprocess.run([WARCIO, "check", "-v", *paths], capture_output=True, text=True)


def start_site(host: str = "127.0.0.1") -> NewsSite:
    site = NewsSite(host)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site


def scrapy_command(spider_args: list[str], archive: Path, *settings: str) -> list[str]:
    """``scrapy crawl SPIDER ARGS`` into ``archive``, fast and quiet."""
    command = [str(SCRAPY), "crawl", *spider_args, "-s", f"ARCHIVE_DIR={archive}",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING", "-s", "TELNETCONSOLE_ENABLED=0"]
    for setting in settings:
        command += ["-s", setting]
    return command


def crawl_command(urls: list[str], archive: Path, *settings: str) -> list[str]:
    """The ``article`` spider on ``urls`` (robots.txt not asked for)."""
    urls_file = archive.parent / f"urls-{len(urls)}-{time.monotonic_ns()}.txt"
    urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return scrapy_command(["article", "-a", f"urls_file={urls_file}"], archive, "ROBOTSTXT_OBEY=0", *settings)


def sitemap_command(origin: str, archive: Path, *settings: str) -> list[str]:
    """The ``sitemap`` spider from ``origin``'s robots.txt, as ``newsarchive demo`` crawls."""
    return scrapy_command(["sitemap", "-a", f"url={origin}/robots.txt"], archive, *settings)


def run_crawl(command: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=180,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def crawl(urls: list[str], archive: Path, *settings: str) -> subprocess.CompletedProcess:
    return run_crawl(crawl_command(urls, archive, *settings))
