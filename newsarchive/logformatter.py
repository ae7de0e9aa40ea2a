"""How Scrapy logs what happens to items: one line that names the page.

Scrapy's own ``LogFormatter`` writes the whole item into the log when the
pipelines drop it or fail on it: here a ``Draft`` with the page's evidence,
megabytes for a large page.  The reason of a drop names the URL already
(``pipelines.extract.PageDropped``), so it is all that is logged.
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
