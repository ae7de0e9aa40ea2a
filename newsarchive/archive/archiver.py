"""Writing HTTP exchanges to the archive: WARC records and catalogue rows.

A response whose payload is the same as the last capture of its URL is
written as a ``revisit`` record pointing at the original.  Empty payloads
are always written whole: they are all alike, and a revisit would save
nothing.
"""
from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .cdxj import add_to_index
from .records import (Capture, Exchange, capture_of, request_record, response_record,
                      revisit_record, warc_date)
from .warcfile import RotatingWarcWriter


class Archiver:
    def __init__(self, writer: RotatingWarcWriter, catalog: Catalog):
        self.writer = writer
        self.catalog = catalog
        #: The captures of this run, for the index at close.
        self.captures: list[Capture] = []

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
        self.captures.append(capture)
        return capture

    def close(self, index_path: Path) -> None:
        """Close the WARC file and add this run's captures to the index."""
        self.writer.close()
        add_to_index(index_path, self.captures)
        self.catalog.close()
