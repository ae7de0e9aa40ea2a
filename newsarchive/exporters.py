"""Feed exports: where the runs' JSON Lines go and what they hold, and CSV
that keeps the article's nested fields readable.

``feed_uri_params`` is the ``uri_params`` of the per-run JSON Lines feed
(``FEEDS`` in settings.py): it adds ``%(archive_dir)s``, so that the feed
follows the ``ARCHIVE_DIR`` setting.

``LineFileFeedStorage`` (``FEED_STORAGES``, local files) hands each item
to the operating system as it is exported, so that a crawl killed at any
moment loses no line of the articles stored before it (only a line being
written is cut: ``verify --repair`` removes it); a feed that cannot be
written (a full disk) is one error line, not a traceback for each item,
and the articles are in the archive's JSON still.

``ArticleReferenceExporter`` writes that feed: one reference a line to each
article of the run (``REFERENCE_FIELDS``: its id, URL, headline, dates and
capture), not a second copy of the article, which the archive holds
already (its JSON, by id in the catalogue: ``newsarchive history ID``); an
article in no archive (``ARCHIVE_ENABLED`` off) is written whole.
``FEED_EXPORTERS`` makes it the ``references`` format.

``JsonFieldsCsvItemExporter`` writes the fields a CSV cell cannot hold as
they are (``images``, ``sources``, ``capture``, ``authors``, ``tags``) as
JSON, where Scrapy's CSV exporter writes Python reprs (``[Image(url=…)]``)
or joins lists with commas that names contain too.  ``FEED_EXPORTERS``
makes it the ``csv`` format.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.serialize import ScrapyJSONEncoder

from .archive.articles import REFERENCE_FIELDS
from .archive.layout import ArchiveLayout
from .items import Article

_JSON = ScrapyJSONEncoder(ensure_ascii=False)
log = logging.getLogger(__name__)


class UnbufferedFeedFile:
    """A feed file whose every write goes to the operating system at once;
    once one fails, it logs why, once, and writes no more."""

    def __init__(self, path: Path, mode: str):
        self.path = path
        self.raw = path.open(mode, buffering=0)
        self.failed = False

    def write(self, data: bytes) -> int:
        if self.failed:
            return 0
        try:
            return self.raw.write(data)
        except OSError as exc:
            self.failed = True
            log.error("feed %s: cannot write (%s): no more lines written to it; the articles are in the "
                      "archive", self.path, exc.strerror or exc)
            return 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class LineFileFeedStorage(FileFeedStorage):
    def open(self, spider: Spider) -> IO[bytes]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        return UnbufferedFeedFile(Path(self.path), self.write_mode)  # type: ignore[return-value]


def feed_uri_params(params: dict, spider: Spider) -> dict:
    """``FEED_URI_PARAMS`` of the per-run JSON Lines feed: adds ``%(archive_dir)s``."""
    return {**params, "archive_dir": ArchiveLayout.from_settings(spider.settings).root}


class ArticleReferenceExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        if isinstance(item, Article) and item.capture:
            item = {name: getattr(item, name) for name in REFERENCE_FIELDS}
        super().export_item(item)


class JsonFieldsCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)):
            return _JSON.encode(value)
        return super().serialize_field(field, name, value)
