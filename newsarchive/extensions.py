"""Scrapy extensions of newsarchive.

``ArchiveSession`` opens the archive once per crawl (the class
``ARCHIVE_STORAGE`` names, under ``ARCHIVE_DIR``): the WARC middleware, the
revisit policy, the pipelines and the site spider all use that one
storage and its one catalogue connection (``archive_storage``).  At the
start it closes the WARC files a killed crawl left open; at the end it
closes the last WARC file, indexes it and closes the catalogue.  When the
archive takes no more writes (a full disk, read-only storage: the
components that write tell it, ``archive_unwritable``), it stops the crawl
with the reason ``archive_unwritable``, in one error line: nothing more is
fetched that could not be kept.

``SettingsCheck`` warns at the start of a crawl about a setting given on
the command line (``-s NAME=VALUE``) that neither Scrapy nor the project
knows, naming the close match: ``-s ARCHIV_DIR=…`` would otherwise be
taken silently, and the crawl write into ``./archive``.

``ContactCheck`` warns at the start of a crawl whose ``USER_AGENT`` says
nothing of how to reach whoever runs it.

``Progress`` tells how a long run is going: pages fetched, articles stored
(new, new versions), revisited articles unchanged, archived articles
skipped, errors, and the rate.  On a
terminal (stderr is one) it redraws one status line every second, which
log lines print over; otherwise
(cron, a log file) it logs a plain line every ``PROGRESS_INTERVAL`` seconds
and a last one at the end.  ``newsarchive run`` enables it in place of
Scrapy's LogStats.
"""
from __future__ import annotations

import difflib
import logging
import re
import sys
import time
from typing import TYPE_CHECKING, Self, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings, SETTINGS_PRIORITIES, default_settings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from twisted.internet import task

from . import settings as project_settings
from .archive.storage import ArchiveStorage, ArchiveUnwritable

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

#: An e-mail address or a web address, the contacts a user agent may give.
_CONTACT = re.compile(r"[^\s@()<>;]+@[^\s@()<>;]+\.\w+|\bhttps?://\S+|\bwww\.\S+\.\S+", re.IGNORECASE)


def has_contact(user_agent: str) -> bool:
    return bool(_CONTACT.search(user_agent))


class ArchiveSession:
    def __init__(self, storage: ArchiveStorage, crawler: Crawler):
        self.storage = storage
        self.crawler = crawler
        self.stopping = False
        self.sync_loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured
        if crawler.settings.get("REPLAY_ARCHIVE"):
            raise NotConfigured("the crawl replays an archive (REPLAY_ARCHIVE) and keeps none of its own")
        extension = cls(load_object(crawler.settings["ARCHIVE_STORAGE"]).from_settings(crawler.settings), crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.storage.open()
        if self.storage.sync_interval > 0:  # the writes of a crawl waiting for pages are synced too
            self.sync_loop = task.LoopingCall(self.sync_if_due)
            self.sync_loop.start(self.storage.sync_interval, now=False)

    def spider_closed(self) -> None:
        if self.sync_loop and self.sync_loop.running:
            self.sync_loop.stop()
        try:
            self.storage.close()
        except ArchiveUnwritable as exc:
            log.error("the archive's last WARC file and index were not closed (%s): "
                      "`newsarchive verify --repair` closes them once there is room", exc)

    def sync_if_due(self) -> None:
        try:
            self.storage.sync_if_due()
        except ArchiveUnwritable as exc:
            self.stop(exc)

    def stop(self, exc: ArchiveUnwritable) -> None:
        """Stop the crawl, once: the archive takes no more writes."""
        if self.stopping:
            return
        self.stopping = True
        assert self.crawler.stats is not None and self.crawler.engine is not None
        self.crawler.stats.set_value("archive/unwritable", str(exc))
        log.error("the archive cannot be written (%s): stopping the crawl; what it holds is kept, "
                  "`newsarchive verify --repair` mends the rest once it can be written again", exc)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_unwritable"))


def archive_unwritable(crawler: Crawler, exc: ArchiveUnwritable) -> None:
    """Tell the crawl's archive session that the archive takes no more writes."""
    session = crawler.get_extension(ArchiveSession)
    if session is not None:
        session.stop(exc)


def archive_storage(crawler: Crawler) -> ArchiveStorage:
    """The crawl's archive, for a component that reads or writes it;
    ``NotConfigured`` when the archive is off (``ARCHIVE_ENABLED``, or
    ``ArchiveSession`` taken out of ``EXTENSIONS``)."""
    session = crawler.get_extension(ArchiveSession)
    if session is None:
        raise NotConfigured("the archive is off (ARCHIVE_ENABLED, or the ArchiveSession extension)")
    return session.storage


def unknown_settings(settings: BaseSettings, known: set[str]) -> dict[str, list[str]]:
    """The settings set on the command line that are not in ``known``, each
    with the known names close to it."""
    given = [name for name in settings.attributes
             if settings.getpriority(name) == SETTINGS_PRIORITIES["cmdline"] and name not in known]
    return {name: difflib.get_close_matches(name, known, n=1, cutoff=0.7) for name in given}


class SettingsCheck:
    def __init__(self, settings: BaseSettings):
        self.settings = settings

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler.settings)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self) -> None:
        known = {name for module in (default_settings, project_settings) for name in dir(module) if name.isupper()}
        known |= set(get_project_settings().attributes)  # a project of the user's own
        for name, close in unknown_settings(self.settings, known).items():
            hint = f": did you mean {close[0]}?" if close else ""
            log.warning("-s %s: no such setting, Scrapy and newsarchive ignore it%s", name, hint)


