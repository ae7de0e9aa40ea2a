"""Telling an article from a page that is not one."""
from __future__ import annotations

from ..items import Article, Evidence


class NotAnArticle(Exception):
    """The page is readable but is not an article; the message says why."""


def check_article(article: Article, ev: Evidence) -> None:
    if not article.body:
        raise NotAnArticle("no article body found")
