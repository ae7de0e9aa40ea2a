"""The downloader middleware that writes every response to WARC.

Ordered before ``HttpCompressionMiddleware`` (priority above 590), its
``process_response`` sees the body as it came on the wire, still
content-encoded.  Every http(s) response is written, but those served from
Scrapy's HTTP cache (flag ``cached``) or by an archive being replayed (flag
``replayed``), which are already archived, and those of requests with
``meta["dont_archive"]``.  The capture of each written response is left in
``request.meta["warc_capture"]`` for the spider and the pipelines.  The
records go to the crawl's archive (``extensions.ArchiveSession``).  When
the archive takes no more writes (a full disk), the response is dropped
(``NotArchived``: a page that cannot be kept is not extracted) and the
crawl stops (``extensions.archive_unwritable``).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self
from urllib.parse import urldefrag

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from ..archive.storage import ArchiveStorage, ArchiveUnwritable
from ..archive.warc.records import Exchange
from ..extensions import archive_storage, archive_unwritable
from .urls import RefusedRequest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

NOT_ARCHIVED_FLAGS = frozenset({"cached", "replayed"})


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` as (name, value) pairs, one a value."""
    return [(_text(name), _text(value)) for name, values in headers.items() for value in values]


def http_protocol(response: Response) -> str:
    """The HTTP version for the record: HTTP/2 and HTTP/3 exchanges are written
    in the HTTP/1.1 message format, as WARC records hold HTTP/1 messages."""
    protocol = response.protocol or ""
    return protocol if protocol.startswith("HTTP/1.") else "HTTP/1.1"


def exchange_of(request: Request, response: Response) -> Exchange:
    return Exchange(
        url=urldefrag(request.url).url, method=request.method, request_headers=header_pairs(request.headers),
        request_body=request.body, protocol=http_protocol(response), status=response.status,
        response_headers=header_pairs(response.headers), body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None)


def is_archived(request: Request, response: Response) -> bool:
    return (urlparse_cached(request).scheme in ("http", "https")
            and not NOT_ARCHIVED_FLAGS & set(response.flags) and not request.meta.get("dont_archive"))


class NotArchived(RefusedRequest):
    """A response dropped because the archive takes no more writes; the
    crawl is stopping, with one error line."""

    kind = "archive_unwritable"
    log_level = logging.DEBUG


class WarcCaptureMiddleware:
    def __init__(self, storage: ArchiveStorage, crawler: Crawler):
        self.storage = storage
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("WARC_ENABLED"):
            raise NotConfigured
        return cls(archive_storage(crawler), crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        request.meta.pop("warc_capture", None)
        if is_archived(request, response):
            try:
                request.meta["warc_capture"] = self.storage.archive(exchange_of(request, response)).to_dict()
            except ArchiveUnwritable as exc:
                archive_unwritable(self.crawler, exc)
                raise NotArchived(f"not archived: {exc}") from None
        return response
