"""How Scrapy logs what happens to items: by the page's URL and the reason,
never the whole item.

Scrapy's own ``LogFormatter`` writes the whole item into the log when the
pipelines drop it or fail on it: here a ``Draft`` with the page's evidence,
megabytes for a large page.  A dropped page is one line: the reason of a
drop names the URL already (``pipelines.extract.PageDropped``), so it is
all that is logged.  An item error, an exception a pipeline let through, is
``Error processing URL: Type: message`` followed by its traceback: Scrapy's
scraper adds the traceback to that line whatever the formatter returns.
The pipelines handle the failures they expect themselves (an extraction
step drops the page, the store pipeline logs an article it cannot write in
one line, a picture that cannot be fetched is one warning), so an item
error is a bug, and its traceback is what a developer needs.
"""
from __future__ import annotations

from scrapy.logformatter import LogFormatter


def item_url(item) -> str:
    """The URL of a ``Draft`` or an ``Article``; ``?`` for other items."""
    article = getattr(item, "article", item)
    return getattr(article, "url", None) or "?"


class PageLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}

    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        return {**entry, "msg": "Error processing %(url)s: %(exception)s",
                "args": {"url": item_url(item), "exception": f"{type(exception).__name__}: {exception}"}}
