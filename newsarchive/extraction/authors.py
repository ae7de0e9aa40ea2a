"""Authors: bylines split into names."""
from __future__ import annotations

from ..items import Article, Evidence
from .evidence import ld_text
from .text import clean_text


def fill_authors(article: Article, ev: Evidence) -> None:
    raw = ev.article_data.get("author")
    if not isinstance(raw, list):
        raw = [raw]
    names = [clean_text(ld_text(a)) for a in raw if ld_text(a)]
    if names:
        article.authors = list(dict.fromkeys(names))
        article.sources["authors"] = "json-ld"
