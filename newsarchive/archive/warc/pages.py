"""The pages of WARC files, as archived, for extracting their articles again
(``newsarchive extract --warc``, ``newsarchive reextract``), years after the
crawl if need be; one archived response read where the catalogue says it is
(``read_response``), for re-extraction, the web UI's pictures and crawls
answered from the archive."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .records import mime_type

HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass
class ArchivedPage:
    """One HTML response of a WARC file: its body decoded of its transfer
    and content encodings, and where the record lies."""

    url: str
    content_type: str | None
    body: bytes
    record_id: str
    warc_date: str
    offset: int


def archived_pages(stream) -> Iterator[ArchivedPage]:
    """The successful HTML responses of a WARC stream, in file order.
    Revisit records carry no body and are passed over, as are images and
    other media.  Raises ``ArchiveLoadFailed`` where the stream ends inside
    a page's record (warcio alone would give the cut page as a shorter one)
    and for a stream without one readable record."""
    records = ArchiveIterator(stream)
    seen = 0
    for record in records:
        seen += 1
        http = record.http_headers
        if record.rec_type != "response" or http is None or http.get_statuscode() != "200":
            continue
        content_type = http.get_header("Content-Type")
        if mime_type(content_type) not in HTML_TYPES:
            continue
        headers = record.rec_headers
        body = record.content_stream().read()
        if record.raw_stream.limit:  # bytes the record's length announced that never came
            raise ArchiveLoadFailed(f"the record at offset {records.get_record_offset()} is cut short")
        yield ArchivedPage(url=headers.get_header("WARC-Target-URI"), content_type=content_type, body=body,
                           record_id=headers.get_header("WARC-Record-ID"),
                           warc_date=headers.get_header("WARC-Date"), offset=records.get_record_offset())
    if not seen and stream.tell():
        raise ArchiveLoadFailed("no WARC record could be read")


#: Headers that no longer describe a body read decoded.
ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass
class ArchivedResponse:
    """An archived HTTP response: its status, its headers but those of its
    encodings, and its body decoded of them."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    record_id: str
    warc_date: str

    @property
    def content_type(self) -> str | None:
        return next((value for name, value in self.headers if name.lower() == "content-type"), None)


def read_response(path: Path, offset: int) -> ArchivedResponse:
    """The ``response`` record at ``offset`` of the WARC file at ``path``;
    ``ArchiveLoadFailed`` when there is none there, or it is cut short."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        if record is None or record.rec_type != "response" or record.http_headers is None:
            raise ArchiveLoadFailed(f"{path.name}: no response record at offset {offset}")
        body = record.content_stream().read()
        if record.raw_stream.limit:
            raise ArchiveLoadFailed(f"{path.name}: the record at offset {offset} is cut short")
        http, headers = record.http_headers, record.rec_headers
        status = http.get_statuscode()
        return ArchivedResponse(
            url=headers.get_header("WARC-Target-URI"), status=int(status) if status.isdigit() else 200,
            headers=[(k, v) for k, v in http.headers if k.lower() not in ENCODING_HEADERS], body=body,
            record_id=headers.get_header("WARC-Record-ID"), warc_date=headers.get_header("WARC-Date"))
