"""Telling an article from a page that is not one.

``check_article`` runs last and raises ``NotAnArticle`` with the reason for
home pages, section/tag/search listings, error pages and login walls, so the
crawl skips them.  It weighs what the page says it is (``og:type``, JSON-LD
types), what it looks like (many teasers, links everywhere, no body) and its
URL; positive evidence of an article (an article type, a publication date, a
text of some length that is not teasers) outweighs the doubts, so short
articles are kept.  An article always has a headline and a body, and one that
does not declare itself an article has more than a line of text.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..items import Article, Evidence
from .body import DISTINCT_SHARE, MIN_TEASERS, SURE_SHARE, TEASER_SHARE, analysis
from .evidence import ARTICLE_TYPES, first_meta, ld_types
from .text import text_width


class NotAnArticle(Exception):
    """The page is readable but is not an article; the message says why."""


#: JSON-LD types that say "this page is one article" (or one video, one review);
#: a bare ``WebPage`` says nothing.
ARTICLE_LD_TYPES = (ARTICLE_TYPES - {"webpage"}) | {"videoobject", "review"}
#: JSON-LD types of pages that index other pages.
LISTING_LD_TYPES = {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
#: URL path segments that name an index: /tag/x, /category/x, /search?q=...,
#: /page/2 (but not /page/how-to-start)
_LISTING_PATH = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:(?:tags?|topics?|themen?|schlagworte?|category|categories|kategorie|"
    r"categorie|categoria|section|sections|rubrik|ressort|authors?|autor(?:en)?|auteur|search|suche|"
    r"buscar|busca|recherche|ricerca|szukaj)(?:/[^/]*)?|page/\d+)/?$", re.I)
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:q|s|query|search|suche|k)=", re.I)
#: Titles of error pages, in several languages ("page not found", "404").
_ERROR_TITLE = re.compile(
    r"\b404\b|^\W*(?:error|fehler|erreur)\W*$|(?:^|[-|:–]\s*)not found\s*$|"
    r"page (?:not found|does not exist|doesn't exist|(?:is )?no longer available|cannot be found)|"
    r"seite (?:nicht gefunden|existiert nicht|nicht mehr verfügbar)|"
    r"page (?:introuvable|non trouvée)|cette page n'existe pas|página no encontrada|"
    r"página não encontrada|pagina non trovata|pagina niet gevonden|nie znaleziono strony|"
    r"strona nie istnieje|страница не найдена|ページが見つかりません|页面不存在|找不到页面|页面未找到|"
    r"siden finnes ikke|fant ikke siden|sidan (?:kunde inte hittas|finns inte)|siden blev ikke fundet|"
    r"puslapis nerastas|sayfa bulunamadı", re.I)
#: An error page that calls itself an article still has less text than this.
SHORT_BODY = 300
#: Text (not teasers) of this length hints at an article, and longer text more.
ARTICLE_TEXT = 500
LONG_BODY = 1500
#: Less text than this (wide characters counting twice) is no article unless
#: the page declares itself one: "Coming soon", "Hello world".
MIN_BODY = 50
#: A path segment of a section page: a word or two, no id, no long slug.
_SECTION_SEGMENT = re.compile(r"[^\W\d_]+(?:[-_][^\W\d_]+)?")


def _ld_types(ev: Evidence) -> set[str]:
    return set().union(*map(ld_types, ev.jsonld))


def strong_article_signals(ev: Evidence) -> list[str]:
    """What the page declares itself to be, when that is an article."""
    signals = []
    og_type = (first_meta(ev, "og:type") or "").lower()
    if og_type.startswith("article") or og_type in ("video.other", "video.episode"):
        signals.append(f"og:type {og_type}")
    found = _ld_types(ev) & ARTICLE_LD_TYPES
    if found:
        signals.append("JSON-LD " + ", ".join(sorted(found)))
    return signals


def weak_article_signals(article: Article, ev: Evidence) -> list[str]:
    """What hints at an article: home pages can have these too.  When the
    text found is teasers, a date or byline read off the page is a
    teaser's, and the text's length says nothing."""
    signals = []
    teasers = _teaser_text(ev)
    if article.published and not (teasers and article.sources.get("published") == "page"):
        signals.append("publication date")
    if article.authors and not (teasers and article.sources.get("authors") == "page"):
        signals.append("authors")
    if not teasers:
        size = len(article.body or "")
        signals += ["article text"] * (size >= ARTICLE_TEXT) + ["long article text"] * (size >= LONG_BODY)
    return signals


def _is_root(article: Article, ev: Evidence) -> bool:
    parts = urlsplit(article.url or ev.url)
    return parts.path in ("", "/") and not parts.query


def _one_text(article: Article, ev: Evidence) -> bool:
    """Whether the page shows one long text and no list of teasers (fewer
    than ``MIN_TEASERS`` paragraphs of the page follow a title linked to
    another page of the site), and the text found holds most of the page's
    prose: a site whose home page is an article, such as an "about" page.
    The paragraphs of a text differ: a page that repeats the same ones is
    a template's list."""
    found, body = analysis(ev), article.body or ""
    paragraphs = body.split("\n\n")
    return (found.teaser_paragraphs < MIN_TEASERS and found.prose_share >= SURE_SHARE and len(body) >= LONG_BODY
            and len(set(paragraphs)) >= DISTINCT_SHARE * len(paragraphs))


