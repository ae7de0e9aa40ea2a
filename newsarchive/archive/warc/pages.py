"""The pages of WARC files, as archived, for extracting their articles again
(``newsarchive extract --warc``), years after the crawl if need be."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
