"""What an archive holds and how to look at it, for people (``make demo``)."""
from __future__ import annotations

from .catalog import Catalog
from .layout import ArchiveLayout
from .warcfile import warc_files


def archive_summary(layout: ArchiveLayout) -> str:
    catalog = Catalog(layout.catalog_path)
    try:
        captures, articles = len(catalog.captures()), len(catalog.articles())
    finally:
        catalog.close()
    root = layout.root
    return "\n".join([
        f"The archive is in {root}/:",
        f"  {len(warc_files(layout.warc_dir))} WARC file(s) in {layout.warc_dir}/ ({captures} captures)",
        f"  {articles} article version(s) as JSON in {layout.articles_dir}/SITE/YYYY/MM/DD/",
        f"  the catalogue {layout.catalog_path} (SQLite: tables captures, articles)",
        f"  the CDXJ index {layout.index_path}",
        "Look at it:",
        f"  newsarchive verify --archive-dir {root}      (reads every record, checks digests)",
        f"  sqlite3 {layout.catalog_path} 'SELECT url, headline, json_path FROM articles'",
        f"  make replay ARCHIVE_DIR={root.resolve()}   (pywb at http://127.0.0.1:8080/archive/)",
        "  or open a WARC file in ReplayWeb.page (https://replayweb.page)",
    ])