def strong_listing_signals(article: Article, ev: Evidence) -> list[str]:
    """A URL or a declared type that names an index of other pages.  A
    root URL does, but for a page of one long text (``_one_text``)."""
    signals = []
    parts = urlsplit(article.url or ev.url)
    if _is_root(article, ev):
        if not _one_text(article, ev):
            signals.append("root URL")
    elif _LISTING_PATH.match(parts.path) or _SEARCH_QUERY.search(parts.query):
        signals.append(f"listing URL {parts.path}")
    listing_types = _ld_types(ev) & LISTING_LD_TYPES
    if listing_types:
        signals.append("JSON-LD " + ", ".join(sorted(listing_types)))
    return signals


def weak_listing_signals(article: Article, ev: Evidence) -> list[str]:
    """What hints at an index: articles can have these too (a site-wide
    og:type, a short slug, a text of linked titles and summaries, a root
    URL whose page shows one long text)."""
    signals = []
    if (first_meta(ev, "og:type") or "").lower() == "website":
        signals.append("og:type website")
    if _teaser_text(ev):
        signals.append("teasers")
    if _is_root(article, ev):
        signals.append("root URL")
    segments = [s for s in urlsplit(article.url or ev.url).path.split("/") if s]
    if segments and len(segments) <= 3 and all(_SECTION_SEGMENT.fullmatch(s) for s in segments):
        signals.append("section-like URL")
    return signals


def _teaser_text(ev: Evidence) -> bool:
    """Whether the text found is teasers: most of its paragraphs follow a
    title linked to another page of the site."""
    return analysis(ev).teaser_share >= TEASER_SHARE


def _error_title(ev: Evidence) -> str | None:
    title = ev.tree.findtext(".//title") or ""
    h1 = ev.tree.xpath("string(//h1)")
    for text in (title, h1):
        if text and len(text) < 200 and _ERROR_TITLE.search(text):
            return " ".join(text.split())
    return None


def check_article(article: Article, ev: Evidence) -> None:
    """Raise ``NotAnArticle`` when the page is not an article.  Whatever
    the page says it is, an article has a headline and a body."""
    body = len(article.body or "")
    strong = strong_article_signals(ev)
    error = _error_title(ev)
    if error and body < LONG_BODY and (not strong or body < SHORT_BODY):
        raise NotAnArticle(f"error page: {error!r}")
    if not strong:
        listing = strong_listing_signals(article, ev)
        if listing:
            raise NotAnArticle("listing page: " + "; ".join(listing))
        hints, weak = weak_listing_signals(article, ev), weak_article_signals(article, ev)
        if len(hints) > len(weak):
            raise NotAnArticle("listing page: " + "; ".join(hints))
    if not body:
        if ev.tree.xpath("//input[@type='password']"):
            raise NotAnArticle("login wall: no article text")
        raise NotAnArticle("no article body found")
    if not article.headline:
        raise NotAnArticle("no headline")
    if not strong and text_width(article.body) < MIN_BODY:
        raise NotAnArticle(f"too little text for an article: {article.body[:40]!r}")
