"""What the commands share: their common options, exit statuses and logging."""
from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

from scrapy.settings import Settings

from ..archive.catalog import CatalogError
from ..archive.layout import ArchiveLayout, archive_dir_from_environment
from ..archive.storage import archive_catalog
from ..overrides import crawl_settings
from ..utils.timeutils import parse_time, utc_seconds

log = logging.getLogger("newsarchive")

EXIT_FAILED = 1
EXIT_USAGE = 2
PROGRESS_EXTENSION = "newsarchive.extensions.Progress"


def add_archive_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive-dir", type=Path, default=Path(archive_dir_from_environment()),
                        help="the archive folder (default: $ARCHIVE_DIR, else ./archive)")


def add_settings_options(parser: argparse.ArgumentParser, example: str) -> None:
    """``--archive-dir`` and ``-s``, the options of the commands that crawl."""
    add_archive_dir(parser)
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                        help=f"override a Scrapy setting (repeatable), e.g. -s {example}")


def settings_of(args: argparse.Namespace, output: Path | None = None) -> Settings:
    """A crawl's settings: the project's, the archive folder (``--archive-dir``,
    unless ``-s ARCHIVE_DIR`` names one), the ``-s`` overrides, progress
    lines and the crawl's log; the folder is created and checked.
    ``ValueError`` says what is wrong."""
    settings = crawl_settings([f"ARCHIVE_DIR={args.archive_dir}", *args.set], output)
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), PROGRESS_EXTENSION: 500}, priority="cmdline")
    settings.set("LOGSTATS_INTERVAL", 0, priority="cmdline")  # Progress tells it
    crawl_logging(args.verbose, settings.get("LOG_LEVEL"))
    ArchiveLayout.from_settings(settings).create()
    return settings


#: What opening or reading a catalogue raises when it cannot be used.
CATALOGUE_ERRORS = (CatalogError, sqlite3.DatabaseError)


def catalogue_failed(layout: ArchiveLayout, exc: Exception) -> int:
    """One error line for a catalogue that cannot be used; the exit status."""
    log.error("catalogue %s: %s", layout.catalog_path, exc)
    return EXIT_FAILED


def no_archive(layout: ArchiveLayout, hint: str = "") -> bool:
    """Whether ``layout`` holds no archive (no catalogue): then one error
    line saying so, for the command to exit with ``EXIT_USAGE`` (the folder
    given is the mistake, as for a crawl's)."""
    if layout.catalog_path.is_file():
        return False
    log.error("no archive at %s (no catalog.sqlite)%s", layout.root, hint)
    return True


def catalogue_usable(layout: ArchiveLayout) -> bool:
    """Whether the archive's catalogue can be used (a new archive gets one),
    read whole; if not, one error line saying why and how to mend it, for
    the command to stop before it starts."""
    try:
        archive_catalog(layout, whole=True).close()
    except CATALOGUE_ERRORS as exc:
        catalogue_failed(layout, exc)
        return False
    return True


def distributed_modules(*names: str) -> list[ModuleType]:
    """The modules of ``newsarchive.distributed`` named, which need the
    ``distributed`` extra; without it, exit status 2 and how to install it."""
    try:
        return [importlib.import_module(f"newsarchive.distributed.{name}") for name in names]
    except ImportError as exc:
        log.error("shared runs need the distributed extra (%s): pip install 'newsarchive[distributed]'", exc)
        raise SystemExit(EXIT_USAGE) from None


def port_number(text: str) -> int:
    """A TCP port (0 to 65535), for argparse: anything else is a usage error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: give 0 to 65535")
    return port


#: Loggers whose INFO lines are a crawl's machinery (Scrapy's settings,
#: components, stats...): shown with ``-v`` only; their warnings always.
MACHINERY = ("scrapy", "twisted", "asyncio", "py.warnings", "filelock")
PLAIN_FORMAT = "%(levelname)s %(name)s: %(message)s"
TIMED_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def quiet_machinery(record: logging.LogRecord) -> bool:
    """A logging filter: the crawl's own lines, and the machinery's warnings."""
    return record.levelno >= logging.WARNING or not record.name.startswith(MACHINERY)


HANDLER_NAME = "newsarchive"


def configure_logging(verbose: bool) -> logging.Handler:
    """The command's log handler on stderr (one, however often ``main``
    runs in a process): DEBUG with ``-v``, else INFO."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.name == HANDLER_NAME]:
        root.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.name = HANDLER_NAME
    handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    return handler


def crawl_logging(verbose: bool, level: str) -> None:
    """The log of a crawl: lines with their time (a cron log is read later),
    from ``level`` up (the ``LOG_LEVEL`` setting), the machinery's INFO
    lines only with ``-v`` (which shows everything, DEBUG included)."""
    for handler in logging.getLogger().handlers:
        if handler.name == HANDLER_NAME:
            handler.setFormatter(logging.Formatter(TIMED_FORMAT))
            handler.setLevel(logging.DEBUG if verbose else level)
            if not verbose:
                handler.addFilter(quiet_machinery)


def add_selection(parser: argparse.ArgumentParser) -> None:
    """``--site`` and ``--since``, which choose archived articles."""
    parser.add_argument("--site", metavar="HOST", help="only the articles of this site (its host name, "
                                                       "as the catalogue and serve name it)")
    parser.add_argument("--since", metavar="DATE", type=since_time,
                        help="only the articles fetched since this day or time (ISO 8601, UTC by default)")


def since_time(text: str) -> str:
    """A day or time, as the catalogue writes ``fetched_at``; for argparse."""
    try:
        return utc_seconds(parse_time(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day or time: {text!r} (write e.g. 2024-05-02)") from None
