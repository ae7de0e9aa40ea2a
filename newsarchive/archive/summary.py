"""What an archive holds and how to look at it, for people (``make demo``)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .catalog import Catalog
from .layout import ArchiveLayout
from .warcfile import warc_files


def newsarchive_command() -> str:
    """How to call ``newsarchive`` from here: by name when it is on the
    PATH, else by its path in the virtualenv running it (``.venv/bin/…``)."""
    script = Path(sys.executable).with_name("newsarchive")
    found = shutil.which("newsarchive")
    if found and Path(found).resolve() == script.resolve() or not script.exists():
        return "newsarchive"
    return os.path.relpath(script)


def archive_summary(layout: ArchiveLayout) -> str:
    with Catalog(layout.catalog_path) as catalog:
        captures, articles = len(catalog.captures()), len(catalog.articles())
    root = layout.root
    return "\n".join([
        f"The archive is in {root}/:",
        f"  {len(warc_files(layout.warc_dir))} WARC file(s) in {layout.warc_dir}/ ({captures} captures)",
        f"  {articles} article version(s) as JSON in {layout.articles_dir}/SITE/YYYY/MM/DD/",
        f"  the catalogue {layout.catalog_path} (SQLite: tables captures, articles)",
        f"  the CDXJ index {layout.index_path}",
        "Look at it:",
        f"  {newsarchive_command()} verify --archive-dir {root}      (reads every record, checks digests)",
        f"  sqlite3 {layout.catalog_path} 'SELECT url, headline, json_path FROM articles'",
        f"  make replay ARCHIVE_DIR={root.resolve()}   (pywb at http://127.0.0.1:8080/archive/)",
        "  or open a WARC file in ReplayWeb.page (https://replayweb.page)",
    ])
