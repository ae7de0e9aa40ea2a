"""What the commands share: their common options, exit statuses and logging."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from ..archive.layout import archive_dir_from_environment
from ..utils.timeutils import parse_time, utc_seconds

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


def add_selection(parser: argparse.ArgumentParser) -> None:
    """``--site`` and ``--since``, which choose archived articles."""
    parser.add_argument("--site", metavar="HOST", help="only the articles of this site (its host name, "
                                                       "as the catalogue and `serve` name it)")
    parser.add_argument("--since", metavar="DATE", type=since_time,
                        help="only the articles fetched since this day or time (ISO 8601, UTC by default)")


def since_time(text: str) -> str:
    """A day or time, as the catalogue writes ``fetched_at``; for argparse."""
    try:
        return utc_seconds(parse_time(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day or time: {text!r} (write e.g. 2024-05-02)") from None
