"""Identity and descriptive metadata: canonical URL, id, description,
publisher, language, section, tags, access."""
from __future__ import annotations

import hashlib
import html
import re
from typing import Any
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

from ..items import Article, Evidence
from .evidence import first_meta, ld_text, resolve_ld
from .text import clean_text
from .urls import page_url, same_site

_TAG = re.compile(r"<[^>]*>")
_URL = re.compile(r"https?://|www\.", re.I)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)
_KEYWORD_SEPARATOR = re.compile(r"\s*[,;，、]\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: Tags that are a CMS's internal ids or flags ("_Prio_3", a UUID, a number).
_INTERNAL_TAG = re.compile(r"^(?:_.*|[0-9a-f]{8}-[0-9a-f-]{27,}|[\d\W_]+)$", re.I)
_MAX_TAG = 80


def article_id(canonical_url: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the canonical
    URL, normalised (scheme and host case, query order, fragment dropped)."""
    return hashlib.sha256(canonicalize_url(canonical_url).encode()).hexdigest()[:16]


def _is_home_page(url: str) -> bool:
    return urlsplit(url).path.strip("/") == ""


def declared_canonical(ev: Evidence) -> tuple[str | None, str | None]:
    """The canonical URL the page declares, absolute, and where: its
    ``<link rel=canonical>`` (``"page"``), else its ``og:url`` (``"meta"``).
    A malformed one is no evidence and is passed over."""
    link = ev.tree.xpath('//link[@rel="canonical"]/@href')
    for value, source in ((link[0] if link else None, "page"), (first_meta(ev, "og:url"), "meta")):
        url = page_url(ev.url, value) if value and value.strip() else None
        if url:
            return url, source
    return None, None


def canonical_of(ev: Evidence) -> tuple[str, str]:
    """The page's canonical URL and where it came from: the one it declares,
    else its own URL (``"url"``).  A canonical link to the site's home page
    from another page is a site-wide template error and is ignored.  So is
    one on another site: the id of an article is owned by its site, and a
    page must not make itself a version of another site's article (a
    syndicated copy is an article of the site that serves it)."""
    canonical, source = declared_canonical(ev)
    if (canonical is None or source is None or (_is_home_page(canonical) and not _is_home_page(ev.url))
            or not same_site(canonical, ev.url)):
        return ev.url, "url"
    return canonical, source


def fill_identity(article: Article, ev: Evidence) -> None:
    """Canonical URL and id."""
    canonical, source = canonical_of(ev)
    article.canonical_url = canonical
    article.sources["canonical_url"] = source
    article.id = article_id(canonical)


def plain_text(value: str | None) -> str:
    """Text from a metadata value that may carry markup or entities escaped
    twice ("<p>Here&amp;#x27;s ...")."""
    text = value or ""
    for _ in range(2):
        if "&" in text:
            text = html.unescape(text)
    return clean_text(_TAG.sub(" ", text))


def _first(*values: tuple[str | None, str]) -> tuple[str | None, str | None]:
    """The first (value, source) whose value is non-empty text."""
    for value, source in values:
        text = plain_text(value)
        if text:
            return text, source
    return None, None


def _language(ev: Evidence) -> tuple[str | None, str | None]:
    """The two-letter (ISO 639-1, or 639-2 when there is none) language."""
    stated = ev.article_data.get("inLanguage")
    if isinstance(stated, dict):
        stated = stated.get("alternateName") or stated.get("name")
    for value, source in ((stated, "json-ld"), (ev.tree.get("lang"), "page"),
                          (first_meta(ev, "og:locale", "content-language", "dc.language", "language"), "meta")):
        code = _LANGUAGE.match(str(value or "").strip())
        if code:
            return code.group(1).lower(), source
    return None, None


def _publisher(ev: Evidence) -> tuple[str | None, str | None]:
    """The publisher's name (JSON-LD), else the site's (og:site_name,
    application-name); URLs are no names."""
    names = ((ld_text(resolve_ld(ev, ev.article_data.get("publisher"))), "json-ld"),
             (first_meta(ev, "og:site_name"), "meta"), (first_meta(ev, "application-name"), "meta"))
    return _first(*((name, source) for name, source in names if name and not _URL.match(name)))


def _split_keywords(values: list) -> list[str]:
    """Tags from keyword values: lists, comma-separated strings, and
    space-separated CJK keyword strings."""
    tags = []
    for value in values:
        text = plain_text(ld_text(value) if isinstance(value, (dict, str)) else None)
        if _CJK.search(text) and not _KEYWORD_SEPARATOR.search(text):
            tags += text.split()
        elif text:
            tags += _KEYWORD_SEPARATOR.split(text)
    return tags


def _tags(ev: Evidence, site_names: set[str]) -> tuple[list[str], str | None]:
    """The site's own tags, without internal ids, the site's name and
    duplicates."""
    keywords = ev.article_data.get("keywords")
    found = [(_split_keywords(keywords if isinstance(keywords, list) else [keywords]), "json-ld"),
             (_split_keywords(ev.meta.get("article:tag", [])), "meta"),
             (_split_keywords(ev.meta.get("news_keywords", []) + ev.meta.get("keywords", [])), "meta")]
    for tags, source in found:
        seen, kept = set(), []
        for tag in tags:
            key = tag.casefold()
            if tag and key not in seen and key not in site_names and not _INTERNAL_TAG.match(tag) \
                    and len(tag) <= _MAX_TAG:
                seen.add(key)
                kept.append(tag)
        if kept:
            return kept, source
    return [], None


def _is_free(ev: Evidence) -> bool | None:
    """``isAccessibleForFree`` of the article, or false when a part of it
    is marked as not free (a paywalled section)."""
    data = ev.article_data
    free = data.get("isAccessibleForFree")
    if free is not None:
        return str(free).strip().lower() in ("true", "1", "yes")
    parts = data.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    if any(isinstance(p, dict) and str(p.get("isAccessibleForFree")).strip().lower() == "false" for p in parts):
        return False
    return None


def fill_metadata(article: Article, ev: Evidence) -> None:
    """Description, publisher, section, language, tags and access, each
    from JSON-LD first, then meta tags (or the page)."""
    data = ev.article_data
    fields: dict[str, tuple[Any, str | None]] = {
        "description": _first((ld_text(data.get("description")), "json-ld"),
                              (first_meta(ev, "og:description", "description", "twitter:description"), "meta")),
        "publisher": _publisher(ev),
        "section": _first((ld_text(data.get("articleSection")), "json-ld"),
                          (first_meta(ev, "article:section"), "meta")),
        "language": _language(ev),
    }
    site_names = {v.casefold() for v in (fields["publisher"][0], first_meta(ev, "og:site_name")) if v}
    fields["tags"] = _tags(ev, site_names)
    free = _is_free(ev)
    fields["is_free"] = (free, "json-ld" if free is not None else None)
    for field, (value, source) in fields.items():
        if value is not None and value != [] and source is not None:
            setattr(article, field, value)
            article.sources[field] = source
