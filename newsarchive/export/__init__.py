"""Exports of an archive: its articles as JSON Lines, CSV or Parquet
(``tables``), its captures as one WACZ file that opens in pywb and
ReplayWeb.page (``wacz``).  Both export the latest version of each
article, of one site and fetched since a time if asked
(``selected_articles``)."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from ..archive.catalog import Catalog
from ..archive.layout import ArchiveLayout

log = logging.getLogger(__name__)


def selected_articles(layout: ArchiveLayout, catalog: Catalog, site: str | None = None,
                      since: str | None = None) -> Iterator[dict]:
    """The latest version of each article (of ``site``, fetched ``since``),
    as stored; a JSON file that cannot be read is logged and left out."""
    for row in catalog.latest_versions(site, since):
        try:
            yield json.loads((layout.root / row["json_path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("not exported: %s: %s", row["json_path"], getattr(exc, "strerror", None) or exc)
