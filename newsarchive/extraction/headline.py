"""The headline the page shows, and the kicker printed above it.

The headline is the visible one: the page's ``<h1>`` (or the element marked
``itemprop=headline``; without either, a heading of the article that the
structured data names).  Pages also state a headline in JSON-LD
``headline``/``name``, ``og:title``, ``twitter:title`` and ``<title>``, often
a search or social version of it ("Kicker: Headline", a rewritten title).
These confirm the visible headline and cut it out of a heading that holds
more (a kicker, a date, a comment count); a heading they do not confirm
(a section name, a blog's name) gives way to them, and then the one the
heaviest sources agree on wins.

The kicker (topline, eyebrow, "Dachzeile") is the short line printed with
the headline that says what it is about: an element so named in or just
before the heading, a part of the heading before the confirmed headline,
or the part of a structured title before the visible headline
("Kicker: Headline") when the page prints it beside the heading.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..items import Article, Evidence
from .evidence import first_meta, ld_text
from .metadata import plain_text
from .text import BY, HIDDEN_CLASS, clean_text, named_classes

#: Vote of each structured source, when no visible headline is confirmed.
#: The article's own JSON-LD ``headline`` outweighs ``og:title``, the
#: ``<title>`` and ``twitter:title`` agreeing on another text; those two
#: are mostly copies of the others and count little.
SOURCE_WEIGHTS = {
    "json-ld": 2.0,
    "og:title": 1.1,
    "json-ld name": 0.8,
    "title": 0.5,
    "twitter:title": 0.3,
}
SOURCE_KIND = {"title": "page", "og:title": "meta", "twitter:title": "meta",
               "json-ld": "json-ld", "json-ld name": "json-ld"}

#: Separators between a headline and a site name or section.
_SEPARATOR = re.compile(r"\s+(?:[\-–—·•*»/:]{1,2})\s+|\s*[|｜：]\s*|\s*--\s*")
#: Separators after a section or site name put before the headline ("Opinion | Title").
_PREFIX_SEPARATOR = re.compile(r"\s*[|｜]\s*$")
#: "Site: Headline".
_COLON_PREFIX = re.compile(r"^([^:]{2,40}):\s+(?=\S)")
#: A host name before the title, set apart by a space only ("example.com Title").
_HOST_PREFIX = re.compile(r"((?:[\w-]+\.)+[^\W\d_]{2,})\s+(?=\w)")
_DATE_PART = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_BYLINE_PART = re.compile(rf"^(?:{BY})\s", re.I)
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
#: A longer "<h1>" is broken markup holding more than a headline.
_MAX_HEADLINE = 400
#: Ancestors that hold a page's furniture rather than its article.
_FURNITURE = re.compile(r"breadcrumb|\bnav|menu|footer|sidebar|related|teaser|promo", re.I)
#: A heading that holds the site's name or logo, not an article's headline.
_SITE_TITLE = re.compile(r"logo|site-?title|site-?name|site-?branding|masthead", re.I)
_FURNITURE_TAGS = {"nav", "footer", "aside", "li"}
#: Host labels that say nothing about the site's name.
_HOST_NOISE = {"www", "m", "amp", "com", "net", "org", "co", "uk", "de", "news"}
#: What newsrooms call the line above a headline, in class names and
#: ``data-*`` attributes ("article__kicker", "topline", "dachzeile").
_KICKER_MARK = re.compile(
    r"kicker|topline|overline|eyebrow|dachzeile|spitzmarke|roofline|strapline|supertitle|super-title|"
    r"surtitre|surtitle|pretitle|pre-title|catchline|antetitulo|occhiello|sopratitolo|nadtytul", re.I)
#: Parts of a heading that are no headline: its date, its byline, a
#: heading nested in it (broken markup), text for screen readers only.
_NOT_HEADLINE = re.compile(r"byline|author|date|time|" + HIDDEN_CLASS.pattern, re.I)
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Blocks that, opening a heading, make a line of their own.
_LINE_TAGS = {"div", "p"}
#: Elements whose edges break a line of text.
_BREAKING = {"br", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "header", "section"}
#: A kicker is short.
_MAX_KICKER_WORDS = 10
#: Share of words (``_shared``) a heading and a structured title have in
#: common when they are one headline worded twice (an SEO rewrite keeps
#: the words of its subject); a section name or a blog's name over the
#: article shares fewer.
_CONFIRMING_SHARE = 0.4
#: How far up from the heading a printed kicker is looked for.
_KICKER_LEVELS = 3
#: How many ``<h2>`` are tried as the headline of a page without ``<h1>``.
_SUBHEADINGS = 3
#: In a heading, a bar sets the headline apart from a section, a site
#: name or a subtitle after it, or from a kicker of a few words before it.
_BAR = " | "
_BAR_KICKER_WORDS = 3
#: What sets a kicker or a site name apart from a headline in one line.
_SEPARATORS = ":|–—-·•»/"
#: A title this long that begins a heading, set apart from the rest, is the
#: headline however long the rest (a standfirst printed in the heading).
_MIN_LEAD_TITLE = 4
#: Punctuation that closes a headline ("?", a quote).
_CLOSING = "?!.…\"'“”‘’»«›‹)"
#: A longer block around a heading is the page, not its header.
_MAX_KICKER_BLOCK = 1500


@dataclass(frozen=True)
class Heading:
    """The headline as printed, and the kicker printed with it."""

    text: str
    kicker: str | None = None


def name_key(text: str) -> str:
    """``text`` folded for comparison: lower case, without spaces and
    punctuation ("Example.com" -> "examplecom")."""
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
    """Whether a separated part of a title names the site ("Example.com",
    "Daily Example Online", "DE"), or is a date or a byline."""
    key = name_key(part)
    if not key:
        return True
    if _DATE_PART.match(part.strip()) or _BYLINE_PART.match(part):
        return True
    return key in sites or len(part.split()) <= 5 and any(len(s) >= 4 and key.startswith(s) for s in sites)


def strip_site_name(text: str, sites: set[str], others: Sequence[str] = (), printed: Sequence[str] = ()) -> str:
    """``text`` without the leading or trailing parts that name the site,
    a date or a byline; when ``text`` is another candidate followed by a
    separator and more, that candidate ("Title | Section | Site",
    "Section | Title"); whole when the page prints it whole as a heading
    ("Example's 2026 predictions: Welcome to...")."""
    if any(name_key(other) == name_key(text) for other in printed):
        return text
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
    host = _HOST_PREFIX.match(text)
    if host and name_key(host.group(1)) in sites:
        text = text[host.end():]
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


# -- the heading the page shows -------------------------------------------------

def _marks(el) -> str:
    """Class, id and ``data-*`` attribute names and values of ``el``."""
    data = " ".join(f"{k} {v}" for k, v in el.attrib.items() if k.startswith("data-"))
    return f"{el.get('class') or ''} {el.get('id') or ''} {data}"


def _in_furniture(el) -> bool:
    """Whether ``el`` sits in navigation, a breadcrumb, a teaser or the
    like, looking up to the enclosing ``<article>``/``<main>``.  The class
    of ``<main>``, ``<body>`` and ``<html>`` names the page's template
    ("single-post has-sidebar"), not a box of furniture."""
    for anc in el.iterancestors():
        if anc.tag in ("main", "body", "html"):
            return False
        if anc.tag in _FURNITURE_TAGS or _FURNITURE.search(named_classes(anc.get("class"))) \
                or _FURNITURE.search(anc.get("id") or ""):
            return True
        if anc.tag == "article":
            return False
    return False


def _is_kicker(el) -> bool:
    return bool(_KICKER_MARK.search(_marks(el)))


def _is_separator(el) -> bool:
    """A separator printed for screen readers only ("<span
    class=sr-only>:</span>"): what is before it in a heading is its kicker."""
    return bool(HIDDEN_CLASS.search(_marks(el))) and not _WORD.search(el.text_content())


def _skipped(el) -> bool:
    """A part of a heading that is not its headline (see ``_NOT_HEADLINE``)."""
    return el.tag == "time" or el.tag in _HEADING_TAGS or bool(_NOT_HEADLINE.search(_marks(el)))


def _heading_parts(el, without_kicker: bool) -> list[str]:
    """Text of a heading without its date, byline and hidden text (and
    its kicker-named parts), cut where a hidden separator stands and after
    a block opening the heading (a kicker line); a line break or other
    block edge counts as a space ("WEEKEND<br>CODING" is two words)."""
    parts: list[list[str]] = [[]]

    def walk(node):
        if node.tag in _BREAKING:
            parts[-1].append(" ")
        if node.text:
            parts[-1].append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                opens_heading = node is el and child.tag in _LINE_TAGS and not "".join(parts[-1]).strip()
                if _is_separator(child):
                    parts.append([])
                elif not (_skipped(child) or without_kicker and _is_kicker(child)):
                    walk(child)
                if opens_heading:  # a line of its own before the rest: a kicker line
                    parts.append([])
            if child.tail:
                parts[-1].append(child.tail)
        if node.tag in _BREAKING:
            parts[-1].append(" ")

    walk(el)
    del walk  # it refers to itself: a cycle that kept the page's tree until the next garbage collection
    return [text for text in (clean_text("".join(part)) for part in parts) if text]


def _short_line(text: str | None) -> str | None:
    text = (text or "").strip(" :|–—-·•")
    return text if text and len(text.split()) <= _MAX_KICKER_WORDS else None


def _leading_kicker(el) -> str | None:
    """The text of a kicker-named element that opens the heading ``el``."""
    if el.text and el.text.strip():
        return None
    for child in el.iterdescendants():
        if not isinstance(child.tag, str) or _skipped(child):
            continue
        if _is_kicker(child):
            return _short_line(clean_text(child.text_content()))
        if child.text and child.text.strip():
            return None
    return None


def _kicker_before(el) -> str | None:
    """A kicker printed just before the heading ``el`` (or before the block
    that holds only the heading): a short kicker-named element, or a short
    block holding one."""
    node = el
    for _ in range(2):
        before = node.getprevious()
        while before is not None and not isinstance(before.tag, str):
            before = before.getprevious()
        if before is not None:
            marked = next((k for k in before.iter() if isinstance(k.tag, str) and _is_kicker(k)), None)
            if marked is not None:
                return _short_line(clean_text(before.text_content()))
        parent = node.getparent()
        if parent is None or len(parent) != 1:
            return None
        node = parent
    return None


def _split_bar(text: str) -> tuple[str | None, str]:
    """(kicker, headline) of a line a bar divides: the headline is its
    first part ("Headline | Section | Site"), or the rest after a kicker
    of a few words ("DROUGHT | Rain returns to the valley")."""
    if _BAR not in text:
        return None, text
    first, rest = text.split(_BAR, 1)
    if len(first.split()) <= _BAR_KICKER_WORDS < len(rest.split()) and _BAR not in rest:
        return first, rest
    return None, first


def _before_bar(title: str) -> str:
    """A title without what follows a bar, when that is shorter than what
    precedes it (a section, a site: "Headline | Section")."""
    first, _, rest = title.partition(_BAR)
    return first if rest and len(rest.split()) <= len(first.split()) else title


def _heading_of(el) -> Heading | None:
    """The headline and kicker of one heading element (see ``Heading``)."""
    kicker = _leading_kicker(el)
    parts = _heading_parts(el, kicker is not None)
    if not parts:
        return None
    if len(parts) > 1 and not kicker and _short_line(parts[0]):
        kicker, parts = _short_line(parts[0]), parts[1:]
    bar_kicker, text = _split_bar(" ".join(parts))
    kicker = kicker or bar_kicker or _kicker_before(el)
    if len(text) > _MAX_HEADLINE:
        return None
    return Heading(text, kicker)


def visible_headings(ev: Evidence) -> list:
    """(element, ``Heading``) of the page's headings that may be its
    headline, in the order they are tried: each ``<h1>`` (or element
    marked ``itemprop=headline``) outside navigation and teasers, those
    inside ``<article>``/``<main>`` first."""
    inside: list[tuple[Any, Heading]] = []
    outside: list[tuple[Any, Heading]] = []
    for el in ev.tree.xpath('//h1 | //*[@itemprop="headline"][not(self::meta)]'):
        if _in_furniture(el) or _SITE_TITLE.search(_marks(el)):
            continue
        heading = _heading_of(el)
        if heading is not None:
            (inside if _in_article(el) else outside).append((el, heading))
    return inside + outside


def article_subheadings(ev: Evidence) -> list:
    """(element, ``Heading``) of the first ``<h2>`` elements outside
    furniture: where a page without an ``<h1>`` of its own may print its
    headline."""
    found = []
    for el in ev.tree.iter("h2"):
        heading = None if _in_furniture(el) else _heading_of(el)
        if heading is not None:
            found.append((el, heading))
        if len(found) == _SUBHEADINGS:
            break
    return found


# -- the structured titles ------------------------------------------------------

def structured_titles(ev: Evidence, visible: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(source, text) of every headline the metadata states, site names
    stripped (``visible`` texts help tell a headline from its suffix)."""
    data = ev.article_data
    raw = [
        ("json-ld", ld_text(data.get("headline"))),
        ("og:title", first_meta(ev, "og:title")),
        ("twitter:title", first_meta(ev, "twitter:title")),
        ("json-ld name", ld_text(data.get("name"))),
        ("title", ev.tree.findtext(".//title")),
    ]
    raw = [(src, plain_text(text)) for src, text in raw if plain_text(text)]
    sites = site_keys(ev)
    texts = [text for _, text in raw] + list(visible)
    out = []
    for src, text in raw:
        stripped = strip_site_name(_before_bar(text), sites, [t for t in texts if t != text], visible)
        if name_key(stripped) not in sites:
            out.append((src, stripped))
    return out


def _is_cut_of(key: str, longer: str) -> bool:
    """Whether the folded text ``key`` is ``longer`` cut down (to at least
    half) to fit JSON-LD or meta tags."""
    return len(longer) > len(key) >= len(longer) / 2 and longer.startswith(key)


def vote(candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (source, text) with the most weighted votes of agreeing sources
    (agreeing: same words, whatever the punctuation); of the agreeing
    texts, the one stated most often, then the first."""
    votes: dict[str, float] = {}
    for src, text in candidates:
        key = name_key(text)
        votes[key] = votes.get(key, 0.0) + SOURCE_WEIGHTS[src]
    if not votes:
        return None
    winner = max(votes, key=lambda key: votes[key])
    agreeing = [(src, text) for src, text in candidates if name_key(text) == winner]
    texts = [text for _, text in agreeing]
    return max(agreeing, key=lambda c: texts.count(c[1]))


# -- the visible headline confirmed ---------------------------------------------

def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _find_run(words: list[str], run: list[str]) -> int:
    """Where ``run`` starts in ``words``, or -1."""
    for start in range(len(words) - len(run) + 1):
        if words[start:start + len(run)] == run:
            return start
    return -1


def _set_apart(text: str, start: int, end: int) -> tuple[str, str, str] | None:
    """``text`` cut into what comes before its ``start``-th word, the words
    up to its ``end``-th, and what follows, when a separator (or the edge
    of the text) sets that run apart on both sides; else None."""
    spans = list(_WORD.finditer(text))
    begin = spans[start].start()
    stop = spans[end - 1].end()
    before, middle, after = text[:begin].rstrip(), text[begin:stop], text[stop:]
    middle += after[:len(after) - len(after.lstrip(_CLOSING))]
    after = after.lstrip(_CLOSING).lstrip()
    if before and before[-1] not in _SEPARATORS or after and after[0] not in _SEPARATORS + "([":
        return None
    return before.rstrip(_SEPARATORS + " "), middle.strip(), after


def _shared(a: list[str], b: list[str]) -> float:
    """The share of words two texts have in common (Dice coefficient)."""
    first, second = set(a), set(b)
    return 2 * len(first & second) / (len(first) + len(second))


def _styled_only(heading: str, title: str) -> bool:
    """Whether two texts differ only in case and spacing."""
    return "".join(heading.casefold().split()) == "".join(title.casefold().split())


def confirm(heading: Heading, titles: list[str], loose: bool = True) -> Heading | None:
    """The headline ``heading`` shows when the ``titles`` of the metadata
    confirm it: one of them has its words (as typed, when only case and
    spacing differ); one of them holds it, set apart by a separator
    ("Kicker: Headline"); one of them is the larger part of it, set apart
    by a separator (the rest of the heading being its kicker, before, or
    its furniture, after); one of them is a cut version
    of it; or (``loose``) one of them shares a good part of its words.
    None when no title confirms it."""
    words = _words(heading.text)
    if not words:
        return None
    key = name_key(heading.text)
    best_share = 0.0
    for title in titles:
        title_words = _words(title)
        if not title_words:
            continue
        title_key = name_key(title)
        if title_key == key:
            return Heading(title if _styled_only(heading.text, title) else heading.text, heading.kicker)
        start = _find_run(title_words, words)
        if start >= 0 and _set_apart(title, start, start + len(words)):
            return heading
        start = _find_run(words, title_words)
        parts = _set_apart(heading.text, start, start + len(title_words)) if start >= 0 else None
        if parts and (len(title_words) * 2 >= len(words) or start == 0 and len(title_words) >= _MIN_LEAD_TITLE):
            return Heading(parts[1], heading.kicker or _short_line(parts[0]))
        if _is_cut_of(title_key, key):
            return heading
        best_share = max(best_share, _shared(words, title_words))
    if loose and best_share >= _CONFIRMING_SHARE:
        return heading
    return None


def title_kicker(heading: Heading, titles: list[str], printed: str) -> str | None:
    """The kicker a structured title puts before the visible headline
    ("Kicker: Headline"), when the page prints it near the heading
    (``printed``: the text around it)."""
    words = _words(heading.text)
    for title in titles:
        title_words = _words(title)
        start = _find_run(title_words, words)
        parts = _set_apart(title, start, start + len(words)) if start > 0 else None
        if parts and not parts[2]:
            kicker = _short_line(parts[0])
            if kicker and name_key(kicker) in name_key(printed):
                return kicker
    return None


def _printed_around(el) -> str:
    """The text of the smallest block above ``el`` that holds more than
    it, within a few levels: where a kicker is printed."""
    for anc in list(el.iterancestors())[:_KICKER_LEVELS]:
        text = anc.text_content()
        if len(text) > _MAX_KICKER_BLOCK:
            break
        if len(clean_text(text)) > len(clean_text(el.text_content())):
            return text
    return ""


def _in_article(el) -> bool:
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _weighty(text: str, titles: list[tuple[str, str]]) -> bool:
    """Whether the structured title ``text`` outweighs a visible heading of
    the article that no title confirms: two sources state it, or one of the
    heavy ones (JSON-LD ``headline``, ``og:title``); a lone ``<title>`` is
    often the site's or a section's name."""
    sources = [src for src, other in titles if name_key(other) == name_key(text)]
    return len(sources) > 1 or any(SOURCE_WEIGHTS[src] >= SOURCE_WEIGHTS["og:title"] for src in sources)


def _without_site_suffix(heading: Heading, sites: set[str]) -> Heading:
    """``heading`` without a last separated part that is exactly the site's
    name ("Best exhibitions of 2025 – Example"): a theme printing the SEO title."""
    separators = list(_SEPARATOR.finditer(heading.text))
    if not separators or name_key(heading.text[separators[-1].end():]) not in sites:
        return heading
    return Heading(heading.text[:separators[-1].start()].strip(), heading.kicker)


def choose_headline(ev: Evidence) -> tuple[str, Heading] | None:
    """The source kind and the headline (with its kicker) of the page: the
    first heading the structured titles confirm strictly, else the first
    they confirm loosely (see ``confirm``), else the titles' vote, unless
    what wins it is too light to outweigh a heading of the article
    (``_weighty``)."""
    sites = site_keys(ev)
    headings = [(el, _without_site_suffix(h, sites)) for el, h in visible_headings(ev)
                if name_key(h.text) not in sites]
    titles = structured_titles(ev, [h.text for _, h in headings])
    texts = [text for _, text in titles]
    if headings and not titles:
        return "page", headings[0][1]
    tried = [(el, heading, False) for el, heading in headings or article_subheadings(ev)]
    if headings:
        tried += [(el, heading, True) for el, heading in headings]
    for el, heading, loose in tried:
        confirmed = confirm(heading, texts, loose)
        if confirmed is not None:
            kicker = confirmed.kicker or title_kicker(confirmed, texts, _printed_around(el))
            return "page", Heading(confirmed.text, kicker)
    best = vote(titles)
    if best is None:
        return None
    if headings and _in_article(headings[0][0]) and not _weighty(best[1], titles):
        return "page", headings[0][1]
    return SOURCE_KIND[best[0]], Heading(best[1])


def fill_headline(article: Article, ev: Evidence) -> None:
    chosen = choose_headline(ev)
    if chosen:
        source, heading = chosen
        article.headline = heading.text
        article.sources["headline"] = source
        if heading.kicker:
            article.kicker = heading.kicker
            article.sources["kicker"] = source
