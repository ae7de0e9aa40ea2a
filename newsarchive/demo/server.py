"""The demo news site's HTTP server: standard library only, loopback only.

Text responses are gzip-encoded when the client accepts it; live pages are
streamed with chunked transfer encoding, as live blogs often are.

Articles can be edited while the site runs, as a newsroom edits a story
after publication (to try revisits and versions), from the command line:

    curl -d path=/world/2024/07/01/port-reopens-after-dockworkers-strike.html \
         -d find='three-day strike' -d replace='four-day strike' http://127.0.0.1:8642/admin/edit
    curl -X POST http://127.0.0.1:8642/admin/reset      # every article as first published

An edit replaces text in the page's HTML (every occurrence) until the server
stops; ``edit_article`` does the same from Python.
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
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import urlopen

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
    server: DemoServer

    def origin(self) -> str:
        return "http://" + (self.headers.get("Host") or server_origin(self.server).removeprefix("http://"))

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        try:
            status, content_type, body, chunked = self.resolve(path)
            self.send(status, content_type, body, chunked)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client hung up during %s", path)

    def do_POST(self) -> None:
        """``/admin/edit`` (form fields ``path``, ``find``, ``replace``) and ``/admin/reset``."""
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True).items()}
        if path == "/admin/reset":
            self.server.edits.clear()
            status, message = 200, "every article is as first published\n"
        elif path == "/admin/edit":
            status, message = self.edit(form)
        else:
            status, message = 404, "POST to /admin/edit or /admin/reset\n"
        self.send(status, "text/plain; charset=utf-8", message.encode(), False)

    def edit(self, form: dict[str, str]) -> tuple[int, str]:
        article, find = form.get("path"), form.get("find")
        if article not in ARTICLE_BY_PATH or not find or "replace" not in form:
            return 400, "give path (an article's path), find and replace\n"
        if find not in self.article_page(article):
            return 409, f"{find!r} is not in {article}\n"
        self.server.edits.setdefault(article, []).append((find, form["replace"]))
        return 200, f"edited {article}\n"

    def article_page(self, path: str) -> str:
        """The article's page as served now: its file with the site's origin
        and the edits made since the server started."""
        page = SITE.joinpath(path.lstrip("/")).read_text(encoding="utf-8")
        for find, replace in self.server.edits.get(path, []):
            page = page.replace(find, replace)
        return page.replace(ORIGIN_PLACEHOLDER, self.origin())

    def resolve(self, path: str) -> tuple[int, str, bytes, bool]:
        """Status, content type, body and whether to stream it chunked."""
        if path in ROUTES:
            content_type, render = ROUTES[path]
            body = render(self.origin())
            return 200, content_type, body.encode() if isinstance(body, str) else body, False
        if path in ARTICLE_BY_PATH:
            return 200, HTML, self.article_page(path).encode(), ARTICLE_BY_PATH[path].live
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


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]):
        super().__init__(address, DemoHandler)
        #: Article path -> the (find, replace) edits made to it, in order.
        self.edits: dict[str, list[tuple[str, str]]] = {}


def make_server(port: int = DEFAULT_PORT) -> DemoServer:
    """The demo site's server on loopback; port 0 picks a free port."""
    return DemoServer((HOST, port))


def edit_article(origin: str, path: str, find: str, replace: str) -> None:
    """Edit an article of the demo site served at ``origin`` (through
    ``/admin/edit``); ``HTTPError`` when the site refuses the edit."""
    form = urlencode({"path": path, "find": find, "replace": replace}).encode()
    with urlopen(f"{origin}/admin/edit", data=form, timeout=10):
        pass


def server_origin(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host if isinstance(host, str) else host.decode()}:{port}"


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