class ContactCheck:
    """Publishers block bots they cannot reach, and cannot tell the operator
    of one that misbehaves: a crawl whose ``USER_AGENT`` has no e-mail
    address or URL starts with a warning that says how to set one."""

    def __init__(self, user_agent: str):
        self.user_agent = user_agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler.settings.get("USER_AGENT") or "")
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self) -> None:
        if not has_contact(self.user_agent):
            log.warning("USER_AGENT %r gives no contact (an e-mail address or a URL): publishers block bots "
                        "they cannot reach; set yours, e.g. -s USER_AGENT='newsarchive (you@example.org)', "
                        "or in newsarchive/settings.py", self.user_agent)


#: Seconds between two progress lines in a log (not on a terminal).
DEFAULT_INTERVAL = 60.0
TERMINAL_INTERVAL = 1.0
_CLEAR_LINE = "\r\033[K"


def progress_line(stats: dict, elapsed: float) -> str:
    """Pages fetched, articles stored (new ones and new versions), revisited
    articles unchanged, archived ones skipped, errors, time."""
    pages = stats.get("downloader/response_count", 0)
    rate = pages / elapsed if elapsed > 0 else 0.0
    minutes, seconds = divmod(int(elapsed), 60)
    new, versions = stats.get("newsarchive/new_articles", 0), stats.get("newsarchive/new_versions", 0)
    return (f"{pages} pages ({rate:.1f}/s), {new + versions} articles ({new} new, {versions} new versions), "
            f"{stats.get('newsarchive/unchanged', 0)} unchanged, {stats.get('incremental/skipped', 0)} skipped, "
            f"{stats.get('log_count/ERROR', 0)} errors, {minutes}:{seconds:02d} elapsed")


class Progress:
    def __init__(self, stats: StatsCollector, stream: TextIO, interval: float):
        self.stats = stats
        self.stream = stream
        self.terminal = stream.isatty()
        self.interval = TERMINAL_INTERVAL if self.terminal else interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        extension = cls(crawler.stats, sys.stderr, crawler.settings.getfloat("PROGRESS_INTERVAL", DEFAULT_INTERVAL))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def clear_line(self, record) -> bool:
        """A logging filter: on a terminal, a log line replaces the status line."""
        self.stream.write(_CLEAR_LINE)
        return True

    def _log_handlers(self) -> list[logging.Handler]:
        return [h for h in logging.getLogger().handlers if getattr(h, "stream", None) is self.stream]

    def spider_opened(self):
        if self.terminal:
            for handler in self._log_handlers():
                handler.addFilter(self.clear_line)
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.report)
            self.loop.start(self.interval, now=False)

    def report(self):
        line = progress_line(self.stats.get_stats(), time.monotonic() - self.started)
        if self.terminal:
            self.stream.write(_CLEAR_LINE + line)
            self.stream.flush()
        else:
            log.info("progress: %s", line)

    def spider_closed(self):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.report()
        if self.terminal:
            self.stream.write("\n")
            self.stream.flush()
            for handler in self._log_handlers():
                handler.removeFilter(self.clear_line)
