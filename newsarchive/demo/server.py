"""The demo news site's HTTP server: standard library only, loopback only.

Text responses are gzip-encoded when the client accepts it; live pages are
streamed with chunked transfer encoding, as live blogs often are.
"""
from __future__ import annotations

import gzip
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import pages
from .catalogue import ARTICLES, SECTIONS
from .images import IMAGE_TYPES

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 8642
SITE = files(__package__).joinpath("site")
#: Article pages write their own absolute URLs as ``{{site}}/path``.
ORIGIN_PLACEHOLDER = "{{site}}"
CHUNK_SIZE = 2048

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
ARTICLE_BY_PATH = {a.path: a for a in ARTICLES}
STATIC_TYPES = {".css": "text/css; charset=utf-8"}

#: Generated documents: path -> (content type, render(origin)).
ROUTES: dict[str, tuple[str, Callable[[str], str | bytes]]] = {
    "/": (HTML, pages.home_page),
    "/robots.txt": ("text/plain; charset=utf-8", pages.robots_txt),
    "/feed.xml": ("application/rss+xml; charset=utf-8", pages.rss_feed),
    "/atom.xml": ("application/atom+xml; charset=utf-8", pages.atom_feed),
    "/feed.json": ("application/feed+json; charset=utf-8", pages.json_feed),
    "/sitemap.xml": (XML, pages.news_sitemap),
    "/sitemap-sections.xml": (XML, pages.sections_sitemap),
    "/sitemap-index.xml": (XML, pages.sitemap_index),
    **{f"/{slug}/": (HTML, partial(pages.section_page, slug=slug)) for slug in SECTIONS},
}
_ZERO_QUALITY = re.compile(r"q\s*=\s*0(\.0*)?\s*$")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header admits gzip (``gzip;q=0`` refuses it)."""
    for part in (accept_encoding or "").lower().split(","):
        coding, _, params = part.partition(";")
        if coding.strip() in ("gzip", "*"):
            return not _ZERO_QUALITY.search(params)
    return False


def _compressible(content_type: str) -> bool:
    return content_type.startswith(("text/", "application/xml", "application/rss+xml", "application/atom+xml",
                                    "application/feed+json"))


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LoopbackTimes/1.0"

    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return "http://" + (self.headers.get("Host") or f"{host}:{port}")

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        try:
            status, content_type, body, chunked = self.resolve(path)
            self.send(status, content_type, body, chunked)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client hung up during %s", path)

    def resolve(self, path: str) -> tuple[int, str, bytes, bool]:
        """Status, content type, body and whether to stream it chunked."""
        if path in ROUTES:
            content_type, render = ROUTES[path]
            body = render(self.origin())
            return 200, content_type, body.encode() if isinstance(body, str) else body, False
        if path in ARTICLE_BY_PATH:
            page = SITE.joinpath(path.lstrip("/")).read_text(encoding="utf-8")
            page = page.replace(ORIGIN_PLACEHOLDER, self.origin())
            return 200, HTML, page.encode(), ARTICLE_BY_PATH[path].live
        suffix = PurePosixPath(path).suffix.lower()
        if path.startswith("/images/") and suffix in IMAGE_TYPES:
            return 200, *IMAGE_TYPES[suffix], False
        if path.startswith("/static/") and suffix in STATIC_TYPES and ".." not in path:
            static = SITE.joinpath(path.lstrip("/"))
            if static.is_file():
                return 200, STATIC_TYPES[suffix], static.read_bytes(), False
        return 404, HTML, pages.not_found_page().encode(), False

    def send(self, status: int, content_type: str, body: bytes, chunked: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if _compressible(content_type):
            self.send_header("Vary", "Accept-Encoding")
            if accepts_gzip(self.headers.get("Accept-Encoding")):
                body = gzip.compress(body, mtime=0)
                self.send_header("Content-Encoding", "gzip")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), CHUNK_SIZE):
                chunk = body[start:start + CHUNK_SIZE]
                self.wfile.write(b"%X\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """The demo site's server on loopback; port 0 picks a free port."""
    server = ThreadingHTTPServer((HOST, port), DemoHandler)
    server.daemon_threads = True
    return server


def server_origin(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@contextmanager
def running_demo_site(port: int = 0) -> Iterator[str]:
    """Serve the demo site in a background thread; yields its origin URL."""
    server = make_server(port)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield server_origin(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
