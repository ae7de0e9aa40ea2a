"""What the commands share: their common options, exit statuses and logging."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..archive.layout import archive_dir_from_environment

log = logging.getLogger("newsarchive")

EXIT_FAILED = 1
EXIT_USAGE = 2


def add_archive_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive-dir", type=Path, default=Path(archive_dir_from_environment()),
                        help="the archive folder (default: $ARCHIVE_DIR, else ./archive)")


def add_crawl_options(parser: argparse.ArgumentParser, example: str) -> None:
    """The options of the commands that crawl a sites file."""
    parser.add_argument("--sites", type=Path, required=True, help="the sites file (TOML; see sites.toml)")
    parser.add_argument("--only", metavar="NAME", help="crawl only the site of this name")
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", action="append", default=[],
                        help=f"override a Scrapy setting (repeatable), e.g. -s {example}")


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
