"""The headline, without site-name prefixes or suffixes."""
from __future__ import annotations

from ..items import Article, Evidence
from .evidence import first_meta, ld_text
from .text import clean_text


def fill_headline(article: Article, ev: Evidence) -> None:
    for value, source in (
        (ld_text(ev.article_data.get("headline")), "json-ld"),
        (first_meta(ev, "og:title", "twitter:title"), "meta"),
        (next(iter(ev.tree.xpath("//h1//text()")), None), "page"),
    ):
        if value and clean_text(value):
            article.headline = clean_text(value)
            article.sources["headline"] = source
            return
