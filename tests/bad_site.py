"""A loopback site of bad pages and broken responses, for crawls that must
go on past them.

``READABLE`` pages are bad but hold an article; ``UNREADABLE`` ones give
none, each with what its log line says.  A reply is a body (``Content-Type:
text/html``), maybe declared gzip-encoded whatever it is, or cut short of
its ``Content-Length`` (the server closes the connection: a truncated
download).  ``/good/N.html`` are ordinary articles; ``/`` (a home page of
over a megabyte) links to them and to the page of malformed URLs; ``/sitemap.xml`` lists every page with
``GONE`` (404 Not Found, as every other path) and ``refused_url`` (a port nothing listens on).
"""
from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import bad_pages
from archive_site import article_html
from bad_pages import GERMAN, RUSSIAN


@dataclass(frozen=True)
class Reply:
    body: bytes
    encoding: str | None = None   # a Content-Encoding header, whatever the body is
    cut_at: int | None = None     # send only this many bytes of the body, then close
    content_type: str = "text/html; charset=utf-8"


def ld_page(ld: str, head: str = "", body: str = "") -> bytes:
    """An ordinary article page with one JSON-LD block (as written) in its head."""
    return bad_pages.article(bad_pages.paragraphs(GERMAN) + body,
                             head=f'{head}<script type="application/ld+json">{ld}</script>').encode()


MALFORMED_URLS = ld_page(json.dumps({"@type": "NewsArticle"}),
                         head='<link rel="canonical" href="https://[domain]/story.html">'
                              '<meta property="og:url" content="http://[::1/story">',
                         body='<figure><img src="/img/a.jpg" srcset="/img/a.jpg 1600w, https://[cdn]/a.jpg 800w">'
                              '<figcaption>Ein Bild.</figcaption></figure>')
#: Bad pages that still hold an article, and what its body starts with.
READABLE = {
    "/bad/truncated.html": (Reply(bad_pages.truncated()), GERMAN),
    "/bad/charset.html": (Reply(bad_pages.mislabelled(RUSSIAN, "cp1251", "utf-8")), RUSSIAN),
    "/bad/deep.html": (Reply(bad_pages.deep(10_000)), GERMAN),
    "/bad/ld-type-number.html": (Reply(ld_page('{"@type": 1, "headline": "Eins"}')), GERMAN),
    "/bad/ld-type-true.html": (Reply(ld_page('{"@type": true}')), GERMAN),
    "/bad/ld-deep.html": (Reply(ld_page('{"@type": "NewsArticle", "x": ' + "[" * 5000 + "]" * 5000 + "}")),
                          GERMAN),
    "/bad/malformed-urls.html": (Reply(MALFORMED_URLS), GERMAN),
}
#: Bad pages or responses that give no article, and what the log says of
#: each (a pattern: the exception named depends on the version of Scrapy).
UNREADABLE = {
    "/bad/empty.html": (Reply(b""), "skipped {url}: empty page"),
    "/bad/binary.html": (Reply(bad_pages.png()), "skipped {url}: binary data"),
    "/bad/binary-tail.html": (Reply(bad_pages.binary_tail()), "skipped {url}: binary data"),
    "/bad/data-loss.html": (Reply(article_html("news", 1, 1).encode(), cut_at=400),
                            "could not fetch {url}: .*DataLoss"),
    "/bad/gzip.html": (Reply(article_html("news", 2, 1).encode(), encoding="gzip"),
                       "could not fetch {url}: .*Not a gzipped file"),
}
PAGES = {path: reply for path, (reply, _) in {**READABLE, **UNREADABLE}.items()}
GOOD = [f"/good/{n}.html" for n in range(1, 4)]
REFUSED = "could not fetch {url}: .*ConnectionRefusedError"
#: A page the site answers with 404 Not Found.
GONE = "/gone.html"


class BadSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.refused_url = f"http://127.0.0.1:{closed_port()}/refused.html"

    def handle_error(self, request, client_address):
        """Quiet: the cut responses reset their connections."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def page_urls(self) -> list[str]:
        return [self.base + path for path in [*PAGES, *GOOD, GONE]] + [self.refused_url]

    def reply(self, path: str) -> Reply | None:
        if path in PAGES:
            return PAGES[path]
        if path in GOOD:
            return Reply(article_html("news", GOOD.index(path) + 1, 1).encode())
        if path == "/":
            links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in [*GOOD, "/bad/malformed-urls.html"])
            teasers = "<p>A teaser for another story on the home page.</p>" * 25_000
            return Reply(f"<html><head><title>Bad site</title></head><body><ul>{links}</ul>{teasers}</body></html>"
                         .encode())
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{url}</loc></url>" for url in self.page_urls())
            return Reply(f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                         f'schemas/sitemap/0.9">{urls}</urlset>'.encode(), content_type="application/xml")
        return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        reply = self.server.reply(self.path) or Reply(b"not here", content_type="text/plain")
        self.send_response(200 if self.server.reply(self.path) else 404)
        self.send_header("Content-Type", reply.content_type)
        if reply.encoding:
            self.send_header("Content-Encoding", reply.encoding)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body[:reply.cut_at])
        if reply.cut_at is not None:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True


def start_bad_site() -> BadSite:
    site = BadSite()
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
