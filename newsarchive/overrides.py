"""The settings of a crawl that ``newsarchive run`` and ``newsarchive crawl``
start: the project's, with the ``-s NAME=VALUE`` overrides checked before
the crawl starts.

A value Scrapy or newsarchive cannot read would stop the crawl with a
traceback from deep inside it; ``check_override`` stops the command first,
with a message naming the setting.  A value must be of the kind of the
setting's default: a number, true or false, a JSON object for a table (a
setting with a whole-number default may be read as a number of seconds, so
any number passes).  The settings newsarchive parses itself are checked as
it parses them.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy.settings import BaseSettings, Settings

from .archive.revisits import schedule_from_setting
from .archive.warc.files import gzip_level
from .middlewares.replay import replay_archive_error
from .pipelines.extract import extraction_processes, pages_per_pool
from .utils.timeutils import parse_time

_BOOLEANS = ("True", "true", "False", "false")


def _time(value: str) -> None:
    if value:
        try:
            parse_time(value)
        except ValueError:
            raise ValueError("expected an ISO 8601 time, e.g. 2026-03-01T12:00:00Z") from None


def _replay_archive(value: str) -> None:
    if value and (error := replay_archive_error(value)):
        raise ValueError(error)


def _log_level(value: str) -> None:
    levels = logging.getLevelNamesMapping()
    if value not in levels:
        raise ValueError(f"expected one of {', '.join(n for n in levels if n != 'NOTSET')}")


#: The settings newsarchive parses itself, and how.
PARSED = {
    "REVISIT_NOW": _time,
    "REVISIT_AFTER": schedule_from_setting,
    "LOG_LEVEL": _log_level,
    "REPLAY_ARCHIVE": _replay_archive,
    "EXTRACTION_PROCESSES": extraction_processes,
    "EXTRACTION_PROCESS_PAGES": pages_per_pool,
    "WARC_GZIP_LEVEL": gzip_level,
}


def _of_kind(value: str, default) -> None:
    """``value`` can be read as ``default`` is (Scrapy's ``getbool``,
    ``getint`` or ``getfloat``, ``getdict``)."""
    if isinstance(default, bool):
        if value not in _BOOLEANS and not value.lstrip("-").isdigit():
            raise ValueError("expected true or false (or 1 or 0)")
    elif isinstance(default, (int, float)):
        try:
            float(value)
        except ValueError:
            raise ValueError("expected a number") from None
    elif isinstance(default, (dict, BaseSettings)):
        try:
            table = json.loads(value)
        except ValueError:
            table = None
        if not isinstance(table, dict):
            raise ValueError('expected a JSON object, e.g. {"name": 1}')


def check_override(name: str, value: str, default) -> None:
    """``ValueError`` naming the setting when ``value`` cannot be its value."""
    try:
        _of_kind(value, default)
        if name in PARSED:
            PARSED[name](value)
    except ValueError as exc:
        raise ValueError(f"-s {name}={value}: {exc}") from None


def crawl_settings(overrides: list[str], output: Path | None = None) -> Settings:
    """The project's settings (whatever the working directory), ``NAME=VALUE``
    overrides and an optional JSON Lines output; ``ValueError`` names a bad
    override, or a value that setting cannot take (``check_override``)."""
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # the command configured logging
    for override in overrides:
        name, equals, value = override.partition("=")
        if not equals or not name.strip():
            raise ValueError(f"-s {override}: write NAME=VALUE")
        check_override(name.strip(), value, settings.get(name.strip()))
        settings.set(name.strip(), value, priority="cmdline")
    if output:
        add_feed(settings, str(output), format="jsonlines", overwrite=True)
    return settings


def add_feed(settings: Settings, uri: str, **options: object) -> None:
    """One more feed export of the crawl's items (``FEEDS``)."""
    settings.set("FEEDS", {**settings.getdict("FEEDS"), uri: options}, priority="cmdline")
