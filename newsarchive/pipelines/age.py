"""An item pipeline that keeps old articles out of a site crawl.

A site crawl reaches articles through section pages and links that carry no
date; the site's ``max_age`` (``Draft.max_age``) is applied to what the
extraction found: an article published longer before it was fetched is
dropped, with the reason.  It runs after the dates and the site's selectors
are filled in, and before the article's pictures are fetched.
"""
from __future__ import annotations

from datetime import timedelta

from ..extraction.dates import latest_instant
from ..items import Article, Draft
from ..sites import format_duration
from .extract import PageDropped


def published_too_early(article: Article, max_age: timedelta) -> bool:
    """Whether the article was published longer than ``max_age`` before it
    was fetched; an article without either date is not."""
    published, fetched = latest_instant(article.published), latest_instant(article.fetched_at)
    return bool(published and fetched) and fetched - published > max_age


class MaxAgePipeline:
    def process_item(self, item, spider=None):
        if isinstance(item, Draft) and item.max_age and published_too_early(item.article, item.max_age):
            article = item.article
            raise PageDropped(article.url, "too old", f"published {article.published}, more than "
                              f"{format_duration(item.max_age)} before it was fetched (max_age)")
        return item
