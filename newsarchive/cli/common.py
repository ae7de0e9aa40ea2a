"""What the commands share: their common options, exit statuses and logging."""
from __future__ import annotations

import argparse
import importlib
import logging
from pathlib import Path
from types import ModuleType

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


def distributed_modules(*names: str) -> list[ModuleType]:
    """The modules of ``newsarchive.distributed`` named, which need the
    ``distributed`` extra; without it, exit status 2 and how to install it."""
    try:
        return [importlib.import_module(f"newsarchive.distributed.{name}") for name in names]
    except ImportError as exc:
        log.error("shared runs need the distributed extra (%s): pip install 'newsarchive[distributed]'", exc)
        raise SystemExit(EXIT_USAGE) from None
