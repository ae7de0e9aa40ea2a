"""What the extraction pipeline runs on a page, in the crawl's process or in
an extraction process (``pipelines.extract``): no Scrapy here, so that an
extraction process loads only the extraction (half the memory).

``extract_page`` gathers a page's evidence, runs the extraction steps
(``extraction.STEPS``) and finds the URLs of its pictures; a page that
gives no article raises ``Unextractable``, with the reason, which the
pipeline turns into a dropped item.  ``extract_in_worker`` runs it in an
extraction process and sends back what it logged there.
"""
from __future__ import annotations

import gc
import importlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..extraction import STEPS, NotAnArticle, PageError, page_evidence
from ..extraction.images import picture_urls
from ..items import Article, Evidence, Page

log = logging.getLogger(__name__)


class Unextractable(Exception):
    """A page that gives no article: what happened (``kind``: "not an
    article", "extraction failed", "skipped"), why (``detail``), and the
    log level of its drop."""

    def __init__(self, url: str, kind: str, detail: str, log_level: str | None = None):
        super().__init__(url, kind, detail, log_level)
        self.url, self.kind, self.detail, self.log_level = url, kind, detail, log_level


@dataclass
class Extracted:
    """What the extraction makes of a page: the article, the URLs of its pictures."""

    article: Article
    picture_urls: list[str] = field(default_factory=list)


def run_steps(article: Article, evidence: Evidence) -> None:
    """Run every extraction step.  ``Unextractable`` for a page that is not
    an article and, as a last resort, for any other exception: every bad
    input known is handled inside the steps, so this one is a bug met on an
    odd page, logged as an error (its traceback at DEBUG level) without
    stopping the crawl."""
    for step in STEPS:
        try:
            step(article, evidence)
        except NotAnArticle as exc:
            raise Unextractable(article.url, "not an article", str(exc)) from None
        except Exception as exc:
            log.debug("%s failed on %s", step.__name__, article.url, exc_info=True)
            raise Unextractable(article.url, "extraction failed", f"{step.__name__}: {type(exc).__name__}: {exc}",
                                log_level="ERROR") from None


def extract_page(article: Article, page: Page | None, evidence: Evidence | None = None) -> Extracted:
    """Fill ``article`` in from ``evidence``, else from ``page``.  A page
    that cannot be read is logged as skipped."""
    if evidence is None:
        assert page is not None
        try:
            evidence = page_evidence(page)
        except PageError as exc:
            log.warning("skipped %s: %s", page.url, exc)
            raise Unextractable(page.url, "skipped", str(exc), log_level="DEBUG") from None
    run_steps(article, evidence)
    return Extracted(article, picture_urls(article, evidence))


# -- in an extraction process

class _Recorder(logging.Handler):
    """Keeps the log records of one extraction, made ready to be sent."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


@contextmanager
def _recorded_log() -> Iterator[list[logging.LogRecord]]:
    recorder = _Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    try:
        yield recorder.records
    finally:
        root.removeHandler(recorder)


#: Modules the extraction imports on first need, imported when an extraction
#: process starts so that ``gc.freeze`` covers them too.
_LAZY_IMPORTS = ("dateparser", "htmldate")
#: Allocations between two of the garbage collector's youngest collections
#: in an extraction process (Python's default: 700).  A page makes hundreds of
#: thousands of objects, nearly all freed by reference counting: at the
#: default, each page set off several collections, and every tenth of those
#: a collection of the older objects, all of them walked again.
YOUNG_COLLECTION = 10_000


def start_worker(level: int, crawl: int) -> None:
    """Set an extraction process up: the crawl's log level, and an end of
    its own should the crawl end without closing the pool (``kill -9``).

    The garbage collector took 1.2 ms of the 26 an extraction spends on a
    page: what the process holds once its modules are loaded lives as long
    as it does, and is frozen out of its reach (``gc.freeze``), and it
    collects less often (``YOUNG_COLLECTION``), which leaves it about 0.5 ms.
    That holds no page longer: an extraction leaves no reference cycle
    (a test checks), so a page's tree is freed as soon as it is done."""
    logging.getLogger().setLevel(level)
    for module in _LAZY_IMPORTS:
        importlib.import_module(module)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])
    threading.Thread(target=_exit_with, args=(crawl,), daemon=True).start()


def _exit_with(crawl: int) -> None:
    while os.getppid() == crawl:
        time.sleep(1)
    os._exit(1)


def extract_in_worker(article: Article, page: Page) -> tuple[Extracted | Unextractable, list[logging.LogRecord]]:
    """``extract_page`` in an extraction process: its result (or why it
    gave none) and what it logged."""
    with _recorded_log() as records:
        try:
            return extract_page(article, page), records
        except Unextractable as exc:
            return exc, records
