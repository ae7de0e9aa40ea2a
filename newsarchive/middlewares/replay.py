"""The downloader middleware that answers every request from an archive
instead of the live web (``-s REPLAY_ARCHIVE=DIR``), to try a sites file or
the extraction offline, on what was archived.

Each request is looked up in the archive's CDXJ index (as replay tools
do, by SURT key; the exact URL preferred) and answered with its last
archived response, from the WARC file, decoded, flagged ``replayed`` and
with the archived capture in ``request.meta["warc_capture"]`` (so an
article's ``capture`` and ``fetched_at`` are those of the archive).  A URL
the archive does not have is answered with a 404 (one log line says so),
which spiders handle as any other.  Nothing goes to the network.  Ordered
after Scrapy's request middlewares (robots.txt, headers, retries) and just
before the WARC middleware: the crawl behaves as it would live.  The crawl
keeps no archive of its own (``extensions.ArchiveSession``).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.statscollectors import StatsCollector
from warcio.exceptions import ArchiveLoadFailed

from ..archive.layout import ArchiveLayout
from ..archive.warc.index import captures_in_index
from ..archive.warc.pages import read_response

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

REVISIT_MIME = "warc/revisit"


def replay_archive_error(folder: str) -> str | None:
    """Why ``folder`` cannot be replayed, or None."""
    layout = ArchiveLayout(Path(folder))
    if not layout.index_path.is_file():
        return f"{folder} is not an archive with an index ({layout.index_path} is missing; `newsarchive index` makes it)"
    return None


class ReplayArchiveMiddleware:
    def __init__(self, layout: ArchiveLayout, stats: StatsCollector):
        self.layout = layout
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        folder = crawler.settings.get("REPLAY_ARCHIVE")
        if not folder:
            raise NotConfigured  # the default: no message, or Scrapy warns of it in every crawl
        if error := replay_archive_error(folder):
            log.error("REPLAY_ARCHIVE: %s", error)
            raise SystemExit(2)
        assert crawler.stats is not None
        return cls(ArchiveLayout(Path(folder)), crawler.stats)

    def process_request(self, request: Request) -> Response:
        entries = [e for e in captures_in_index(self.layout.index_path, request.url) if e.get("mime") != REVISIT_MIME]
        for entry in reversed(entries):  # the exact URL's last capture first
            try:
                archived = read_response(self.layout.warc_dir / entry["filename"], int(entry["offset"]))
            except (OSError, ArchiveLoadFailed, KeyError, ValueError) as exc:
                log.warning("cannot replay %s from %s: %s", request.url, entry.get("filename"), exc)
                continue
            self.stats.inc_value("replay/hit")
            headers = Headers(archived.headers)
            response_class = responsetypes.from_args(headers=headers, url=request.url, body=archived.body)
            request.meta["replay_capture"] = {
                "warc_file": entry["filename"], "offset": int(entry["offset"]), "length": int(entry["length"]),
                "record_id": archived.record_id, "warc_date": archived.warc_date,
                "payload_digest": "sha1:" + entry["digest"] if entry.get("digest") else None}
            return response_class(url=request.url, status=archived.status, headers=headers, body=archived.body,
                                  flags=["replayed"], request=request)
        self.stats.inc_value("replay/miss")
        log.info("not in the archive %s: %s", self.layout.root, request.url)
        return Response(request.url, status=404, body=b"not in the archive\n", flags=["replayed"],
                        headers={"Content-Type": "text/plain"}, request=request)

    def process_response(self, request: Request, response: Response) -> Response:
        if "replayed" in response.flags and "replay_capture" in request.meta:
            request.meta["warc_capture"] = request.meta.pop("replay_capture")
        return response
