"""A hostile loopback site, for crawls that must end in bounded time, with a
clear log line for each trap and never a traceback.

Every answer is chosen by the path (``HostileSite.answer``); what a crawl
asked for is in ``requested`` (host and path).  A site is built with the
robots.txt it serves (``None``: 404) and may vanish after serving a number
of requests (``vanish_after``: its port then refuses connections, and a
connection kept open gets no answer).  ``pictures_from`` puts the pictures
of its ``/a/N.html`` articles on another host (a base URL).
"""
from __future__ import annotations

import base64
import functools
import gzip
import random
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from archive_site import article_html, image_bytes

ALLOW_ALL = "User-agent: *\nAllow: /\n"
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The local file a ``file://`` URL in a sitemap or a redirect points at.
LOCAL_FILE = "file:///etc/hostname"


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def urlset(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SITEMAP_NS}">{entries}</urlset>'.encode()


def sitemap_index(urls: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return f'<?xml version="1.0"?><sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>'.encode()


def article_with_pictures(number: int, pictures: int) -> bytes:
    """An article with ``pictures`` pictures, each a figure with a caption."""
    figures = "".join(f'<figure><img src="/pic/{number}-{k}.png" alt="Picture {k}"><figcaption>Picture {k} '
                      f'of the flood.</figcaption></figure>' for k in range(pictures))
    return article_html("a", number, 1).replace("</article>", figures + "</article>").encode()


def big_article(number: int, size: int) -> bytes:
    """An article of about ``size`` bytes of text that does not compress."""
    words = base64.b64encode(random.Random(number).randbytes(size * 3 // 4)).decode()
    paragraphs = "".join(f"<p>{words[i:i + 1000]}</p>" for i in range(0, len(words), 1000))
    return article_html("big", number, 1).replace("</article>", paragraphs + "</article>").encode()


@functools.cache
def gzip_bomb() -> bytes:
    """200 MB of spaces, gzip'd to 200 KB (made once)."""
    return gzip.compress(b" " * 200_000_000, compresslevel=9, mtime=0)


def forged_article(target: str) -> bytes:
    """A page that declares another origin's article as its canonical URL."""
    html = article_html("a", 99, 1).replace('<link rel="canonical" href="/a/99.html">',
                                            f'<link rel="canonical" href="{target}">')
    return html.replace("Story number 99 (a)", "Forged headline").encode()


class HostileSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, robots: str | None = ALLOW_ALL, vanish_after: int | None = None, pictures_from: str = ""):
        super().__init__(("127.0.0.1", 0), Handler)
        self.robots = robots
        self.vanish_after = vanish_after
        self.pictures_from = pictures_from
        self.gone = False
        self.requested: list[str] = []
        self.forge_target = ""
        self.closed = f"127.0.0.1:{closed_port()}"
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        """Quiet: cut, slow and endless answers reset their connections."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self, prefix: str) -> list[str]:
        return [p for p in self.requested if p.split("/", 1)[-1].startswith(prefix.lstrip("/"))]

    def vanish(self) -> None:
        """Stop answering: the port refuses connections from now on, and the
        connections a client keeps open are closed at its next request."""
        self.gone = True
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        site: HostileSite = self.server  # type: ignore[assignment]
        if site.gone:  # a keep-alive connection of the client's: closed, no answer
            self.close_connection = True
            return
        with site.lock:
            site.requested.append(self.headers.get("Host", "") + self.path)
            served = len(site.requested)
        self.answer(site, self.path)
        if site.vanish_after is not None and served == site.vanish_after:
            threading.Thread(target=site.vanish, daemon=True).start()

    def send(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
             headers: tuple[tuple[str, str], ...] = ()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str):
        self.send(b"", status=302, headers=(("Location", location),))

    def answer(self, site: HostileSite, path: str):  # noqa: C901 -- one case a branch
        base = site.base
        if path == "/robots.txt":
            if site.robots is None:
                return self.send(b"not here", "text/plain", status=404)
            return self.send(site.robots.encode(), "text/plain")
        if match := re.fullmatch(r"/a/(\d+)\.html", path):
            return self.send(article_html("a", int(match.group(1)), 1).replace("/img/", f"{site.pictures_from}/img/")
                             .encode())
        if match := re.fullmatch(r"/pictures/(\d+)-(\d+)\.html", path):
            return self.send(article_with_pictures(int(match.group(1)), int(match.group(2))))
        if match := re.fullmatch(r"/(?:img|pic)/([\w-]+)\.png", path):
            return self.send(image_bytes(match.group(1)), "image/png")
        if match := re.fullmatch(r"/big/(\d+)\.html", path):
            return self.send(big_article(int(match.group(1)), 200_000))
        if match := re.fullmatch(r"/sitemap/big-(\d+)\.xml", path):
            return self.send(urlset([f"{base}/big/{n}.html" for n in range(1, int(match.group(1)) + 1)]),
                             "application/xml")
        if path == "/forged.html":
            return self.send(forged_article(site.forge_target))
        if path == "/cookies.html":
            return self.send(article_html("a", 7, 1).encode(), headers=(
                ("Set-Cookie", "session=1; Path=/"), ("Set-Cookie", "consent=no; Domain=.co.uk; Path=/"),
                ("Set-Cookie", "tracker=2; Domain=127.0.0.1; Path=/")))
        if path == "/sitemap/schemes.xml":  # only the last entry is a web page
            return self.send(urlset([LOCAL_FILE, f"ftp://{site.closed}/story.html", "data:text/html,<p>hi</p>",
                                     "javascript:alert(1)", f"gopher://{site.closed}/1", "/a/relative.html",
                                     f"{base}/a/1.html"]), "application/xml")
        if match := re.fullmatch(r"/sitemap/index-(\d+)\.xml", path):  # an endless chain of indexes
            number = int(match.group(1))
            return self.send(sitemap_index([f"{base}/sitemap/index-{number + 1}.xml"]), "application/xml")
        if match := re.fullmatch(r"/sitemap/pages-(\d+)\.xml", path):
            return self.send(urlset([f"{base}/a/{n}.html" for n in range(1, int(match.group(1)) + 1)]),
                             "application/xml")
        if path == "/sitemap/redirects.xml":
            return self.send(urlset([f"{base}/redirect/{name}.html" for name in ("loop", "chain-0", "file", "ftp")]
                                    + [f"{base}/a/2.html"]), "application/xml")
        if path == "/redirect/loop.html":
            return self.redirect("/redirect/loop-back.html")
        if path == "/redirect/loop-back.html":
            return self.redirect("/redirect/loop.html")
        if match := re.fullmatch(r"/redirect/chain-(\d+)\.html", path):
            return self.redirect(f"/redirect/chain-{int(match.group(1)) + 1}.html")
        if path == "/redirect/file.html":
            return self.redirect(LOCAL_FILE)
        if path == "/redirect/ftp.html":
            return self.redirect(f"ftp://{site.closed}/story.html")
        if path == "/slow.html":  # a byte now and then, for ever
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
            return None
        if path == "/endless.html":  # chunks for ever
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"more " * 2000 + b"</p>"
            for _ in range(100_000):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            return None
        if path == "/gzip-bomb.html":  # 200 MB of spaces in 200 KB
            return self.send(gzip_bomb(), headers=(("Content-Encoding", "gzip"),))
        if path == "/lying-length.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(article_html("a", 8, 1).encode()[:1000])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        if path == "/entity-bomb.xml":
            return self.send(b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
                             b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><urlset xmlns="' + SITEMAP_NS.encode()
                             + b'"><url><loc>&lol2;</loc></url></urlset>', "application/xml")
        if path == "/xxe.xml":
            return self.send(b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "' + LOCAL_FILE.encode()
                             + b'">]><urlset xmlns="' + SITEMAP_NS.encode() + b'"><url><loc>&x;</loc></url>'
                             b'</urlset>', "application/xml")
        if path == "/malformed.html":
            return self.send(b"<html><head><title>Broken</title><body><p>Unclosed <b><i><table><tr><td>"
                             b"<p>" * 500 + b"\x00\xff\xfe</html")
        if match := re.fullmatch(r"/trap/(\d+)/", path):  # an endless calendar
            number = int(match.group(1))
            return self.send(f'<html><body><a href="/trap/{number + 1}/">next</a>'
                             f'<a href="/trap/{number + 2}/">after</a></body></html>'.encode())
        return self.send(b"not here", "text/plain", status=404)


def start_hostile_site(**kwargs) -> HostileSite:
    gzip_bomb()
    site = HostileSite(**kwargs)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site
