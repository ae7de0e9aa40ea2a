"""The ``newsarchive`` command line.

Each module is one group of commands, with ``add(subparsers)`` that
declares them and one function a command, ``NAME(args) -> exit status``;
the work itself is done elsewhere in the package.
"""
from __future__ import annotations

import argparse

from .. import __version__
from . import archive, crawl, demo, export, extract, history, reextract, schedule, serve, worker
from .common import configure_logging, log

COMMAND_GROUPS = (crawl, worker, extract, archive, history, reextract, serve, export, schedule, demo)
DESCRIPTION = ("Archive news: each article kept as served (WARC, for replay) and as clean "
               "structured data (JSON), with its versions.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description=DESCRIPTION,
                                     epilog="newsarchive COMMAND --help tells more of each command.")
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in COMMAND_GROUPS:
        group.add(sub)
    for command in sub.choices.values():  # -v after the command too; unset there, it keeps the one before
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="log debug messages")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
