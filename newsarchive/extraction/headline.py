"""The headline, without site-name prefixes or suffixes.

Pages state their headline several times: JSON-LD ``headline``/``name``,
``og:title``, ``twitter:title``, the ``<h1>`` and ``<title>``.  Titles carry
the site name ("Title | Site", "Site - Title") and JSON-LD sometimes holds a
shortened SEO version.  Each candidate is cleaned of site-name parts, then the
candidates vote, each with the weight of its source: the text the
heaviest sources agree on wins, ties going to the earlier candidate
(JSON-LD headline, visible ``<h1>``, ``og:title``, ...).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..items import Article, Evidence
from .evidence import first_meta, ld_text
from .metadata import plain_text
from .text import BY, clean_text

#: Vote of each source.  JSON-LD alone outweighs any other single source;
#: the visible ``<h1>`` and ``og:title`` agreeing outweigh it (a JSON-LD
#: SEO title); ``twitter:title`` and ``<title>`` are mostly copies of the
#: others and count little.
SOURCE_WEIGHTS = {
    "json-ld": 2.0,
    "h1": 1.2,
    "og:title": 1.1,
    "json-ld name": 0.8,
    "title": 0.5,
    "twitter:title": 0.3,
}
SOURCE_KIND = {"h1": "page", "title": "page", "og:title": "meta", "twitter:title": "meta",
               "json-ld": "json-ld", "json-ld name": "json-ld"}

#: Separators between a headline and a site name or section.
_SEPARATOR = re.compile(r"\s+(?:[\-–—·•*»/:]{1,2})\s+|\s*[|｜：]\s*|\s*--\s*")
#: Separators after a section or site name put before the headline ("Opinion | Title").
_PREFIX_SEPARATOR = re.compile(r"\s*[|｜]\s*$")
#: "Site: Headline".
_COLON_PREFIX = re.compile(r"^([^:]{2,40}):\s+(?=\S)")
_DATE_PART = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_BYLINE_PART = re.compile(rf"^(?:{BY})\s", re.I)
_NON_WORD = re.compile(r"[\W_]+")
#: A longer "<h1>" is broken markup holding more than a headline.
_MAX_HEADLINE = 400
#: Ancestors that hold a page's furniture rather than its article.
_FURNITURE = re.compile(r"breadcrumb|\bnav|menu|footer|sidebar|related|teaser|promo", re.I)
_FURNITURE_TAGS = {"nav", "footer", "aside", "li"}
#: Host labels that say nothing about the site's name.
_HOST_NOISE = {"www", "m", "amp", "com", "net", "org", "co", "uk", "de", "news"}


def name_key(text: str) -> str:
    """``text`` folded for comparison: lower case, without spaces and
    punctuation ("STERN.de" -> "sternde")."""
    return _NON_WORD.sub("", text.casefold())


def site_keys(ev: Evidence) -> set[str]:
    """Folded names the site goes by: og:site_name, publisher, application
    name, and the meaningful labels of the host name."""
    names = [first_meta(ev, "og:site_name", "application-name"), ld_text(ev.article_data.get("publisher"))]
    host = urlsplit(ev.url).hostname or ""
    names.append(host.removeprefix("www."))
    names += [label for label in host.split(".") if label not in _HOST_NOISE]
    return {k for k in map(name_key, filter(None, names)) if len(k) >= 2}


def _is_site_part(part: str, sites: set[str]) -> bool:
    """Whether a separated part of a title names the site ("Golem.de",
    "Mirror Online", "DW"), or is a date or a byline."""
    key = name_key(part)
    if not key:
        return True
    if _DATE_PART.match(part.strip()) or _BYLINE_PART.match(part):
        return True
    return len(part.split()) <= 5 and any(key == s or len(s) >= 4 and key.startswith(s) for s in sites)


def strip_site_name(text: str, sites: set[str], others: list[str] = ()) -> str:
    """``text`` without the leading or trailing parts that name the site,
    a date or a byline; when ``text`` is another candidate followed by a
    separator and more, that candidate ("Title | Section | Site",
    "Section | Title")."""
    for other in others:
        if len(other) < len(text) and text.startswith(other) \
                and _SEPARATOR.match(text, len(other.rstrip())):
            return other
        if len(other) < len(text) and text.endswith(other) \
                and _PREFIX_SEPARATOR.search(text[:len(text) - len(other)]):
            return other
    prefix = _COLON_PREFIX.match(text)
    if prefix and _is_site_part(prefix.group(1), sites):
        text = text[prefix.end():]
    parts = _SEPARATOR.split(text)
    if len(parts) < 2:
        return text
    seps = _SEPARATOR.findall(text)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_part(parts[end - 1], sites):
        end -= 1
    while end - start > 1 and _is_site_part(parts[start], sites):
        start += 1
    if (start, end) == (0, len(parts)):
        return text
    out = parts[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _in_furniture(el) -> bool:
    """Whether ``el`` sits in navigation, a breadcrumb, a teaser or the
    like, looking up to the enclosing ``<article>``/``<main>``."""
    for anc in el.iterancestors():
        if anc.tag in _FURNITURE_TAGS or _FURNITURE.search(anc.get("class") or "") \
                or _FURNITURE.search(anc.get("id") or ""):
            return True
        if anc.tag in ("article", "main"):
            return False
    return False


def page_headline(ev: Evidence) -> str | None:
    """The visible headline: the first ``<h1>`` (or element marked
    ``itemprop=headline``) that is not part of navigation or teasers, one
    inside ``<article>``/``<main>`` preferred."""
    found = None
    for el in ev.tree.xpath('//h1 | //*[@itemprop="headline"][not(self::meta)]'):
        text = clean_text(el.text_content())
        if not text or len(text) > _MAX_HEADLINE or _in_furniture(el):
            continue
        if any(a.tag in ("article", "main") for a in el.iterancestors()):
            return text
        found = found or text
    return found


def headline_candidates(ev: Evidence) -> list[tuple[str, str]]:
    """(source, text) of every stated headline, site names stripped."""
    data = ev.article_data
    raw = [
        ("json-ld", ld_text(data.get("headline"))),
        ("h1", page_headline(ev)),
        ("og:title", first_meta(ev, "og:title")),
        ("twitter:title", first_meta(ev, "twitter:title")),
        ("json-ld name", ld_text(data.get("name"))),
        ("title", ev.tree.findtext(".//title")),
    ]
    raw = [(src, plain_text(text)) for src, text in raw if plain_text(text)]
    sites = site_keys(ev)
    texts = [text for _, text in raw]
    out = []
    for src, text in raw:
        stripped = strip_site_name(text, sites, [t for t in texts if t != text])
        if name_key(stripped) not in sites:
            out.append((src, stripped))
    return out


def _complete(key: str, keys: set[str]) -> str:
    """The longest of ``keys`` that ``key`` is a truncation of (at least
    half of it), else ``key``: a headline cut down to fit JSON-LD or
    meta tags votes for the visible one it was cut from."""
    longer = [k for k in keys if len(k) > len(key) >= len(k) / 2 and k.startswith(key)]
    return max(longer, key=len) if longer else key


def choose_headline(candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (source, text) with the most weighted votes of agreeing sources
    (agreeing: same words, whatever the punctuation); of the agreeing
    texts, the one stated most often, then the first."""
    visible = {name_key(text) for src, text in candidates if src == "h1"}
    votes: dict[str, float] = {}
    for src, text in candidates:
        key = _complete(name_key(text), visible)
        votes[key] = votes.get(key, 0.0) + SOURCE_WEIGHTS[src]
    if not votes:
        return None
    winner = max(votes, key=votes.get)
    agreeing = [(src, text) for src, text in candidates if name_key(text) == winner]
    texts = [text for _, text in agreeing]
    return max(agreeing, key=lambda c: texts.count(c[1]))


def fill_headline(article: Article, ev: Evidence) -> None:
    best = choose_headline(headline_candidates(ev))
    if best:
        article.headline = best[1]
        article.sources["headline"] = SOURCE_KIND[best[0]]
