"""An item pipeline that keeps old articles out of a site crawl.

A site crawl reaches articles through section pages and links that carry no
date; the site's ``max_age`` (``Draft.max_age``) is applied to what the
extraction found: an article published longer before it was fetched is
dropped, with the reason.  It runs after the dates and the site's selectors
are filled in, and before the article's pictures are fetched.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from scrapy.exceptions import DropItem

from ..items import Article, Draft
from ..sites import format_duration
from ..spiders.listed import day_end, entry_date


def published_at(text: str | None) -> datetime | None:
    """A published date; a day alone (``2024-05-02``) as its last moment anywhere."""
    try:
        return day_end(date.fromisoformat(text or ""))
    except ValueError:
        return entry_date(text)


def published_too_early(article: Article, max_age: timedelta) -> bool:
    """Whether the article was published longer than ``max_age`` before it
    was fetched; an article without either date is not."""
    published, fetched = published_at(article.published), entry_date(article.fetched_at)
    return bool(published and fetched) and fetched - published > max_age


class MaxAgePipeline:
    def process_item(self, item, spider=None):
        if isinstance(item, Draft) and item.max_age and published_too_early(item.article, item.max_age):
            raise DropItem(f"too old: {item.article.url}: published {item.article.published}, more than "
                           f"{format_duration(item.max_age)} before it was fetched (max_age)")
        return item
