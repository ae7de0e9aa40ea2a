"""Where each part of the archive lives under ``ARCHIVE_DIR``.

    warc/                     WARC files, {prefix}-{timestamp17}-{serial}-{host}.warc.gz
                              (``.warc.gz.open`` while a crawl writes them)
    articles/{host}/{YYYY}/{MM}/{DD}/{article id}-{fetch timestamp14}.json
                              one clean JSON per article version, dated by its
                              publication (else its fetch)
    runs/{spider}-{time}.jsonl  the articles of each crawl run, one a line
    runs/run-{time}.json      the report of each ``newsarchive run``
    logs/run.log              the log of the runs cron starts (``newsarchive schedule``)
    run.lock                  flock'ed by the ``newsarchive run`` going on
    catalog.sqlite            the catalogue of captures and article versions
    catalogs/{worker}.sqlite  the rows a worker of a shared run wrote, until merged into it
    indexes/index.cdxj        the CDXJ index for replay tools, sorted by SURT
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ArchiveDirError(ValueError):
    """The archive folder cannot be used; the message says why."""


#: Used when neither the ``ARCHIVE_DIR`` setting nor the environment names one.
DEFAULT_ARCHIVE_DIR = "archive"


@dataclass(frozen=True)
class ArchiveLayout:
    root: Path

    @classmethod
    def from_settings(cls, settings) -> "ArchiveLayout":
        return cls(Path(settings.get("ARCHIVE_DIR") or archive_dir_from_environment()))

    def create(self) -> None:
        """Create the archive folder if need be and check that files can be
        written in it; ``ArchiveDirError`` says why not, before a crawl
        would fail half-way."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except FileExistsError:
            raise ArchiveDirError(f"archive folder {self.root}: not a folder") from None
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise ArchiveDirError(f"archive folder {self.root}: cannot create it or write in it: "
                                  f"{exc.strerror or exc}{where}") from None

    @property
    def warc_dir(self) -> Path:
        return self.root / "warc"

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def lock_path(self) -> Path:
        return self.root / "run.lock"

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def worker_catalogs_dir(self) -> Path:
        return self.root / "catalogs"

    @property
    def index_path(self) -> Path:
        return self.root / "indexes" / "index.cdxj"


def archive_dir_from_environment() -> str:
    return os.environ.get("ARCHIVE_DIR") or DEFAULT_ARCHIVE_DIR



from ..utils.deprecate import moved  # noqa: E402  (kept at the end: deprecated names only)

__getattr__ = moved(__name__, {"feed_uri_params": "newsarchive.exporters.feed_uri_params"})
