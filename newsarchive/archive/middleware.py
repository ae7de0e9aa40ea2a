"""The Scrapy downloader middleware that writes every response to WARC.

Ordered before ``HttpCompressionMiddleware`` (priority above 590), its
``process_response`` sees the body as it came on the wire, still
content-encoded.  Every http(s) response is written, but those served from
Scrapy's HTTP cache (flag ``cached``) or by an archive being replayed (flag
``replayed``), which are already archived, and those of requests with
``meta["dont_archive"]``.  The capture of each written response is left in
``request.meta["warc_capture"]`` for the spider and the pipelines.
"""
from __future__ import annotations

import socket
from importlib.metadata import version
from urllib.parse import urldefrag

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from .. import __version__
from .archiver import Archiver
from .catalog import Catalog
from .layout import ArchiveLayout
from .records import WARC_VERSION, Exchange
from .warcfile import RotatingWarcWriter

NOT_ARCHIVED_FLAGS = frozenset({"cached", "replayed"})
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def warcinfo_fields(settings) -> dict[str, str]:
    return {
        "software": f"newsarchive/{__version__} (Scrapy/{scrapy.__version__}; warcio/{version('warcio')})",
        "hostname": socket.gethostname(),
        "format": f"WARC File Format {WARC_VERSION}",
        "conformsTo": CONFORMS_TO,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": settings.get("USER_AGENT"),
        "operator": settings.get("WARC_OPERATOR"),
    }


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` as (name, value) pairs, one a value."""
    return [(_text(name), _text(value)) for name, values in headers.items() for value in values]


def http_protocol(response) -> str:
    """The HTTP version for the record: HTTP/2 and HTTP/3 exchanges are written
    in the HTTP/1.1 message format, as WARC records hold HTTP/1 messages."""
    protocol = response.protocol or ""
    return protocol if protocol.startswith("HTTP/1.") else "HTTP/1.1"


def exchange_of(request, response) -> Exchange:
    return Exchange(
        url=urldefrag(request.url).url, method=request.method, request_headers=header_pairs(request.headers),
        request_body=request.body, protocol=http_protocol(response), status=response.status,
        response_headers=header_pairs(response.headers), body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None)


def is_archived(request, response) -> bool:
    return (urlparse_cached(request).scheme in ("http", "https")
            and not NOT_ARCHIVED_FLAGS & set(response.flags) and not request.meta.get("dont_archive"))


class WarcCaptureMiddleware:
    def __init__(self, archiver: Archiver):
        self.archiver = archiver

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off")
        layout = ArchiveLayout.from_settings(settings)
        writer = RotatingWarcWriter(layout.warc_dir, settings.get("WARC_PREFIX"),
                                    settings.getint("WARC_MAX_SIZE"), warcinfo_fields(settings))
        middleware = cls(Archiver(writer, Catalog(layout.catalog_path), layout))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_response(self, request, response):
        request.meta.pop("warc_capture", None)
        if is_archived(request, response):
            request.meta["warc_capture"] = self.archiver.archive(exchange_of(request, response)).to_dict()
        return response

    def spider_opened(self):
        self.archiver.start()

    def spider_closed(self):
        self.archiver.close()
