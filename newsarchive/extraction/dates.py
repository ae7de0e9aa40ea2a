"""Publication and modification dates, ISO 8601 with the page's UTC offset."""
from __future__ import annotations

from ..items import Article, Evidence
from .evidence import first_meta, ld_text


def fill_dates(article: Article, ev: Evidence) -> None:
    for field, ld_key, meta_key in (("published", "datePublished", "article:published_time"),
                                    ("modified", "dateModified", "article:modified_time")):
        value, source = ld_text(ev.article_data.get(ld_key)), "json-ld"
        if not value:
            value, source = first_meta(ev, meta_key), "meta"
        if value:
            setattr(article, field, value)
            article.sources[field] = source
