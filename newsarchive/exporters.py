"""Feed exports: where the runs' JSON Lines go, and CSV that keeps the
article's nested fields readable.

``feed_uri_params`` is the ``uri_params`` of the per-run JSON Lines feed
(``FEEDS`` in settings.py): it adds ``%(archive_dir)s``, so that the feed
follows the ``ARCHIVE_DIR`` setting.

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
from scrapy.exporters import CsvItemExporter
from scrapy.utils.serialize import ScrapyJSONEncoder

from .archive.layout import ArchiveLayout

_JSON = ScrapyJSONEncoder(ensure_ascii=False)


def feed_uri_params(params: dict, spider: Spider) -> dict:
    """``FEED_URI_PARAMS`` of the per-run JSON Lines feed: adds ``%(archive_dir)s``."""
    return {**params, "archive_dir": ArchiveLayout.from_settings(spider.settings).root}


class JsonFieldsCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)):
            return _JSON.encode(value)
        return super().serialize_field(field, name, value)
