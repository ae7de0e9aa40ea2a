"""Writing HTTP exchanges to the archive: WARC records, catalogue rows and
the index of each closed file.

A response whose payload is the same as the last capture of its URL is
written as a ``revisit`` record pointing at the original.  Empty payloads
are always written whole: they are all alike, and a revisit would save
nothing.
"""
from __future__ import annotations

from .catalog import Catalog
from .cdxj import index_closed_files
from .layout import ArchiveLayout
from .records import (Capture, Exchange, capture_of, request_record, response_record,
                      revisit_record, warc_date)
from .recovery import close_crashed_files
from .warcfile import RotatingWarcWriter


class Archiver:
    def __init__(self, writer: RotatingWarcWriter, catalog: Catalog, layout: ArchiveLayout):
        self.writer = writer
        self.catalog = catalog
        self.layout = layout

    def start(self) -> None:
        """Carry on after a crawl that was killed: close the files it left
        open and index those it closed."""
        close_crashed_files(self.layout, self.catalog)
        index_closed_files(self.layout, self.catalog)

    def archive(self, exchange: Exchange) -> Capture:
        """Write the exchange durably, then catalogue it; its capture."""
        date = warc_date()
        record = response_record(exchange, date)
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        original = self.catalog.revisit_target(exchange.url, digest) if exchange.body else None
        if original:
            record = revisit_record(exchange, date, digest, original)
        request = request_record(exchange, date, record.rec_headers.get_header("WARC-Record-ID"))
        where = self.writer.write_group([record, request])[0]
        capture = capture_of(record, where.warc_file, where.offset, where.length)
        self.catalog.add_capture(capture)
        if self.writer.is_full:  # closed once all it holds is catalogued, then indexed
            self.writer.close()
            index_closed_files(self.layout, self.catalog)
        return capture

    def close(self) -> None:
        """Close the WARC file and add its captures to the index."""
        self.writer.close()
        index_closed_files(self.layout, self.catalog)
        self.catalog.close()
