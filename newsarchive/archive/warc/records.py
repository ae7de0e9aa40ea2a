"""WARC records of an HTTP exchange, and the capture a record stands for.

Pure functions over bytes, on warcio's record builder.  A response is kept
as it came on the wire: its body still content-encoded (gzip, br...) with
the headers that describe it.  Only ``Transfer-Encoding`` is dropped: the
HTTP client has already removed the chunking, so the header would lie about
the stored body and replay tools would try to de-chunk it again.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from http import HTTPStatus
from io import BytesIO
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import iso_date_to_timestamp

WARC_VERSION = "1.1"
DROPPED_RESPONSE_HEADERS = frozenset({"transfer-encoding"})
#: Record types that stand for a capture of a URL (requests and warcinfo do not).
CAPTURE_TYPES = ("response", "revisit")

_builder = RecordBuilder(warc_version=WARC_VERSION)


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response it got, the body as received."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None = None


@dataclass(frozen=True)
class Capture:
    """Where a response (or revisit) record of a URL is, and what it holds."""

    url: str
    warc_date: str
    record_type: str
    status: int | None
    mime: str | None
    payload_digest: str | None
    record_id: str
    warc_file: str
    offset: int
    length: int

    @property
    def timestamp(self) -> str:
        """The 14-digit timestamp of replay tools."""
        return iso_date_to_timestamp(self.warc_date)

    def to_dict(self) -> dict:
        return asdict(self)


def warc_date() -> str:
    """Now, as a WARC/1.1 date (UTC, microseconds)."""
    return _builder.curr_warc_date()


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def request_target(url: str) -> str:
    """The path and query of the request line (``/`` for an empty path)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def request_http_headers(exchange: Exchange) -> StatusAndHeaders:
    """The request line and headers, with the ``Host`` header the HTTP client
    added on the wire."""
    host = urlsplit(exchange.url).netloc.rpartition("@")[2]
    headers = [("Host", host)] + [(k, v) for k, v in exchange.request_headers if k.lower() != "host"]
    return StatusAndHeaders(f"{exchange.method} {request_target(exchange.url)} {exchange.protocol}",
                            headers, is_http_request=True)


def response_http_headers(exchange: Exchange) -> StatusAndHeaders:
    statusline = f"{exchange.status} {reason_phrase(exchange.status)}".rstrip()
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in DROPPED_RESPONSE_HEADERS]
    return StatusAndHeaders(statusline, headers, protocol=exchange.protocol)


def _warc_headers(record_type: str, exchange: Exchange, date: str, **more: str) -> dict[str, str]:
    """The named WARC headers, in the usual order (type, id, date, URI first)."""
    headers = {"WARC-Type": record_type, "WARC-Record-ID": StatusAndHeadersParser.make_warc_id(),
               "WARC-Date": date, "WARC-Target-URI": exchange.url}
    if exchange.ip_address and record_type != "request":
        headers["WARC-IP-Address"] = exchange.ip_address
    headers.update((name.replace("_", "-"), value) for name, value in more.items())
    return headers


def response_record(exchange: Exchange, date: str):
    """The ``response`` record; its payload digest is computed on creation."""
    return _builder.create_warc_record(
        exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
        http_headers=response_http_headers(exchange), warc_headers_dict=_warc_headers("response", exchange, date))


def revisit_record(exchange: Exchange, date: str, payload_digest: str, original: Capture):
    """A ``revisit`` record (identical-payload-digest profile) pointing at the
    ``original`` capture of the same payload: headers only, no body."""
    return _builder.create_revisit_record(
        exchange.url, payload_digest, original.url, original.warc_date,
        http_headers=response_http_headers(exchange),
        warc_headers_dict=_warc_headers("revisit", exchange, date, WARC_Refers_To=original.record_id))


def request_record(exchange: Exchange, date: str, concurrent_to: str):
    """The ``request`` record, linked to its response by ``WARC-Concurrent-To``."""
    return _builder.create_warc_record(
        exchange.url, "request", payload=BytesIO(exchange.request_body), length=len(exchange.request_body),
        http_headers=request_http_headers(exchange),
        warc_headers_dict=_warc_headers("request", exchange, date, WARC_Concurrent_To=concurrent_to))


def warcinfo_record(filename: str, fields: dict[str, str]):
    """The ``warcinfo`` record that opens a file; empty fields are left out."""
    return _builder.create_warcinfo_record(filename, fields)


def mime_type(content_type: str | None) -> str | None:
    """``text/html`` of ``text/html; charset=utf-8``."""
    mime = (content_type or "").split(";")[0].strip().lower()
    return mime or None


def capture_of(record, warc_file: str, offset: int, length: int) -> Capture | None:
    """The capture a record read from (or written to) ``warc_file`` stands
    for, or None for records that are not captures (request, warcinfo)."""
    if record.rec_type not in CAPTURE_TYPES:
        return None
    headers = record.rec_headers
    http = record.http_headers
    status = int(http.get_statuscode()) if http and http.get_statuscode().isdigit() else None
    return Capture(
        url=headers.get_header("WARC-Target-URI"), warc_date=headers.get_header("WARC-Date"),
        record_type=record.rec_type, status=status,
        mime=mime_type(http.get_header("Content-Type") if http else None),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
        record_id=headers.get_header("WARC-Record-ID"),
        warc_file=warc_file, offset=offset, length=length)
