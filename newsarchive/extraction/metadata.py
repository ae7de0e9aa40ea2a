"""Identity and descriptive metadata: canonical URL, id, description,
publisher, language, section, tags, access."""
from __future__ import annotations

import hashlib
from urllib.parse import urljoin

from w3lib.url import canonicalize_url

from ..items import Article, Evidence
from .evidence import first_meta, ld_text
from .text import clean_text


def article_id(canonical_url: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the canonical
    URL, normalised (scheme and host case, query order, fragment dropped)."""
    return hashlib.sha256(canonicalize_url(canonical_url).encode()).hexdigest()[:16]


def fill_identity(article: Article, ev: Evidence) -> None:
    link = ev.tree.xpath('//link[@rel="canonical"]/@href')
    canonical = (link[0].strip() if link else None) or first_meta(ev, "og:url")
    if canonical:
        canonical = urljoin(ev.url, canonical)
        article.sources["canonical_url"] = "page" if link else "meta"
    else:
        canonical = ev.url
        article.sources["canonical_url"] = "url"
    article.canonical_url = canonical
    article.id = article_id(canonical)


def fill_metadata(article: Article, ev: Evidence) -> None:
    data = ev.article_data
    for field, ld_keys, meta_keys in (
        ("description", ("description",), ("og:description", "description", "twitter:description")),
        ("publisher", ("publisher",), ("og:site_name", "application-name")),
        ("section", ("articleSection",), ("article:section",)),
        ("language", ("inLanguage",), ("og:locale", "content-language", "language")),
    ):
        value = next((ld_text(data.get(k)) for k in ld_keys if ld_text(data.get(k))), None)
        source = "json-ld"
        if not value:
            value, source = first_meta(ev, *meta_keys), "meta"
        if field == "language" and not value:
            value, source = ev.tree.get("lang"), "page"
        if value:
            setattr(article, field, clean_text(value))
            article.sources[field] = source
    if article.language:
        article.language = article.language.replace("_", "-").split("-")[0].lower()
    keywords = data.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    tags = [clean_text(ld_text(k)) for k in keywords or [] if ld_text(k)]
    source = "json-ld"
    if not tags:
        tags = ev.meta.get("article:tag") or [t for v in ev.meta.get("news_keywords", []) + ev.meta.get("keywords", []) for t in v.split(",")]
        tags, source = [clean_text(t) for t in tags], "meta"
    tags = list(dict.fromkeys(t for t in tags if t))
    if tags:
        article.tags = tags
        article.sources["tags"] = source
    free = data.get("isAccessibleForFree")
    if free is not None:
        article.is_free = str(free).strip().lower() in ("true", "1", "yes")
        article.sources["is_free"] = "json-ld"
