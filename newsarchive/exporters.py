"""Feed exports: where the runs' JSON Lines go and what they hold, and CSV
that keeps the article's nested fields readable.

``feed_uri_params`` is the ``uri_params`` of the per-run JSON Lines feed
(``FEEDS`` in settings.py): it adds ``%(archive_dir)s``, so that the feed
follows the ``ARCHIVE_DIR`` setting.

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

import json
from typing import Any

from scrapy import Spider
from itemadapter import ItemAdapter
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder

from .archive.layout import ArchiveLayout

_JSON = ScrapyJSONEncoder(ensure_ascii=False)


def feed_uri_params(params: dict, spider: Spider) -> dict:
    """``FEED_URI_PARAMS`` of the per-run JSON Lines feed: adds ``%(archive_dir)s``."""
    return {**params, "archive_dir": ArchiveLayout.from_settings(spider.settings).root}


#: What a line of the runs' JSON Lines says of an archived article.
REFERENCE_FIELDS = ("id", "url", "headline", "published", "fetched_at", "capture")


class ArticleReferenceExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        article = ItemAdapter(item)
        if article.get("capture"):
            item = {name: article.get(name) for name in REFERENCE_FIELDS}
        super().export_item(item)


class JsonFieldsCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)):
            return _JSON.encode(value)
        return super().serialize_field(field, name, value)
