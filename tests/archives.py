"""Archives for the tests: the storage of an archive folder, and a crawler
that keeps its archive there, as the project's settings configure it."""
from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newsarchive import settings as project
from newsarchive.archive.storage import ArchiveStorage

#: The project's archive settings, and the extension that opens the archive.
ARCHIVE_SETTINGS = {name: getattr(project, name) for name in dir(project) if name.startswith(("ARCHIVE_", "WARC_"))}


def archive_settings(root: Path) -> dict:
    return {**ARCHIVE_SETTINGS, "ARCHIVE_DIR": str(root), "EXTENSIONS": {"newsarchive.extensions.ArchiveSession": 0}}


def storage_at(root: Path) -> ArchiveStorage:
    """The storage of the archive in ``root``, as a crawl opens it, but each
    write synced (and its catalogue rows committed) at once: what a test
    reads next sees it."""
    return ArchiveStorage.from_settings(Settings({**archive_settings(root), "ARCHIVE_SYNC_INTERVAL": 0}))


def archiving_crawler(spidercls=None, root: Path | None = None, **settings):
    """A crawler (``get_crawler``) whose archive, open, is in ``root``."""
    return get_crawler(spidercls, {**archive_settings(root), **settings})
