"""newsarchive: a news scraper and web archiver built on Scrapy.

As a library: ``from newsarchive import extract_article`` (see the README).
The extraction is imported on first use, so that importing the package
(as ``newsarchive.settings`` does) stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Article", "Image", "NotAnArticle", "PageError", "extract_article"]

if TYPE_CHECKING:
    from .extraction import NotAnArticle, PageError, extract_article
    from .items import Article, Image

#: Where each name of the library API lives.
_API = {"extract_article": "extraction", "NotAnArticle": "extraction", "PageError": "extraction",
        "Article": "items", "Image": "items"}


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    return getattr(import_module(f".{_API[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
