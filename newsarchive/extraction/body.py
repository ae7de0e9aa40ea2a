"""The article body: paragraphs and subheadings, without page furniture.

The body is found by analysing the document tree, as readability and
trafilatura do, without changing it (the steps after this one read the same
tree):

1. the page is walked once, in document order, into text blocks (paragraphs,
   subheadings, list items, quotes, table rows, text of a ``div`` or between
   ``<br>``), skipping elements that never hold article text (``script``,
   ``figure``, ``h1``...) and hidden ones (but a page that shows almost no
   prose is read again with them: scripts show it);
2. elements whose tag (``nav``, ``aside``, ``footer``...), role, class or id
   name page furniture in the common vocabulary of publishers (share,
   related, newsletter, advert, comment, byline, caption...) drop their
   blocks, unless they hold most of the page's prose, alone or with the
   boxes of their kind (a ``<form>`` around the whole page, an article split
   into boxes named "excerpt"), or more than the page outside furniture;
3. every prose block scores for its container and, less, for the
   container's ancestors (readability's score); the best-scoring element is
   the content root, or the ancestor holding the rest of the article around
   it: one scoring nearly as well, or, when the root holds a small share of
   the page's prose, one whose additions are prose, not quotes (page
   builders nest each text block deep);
4. siblings of the root, and of its nearest ancestors, that continue the
   article (prose, few links, not teasers; a box of the root's own kind
   needs less prose than another) join it: articles split into boxes by
   adverts or layout;
5. inside, lists of teasers ("More from…"), link lists (but for a link to
   another site between paragraphs: a source, a shop), furniture labels
   ("Advertisement", "Read more"), boxes repeating an earlier box's text
   (one for each size of screen), a box of readers' comments, the short
   lines above the first paragraph (kicker, byline, date) and trailing box
   titles are dropped.

The JSON-LD ``articleBody`` stands in when the page shows much less text
than it (pages rendered by scripts).  When the text found holds a small
share of the page's prose or is mostly quotes, trafilatura gives a second
opinion (``opinion.py``), taken when it holds that text and much more
article text.  The dateline is left in the text for the dateline step; one
printed apart is joined to its paragraph.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from ..items import Article, Evidence
from .authors import split_byline
from .dateline import find_dateline
from .opinion import second_opinion, shingles
from .text import UTILITY_CLASS, clean_block, clean_text, text_width

# -- the walk ---------------------------------------------------------------
#: Elements whose content is never article text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "video", "audio", "canvas", "map", "button", "select", "input", "textarea", "label",
    "figure", "figcaption", "picture", "img", "h1", "head", "title", "meta", "link",
})
#: Controls whose content is a few words; one that holds paragraphs is a
#: control left open in the markup, and the parser put the page in it.
PHRASING_ONLY_TAGS = frozenset({"button", "label"})
_HOLDS_PARAGRAPHS = etree.XPath("boolean(.//p)")
#: A figure holds a picture, or a table of the article (as WordPress wraps them).
_HOLDS_TABLE = etree.XPath("boolean(.//table)")
#: Elements that hold furniture unless they wrap most of the page (some sites
#: wrap the whole page in a ``<form>`` or the article in a ``<header>``).
FURNITURE_TAGS = frozenset({"form", "nav", "aside", "footer", "header", "menu", "dialog", "address"})
#: Elements that start a new paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr",
    "caption", "hr", "br", "center", "details", "summary", "fieldset", "body", "html",
}) | FURNITURE_TAGS
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: Cells of a table row: the row is the paragraph, its cells are words apart.
CELL_TAGS = frozenset({"td", "th"})
#: Tags of a block that is itself a container of text rather than a paragraph.
CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "body", "center"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
#: The common class names of text kept off screen, for screen readers.
_SCREEN_READER_ONLY = re.compile(
    r"(?:^|[\s_-])(?:sr-only|visually-?hidden|screen-?reader(?:-only|-text)?|off-?screen)(?:$|\s)", re.I)

# -- furniture ---------------------------------------------------------------
#: Words of a class or id (split at ``-``, ``_`` and camelCase) naming furniture.
#: Not "hidden": that class is a state (a closed accordion panel, a variant
#: for other screens, "overflow-hidden"), unlike the classes of text for
#: screen readers only (``_SCREEN_READER_ONLY``).
FURNITURE_WORDS = frozenset({
    "share", "sharing", "shares", "sharebar", "social", "socials", "likes", "related", "newsletter",
    "newsletters", "promo", "promotion", "advert", "advertisement", "advertising", "ad", "ads",
    "adslot", "adunit", "dfp", "gpt", "sponsor", "sponsored", "comment", "comments",
    "cookie", "cookies", "consent", "subscribe", "subscription", "paywall", "breadcrumb",
    "breadcrumbs", "tags", "taglist", "keywords", "topics", "byline", "author", "authors",
    "bio", "caption", "credit", "credits", "meta", "dateline", "timestamp", "toolbar",
    "sidebar", "recommend", "recommended", "recommendations", "recirculation", "readmore",
    "outbrain", "taboola", "popup", "modal", "overlay", "banner", "disclaimer", "copyright",
    "print", "follow", "signup", "login", "skip", "navigation", "navbar", "menu", "footer",
    "masthead", "rating", "poll", "donate", "trending", "popular", "mostread",
    "feedback", "toc", "gallery", "slideshow", "carousel", "leaderboard", "billboard", "rail",
    "teaser", "teasers", "excerpt", "standfirst", "chapo", "chapeau", "dek", "kicker",
    "image", "img", "photo", "media",
})
#: Furniture words that mark an element as furniture however much prose it holds.
ALWAYS_FURNITURE = frozenset({"comment", "comments"})
#: Class tokens that describe a state, not what an element is ("has-sidebar").
_STATE = re.compile(
    r"^(?:has|is|with|without|no|js|not|show|hide|u)[-_]|[-_](?:enabled|disabled|on|off|open|closed|"
    r"count|allowed|active|visible|loaded)$", re.I)
#: An id of this many words or more is the anchor of a heading.
ANCHOR_WORDS = 4
_WORD_SPLIT = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])")
FURNITURE_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert",
    "menu", "menubar", "toolbar", "figure", "img",
})
#: Microdata properties of the article that are not its text (the
#: standfirst is its ``description``).
METADATA_ITEMPROPS = frozenset({
    "description", "alternativeHeadline", "headline", "author", "creator", "publisher",
    "datePublished", "dateModified", "dateCreated", "caption", "keywords",
})
_MAIN = etree.XPath(".//main | .//*[@role='main']")
#: Elements never taken for furniture by their name: they wrap whole pages.
NEVER_FURNITURE_TAGS = frozenset({"html", "body", "main", "article"})
#: A page showing less prose than this, or with paragraphs in an element
#: hidden by attribute, may have its text in hidden markup that scripts show
#: (servers streaming a page render it in a hidden element); it is read with
#: its hidden elements when they hold as much prose as the rest of the page.
MIN_SHOWN_PROSE = 200
_HIDDEN_PARAGRAPHS = etree.XPath("boolean(.//*[@hidden]//p)")
HIDDEN_TEXT = 2
#: An element named as furniture holding at least this share of the page's
#: prose is a wrapper, not furniture.
WRAPPER_SHARE = 0.55

# -- the content root and its siblings ---------------------------------------
#: Minimum length of a block that counts as prose.
MIN_PROSE = 25
#: Blocks with a larger share of link text are navigation, not prose.
MAX_LINK_DENSITY = 0.5
_COMMAS = re.compile(r"[,，、،]")
#: List items score less than paragraphs: lists of teasers look like prose.
LIST_ITEM_WEIGHT = 0.5
LIST_ITEM_TAGS = frozenset({"li", "dt", "dd"})
#: How many levels above the content root siblings are looked for.
SIBLING_LEVELS = 5
#: A sibling box joins the article with this share of the root's prose (a
#: paragraph with ``MIN_SIBLING_PROSE``), mostly prose and few links.
SIBLING_SHARE = 0.2
MIN_SIBLING_PROSE = 80
#: A box of this much prose joins however long the root is.
LONG_SIBLING = 1000
#: An ancestor of the best-scoring element scoring at least this share of
#: its score is the content root.
NEAR_BEST = 0.9
#: Additions to the root this much in quotes are testimonials or pull
#: quotes, not the article, whose quotes sit between its paragraphs.
QUOTED_ADDITIONS = 0.8
#: A content root holding this share of the page's prose holds the article.
SURE_SHARE = 0.66
PROSE_SHARE = 0.6
SIBLING_LINK_DENSITY = 0.25
#: A box with a linked title for each paragraph (at least ``MIN_TEASERS``)
#: is a list of teasers.
TEASER_LINKS = 1
MIN_TEASERS = 3
#: The longest a teaser's summary is, on average.
MAX_SUMMARY = 300
#: Text with this share of its paragraphs right after a linked title is teasers.
TEASER_SHARE = 0.5
#: A teaser card holds its title and text, and little more prose than that.
CARD_PROSE = 1.5
_LINKED_TITLES = etree.XPath(
    ".//article | .//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::header][.//a]")

# -- the text ---------------------------------------------------------------
#: Second-level labels of country domains ("example.co.uk").
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gv"})
#: Lines that label adverts and boxes of links, in the languages of the news.
FURNITURE_LABELS = frozenset({
    "advertisement", "advertising", "advert", "ad", "ads", "sponsored", "sponsored content",
    "anzeige", "werbung", "publicité", "publicidad", "publicidade", "pubblicità", "reklama",
    "reklame", "annonse", "annons", "mainos", "advertentie", "iklan", "реклама", "广告", "広告",
    "광고", "read more", "read also", "see also", "related", "related articles", "more",
    "lesen sie auch", "lesen sie mehr", "mehr zum thema", "auch interessant",
    "das könnte sie auch interessieren", "lire aussi", "à lire aussi", "voir aussi",
    "leggi anche", "lee también", "leer más", "leia também", "leia mais", "czytaj więcej",
    "czytaj też", "zobacz też", "читайте также", "lees ook", "les også", "läs också",
    "læs også", "share", "share this", "share this article", "teilen", "partager", "compartir",
    "condividi", "udostępnij", "поделиться", "tags", "topics", "schlagwörter", "themen",
    "comments", "kommentare", "commentaires", "comentarios", "table of contents",
    "inhaltsverzeichnis", "sommaire", "table des matières", "índice", "indice", "spis treści",
    "содержание", "inhoudsopgave", "innholdsfortegnelse", "innehållsförteckning",
    "indholdsfortegnelse", "目次", "目录",
})
MAX_LABEL = 40
_LABEL_PUNCTUATION = " :.…»>|-–—"
#: Headings of a box of readers' comments.
COMMENT_LABELS = frozenset({
    "comments", "comment", "reader comments", "leave a comment", "leave a reply",
    "join the conversation", "kommentare", "leserkommentare", "commentaires", "réactions",
    "comentarios", "commenti", "komentarze", "комментарии", "reacties", "kommentarer",
    "comentários", "コメント", "评论", "댓글",
})
_COUNT_PUNCTUATION = " :.()[]0123456789"
#: The first paragraph of an article is longer than the kicker, byline and
#: date lines above it, of which there are a few at most.
MIN_LEAD = 60
MAX_LEAD_LINES = 4
#: The longest line taken for a byline or a date printed in the text.
MAX_BYLINE_LINE = 120
#: A dateline printed apart is a short line ending in a dash.
MAX_DATELINE = 60
_DASHES = ("-", "–", "—")
#: The text found may not be the article when it holds less than this share
#: of the page's prose, furniture included, or this share of it is quotes.
UNSURE_SHARE = 1 / 3
QUOTES_SHARE = 0.5
QUOTE_TAGS = frozenset({"blockquote", "q"})
#: A second opinion extends the text found when it holds this share of its
#: runs of words and is this many times as long.
HELD_SHARE = 0.8
LONGER = 1.5
#: The share of distinct runs of words (or paragraphs) in a text: one that
#: repeats itself more is a template's boilerplate.
DISTINCT_SHARE = 0.5
#: The JSON-LD ``articleBody`` stands in for a page that shows less than
#: this share of it.
STRUCTURED_SHARE = 0.3
MIN_STRUCTURED_BODY = 500


def furniture_words(el) -> frozenset[str]:
    """The furniture words in the class and id of ``el``.  An id of many
    words is the anchor of a heading ("how-popular-is-meditation"): it
    names the subject of a section, not what the element is."""
    return _furniture_words(el.get("class") or "", el.get("id") or "")


@lru_cache(maxsize=4096)  # pages use a few class names on many elements
def _furniture_words(class_: str, id_: str) -> frozenset[str]:
    found = set()
    anchor = len(_WORD_SPLIT.split(id_)) >= ANCHOR_WORDS
    for token in f"{class_} {'' if anchor else id_}".split():
        if _STATE.search(token) or UTILITY_CLASS.search(token):
            continue
        # BEM: in "block__element--modifier" the element part says what it is
        token = token.rpartition("__")[2].partition("--")[0]
        for word in _WORD_SPLIT.split(token):
            if word.lower() in FURNITURE_WORDS:
                found.add(word.lower())
    return frozenset(found)


def _is_hidden(el) -> bool:
    """Hidden by attribute or inline style (menus, modals, duplicates), or
    shown to screen readers only."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style, class_ = el.get("style"), el.get("class")
    return bool((style and _HIDDEN_STYLE.search(style)) or (class_ and _SCREEN_READER_ONLY.search(class_)))


@dataclass
class Block:
    """One paragraph of text found in the tree, with the path of elements
    from the walk's root down to the block element that holds it."""

    text: str
    link_chars: int
    path: tuple = field(repr=False)
    hrefs: frozenset = frozenset()  # targets of the links in the text

    @property
    def el(self):
        return self.path[-1]

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text)

    @property
    def is_prose(self) -> bool:
        return len(self.text) >= MIN_PROSE and self.link_density <= MAX_LINK_DENSITY

    @property
    def links_in_page(self) -> bool:
        """Whether its links only lead to places in the page (a subheading
        linked to itself, a table of contents)."""
        return bool(self.hrefs) and all(href.startswith("#") for href in self.hrefs)

    @property
    def is_linked_title(self) -> bool:
        """A title linked to another page: a link of its own, or a
        subheading with a link."""
        return ((self.link_density > MAX_LINK_DENSITY or (self.el.tag in HEADING_TAGS and self.link_chars > 0))
                and not self.links_in_page)


class _Walker:
    """Collects the text blocks under a root in document order, skipping
    elements that never hold article text, and hidden ones unless told to
    read them."""

    def __init__(self, read_hidden: bool = False):
        self.read_hidden = read_hidden
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._hrefs: set[str] = set()
        self._path: list = []
        self._block_depth: list[int] = []
        self._links: list[str | None] = [None]  # the target of the link each open element is in

    def _flush(self) -> None:
        if not self._parts:
            return
        text = clean_text("".join(self._parts))
        if text:
            path = tuple(self._path[:self._block_depth[-1]])
            self.blocks.append(Block(text, min(self._link_chars, len(text)), path, frozenset(self._hrefs)))
        self._parts, self._link_chars = [], 0
        self._hrefs.clear()

    def _add(self, text: str | None) -> None:
        if text:
            self._parts.append(text)
            href = self._links[-1]
            if href is not None and not text.isspace():
                self._link_chars += len(text.strip())
                self._hrefs.add(href)

    def _skips(self, el) -> bool:
        tag = el.tag
        if not isinstance(tag, str) or (not self.read_hidden and _is_hidden(el)):
            return True
        if tag in SKIP_TAGS:
            return not ((tag in PHRASING_ONLY_TAGS and _HOLDS_PARAGRAPHS(el))
                        or (tag == "figure" and _HOLDS_TABLE(el)))
        # a date standing on its own, not a date in a sentence
        return tag == "time" and bool(self._path) and self._path[-1].tag in CONTAINER_TAGS

    def _open(self, el) -> None:
        tag = el.tag
        self._path.append(el)
        if tag in BLOCK_TAGS or not self._block_depth:
            self._flush()
            self._block_depth.append(len(self._path))
        elif tag in CELL_TAGS:
            self._parts.append(" ")
        self._links.append(el.get("href", "") if tag == "a" else self._links[-1])
        self._add(el.text)

    def _close(self, el) -> None:
        self._links.pop()
        if self._block_depth[-1] == len(self._path):
            self._flush()
            self._block_depth.pop()
        self._path.pop()

    def walk(self, root) -> None:
        events = etree.iterwalk(root, events=("start", "end"))
        skipped = None
        for event, el in events:
            if event == "start":
                if self._skips(el):
                    events.skip_subtree()
                    skipped = el
                else:
                    self._open(el)
                continue
            if el is skipped:
                skipped = None
            else:
                self._close(el)
            if el is not root:
                self._add(el.tail)


def text_blocks(root, read_hidden: bool = False) -> list[Block]:
    """The blocks of text under ``root`` in document order."""
    walker = _Walker(read_hidden)
    walker.walk(root)
    return walker.blocks


def _prose_score(block: Block) -> float:
    """Readability's paragraph score: longer text with commas is prose.
    List items count less: lists of teasers look like prose too."""
    score = 1 + len(_COMMAS.findall(block.text)) + min(len(block.text) / 100, 3)
    return score * LIST_ITEM_WEIGHT if block.el.tag in LIST_ITEM_TAGS else score


def _add(figures: dict, key: Hashable, value: float) -> None:
    figures[key] = figures.get(key, 0) + value


class _Page:
    """The text blocks of a page and figures per element (keyed by ``id``),
    to judge furniture and find the content root."""

    def __init__(self, body, site: str, read_hidden: bool = False):
        self.body = body
        self.blocks = text_blocks(body, read_hidden)
        prose: dict[int, int] = defaultdict(int)
        kinds: dict[tuple, int] = defaultdict(int)
        for block in self.blocks:
            if block.is_prose:
                for el in block.path:
                    prose[id(el)] += len(block.text)
                for kind in {(el.tag, el.get("class")) for el in block.path if el.get("class")}:
                    kinds[kind] += len(block.text)
        self.total_prose = prose.get(id(body), 0)
        self._page_prose = prose
        self._kind_prose = kinds
        self._furniture: dict[int, bool] = {}
        self._main = next(iter(_MAIN(body)), None)
        self.after_title = {id(b) for before, b in zip(self.blocks, self.blocks[1:])
                            if self._is_teaser(before, b, site)}
        self._unname_main_box()
        self._furniture_above: dict[int, bool] = {}
        self.content = [b for b in self.blocks if not self._in_furniture(b.path)]
        # figures per element: read with .get (a default dict only to add fast)
        self.text: dict[int, int] = defaultdict(int)
        self.links: dict[int, int] = defaultdict(int)
        self.prose: dict[int, int] = defaultdict(int)
        self.score: dict[int, float] = defaultdict(float)
        self.prose_blocks: dict[int, int] = defaultdict(int)
        self.link_blocks: dict[int, int] = defaultdict(int)
        self.teasers: dict[int, int] = defaultdict(int)  # prose blocks right after a linked title
        self.quotes: dict[int, int] = defaultdict(int)  # prose in quotes
        self.elements: dict[int, object] = {}
        for block in self.content:
            self._count(block, id(block) in self.after_title)

    def _unname_main_box(self) -> None:
        """A box named as furniture that holds more prose than the page
        outside furniture, and not teasers, holds the page's text: it is
        not furniture ("rich-text-newsletter", the body of a newsletter
        issue), unless it is beside the page's ``<main>``."""
        boxes: dict[int, list] = {}  # the outermost furniture box of each paragraph
        for block in self.blocks:
            if block.is_prose:
                box = next((el for el in block.path if self.is_furniture(el)), None)
                figures = boxes.setdefault(id(box), [box, 0, 0, 0])
                figures[1] += len(block.text)
                figures[2] += 1
                figures[3] += id(block) in self.after_title
        outside = boxes.pop(id(None), [None, 0])[1]
        if not boxes:
            return
        box, prose, paragraphs, teasers = max(boxes.values(), key=lambda figures: figures[1])
        if (prose > outside and teasers < TEASER_SHARE * paragraphs
                and not furniture_words(box) & ALWAYS_FURNITURE and not self._beside_main(box)):
            self._furniture[id(box)] = False

    def _is_teaser(self, title: Block, text: Block, site: str) -> bool:
        """Whether ``text`` is the text of a teaser whose title is ``title``,
        the block before it: a title linked to the site, a heading or one in
        a box of its own with the text (a teaser card), not the last link
        of a menu or a byline before the first paragraph of an article."""
        if not title.is_linked_title or _links_out(title, site):
            return False
        if title.el.tag in HEADING_TAGS:
            return True
        common = [a for a, b in zip(title.path, text.path) if a is b]
        return bool(common) and self._page_prose.get(id(common[-1]), 0) <= CARD_PROSE * len(text.text)

    def _count(self, block: Block, after_title: bool) -> None:
        size, prose = len(block.text), block.is_prose
        links = block.link_density > MAX_LINK_DENSITY
        quoted = prose and any(el.tag in QUOTE_TAGS for el in block.path)
        for el in block.path:
            key = id(el)
            self.text[key] += size
            self.links[key] += block.link_chars
            if prose:
                self.prose[key] += size
                self.prose_blocks[key] += 1
                if after_title:
                    self.teasers[key] += 1
                if quoted:
                    self.quotes[key] += size
            elif links:
                self.link_blocks[key] += 1
        if not prose or block.el.tag == "tr":  # a row of data, with commas in its numbers, is no prose
            return
        # a paragraph scores for its container, a container with text of its own for itself
        path = block.path if block.el.tag in CONTAINER_TAGS else block.path[:-1]
        score = _prose_score(block)
        for level, el in enumerate(reversed(path[-4:])):
            self.score[id(el)] += score / (1 if level == 0 else 2 * level)
            self.elements[id(el)] = el

    def _in_furniture(self, path: tuple) -> bool:
        """Whether an element of ``path`` (from the walk's root down) is
        furniture: known for each element once found, as blocks share most
        of their paths."""
        key = id(path[-1])
        inside = self._furniture_above.get(key)
        if inside is None:
            inside = self._furniture_above[key] = self.is_furniture(path[-1]) or (
                len(path) > 1 and self._in_furniture(path[:-1]))
        return inside

    def is_furniture(self, el) -> bool:
        key = id(el)
        if key not in self._furniture:
            self._furniture[key] = self._judge_furniture(el)
        return self._furniture[key]

    def _judge_furniture(self, el) -> bool:
        if el.tag in NEVER_FURNITURE_TAGS:
            return False
        words = furniture_words(el)
        named = (words or el.tag in FURNITURE_TAGS or (el.get("role") or "").lower() in FURNITURE_ROLES
                 or el.get("itemprop") in METADATA_ITEMPROPS)
        if not named:
            return False
        if words & ALWAYS_FURNITURE or self._beside_main(el):
            return True
        # the boxes of one kind (tag and class) an article is split into wrap it together
        wrapped = max(self._page_prose.get(id(el), 0), self._kind_prose.get((el.tag, el.get("class")), 0))
        return wrapped < WRAPPER_SHARE * self.total_prose

    def _beside_main(self, el) -> bool:
        """Whether ``el`` is outside the page's ``<main>`` (or ``role=main``)
        element, and so cannot wrap the article."""
        main = self._main
        return (main is not None and el is not main
                and main not in el.iterancestors() and el not in main.iterancestors())

    def link_density(self, el) -> float:
        return self.links.get(id(el), 0) / max(self.text.get(id(el), 0), 1)

    def final_score(self, el) -> float:
        """Readability's score of an element, less its share of link text."""
        return self.score.get(id(el), 0) * (1 - self.link_density(el))

    def best_root(self):
        """The element with the best readability score."""
        if not self.score:
            return self.body
        return self.elements[max(self.score, key=lambda k: self.final_score(self.elements[k]))]

    def widened(self, root):
        """The root, or the ancestor that holds the rest of the article
        around it.  An ancestor scoring nearly as well as the root holds
        it, unless what it adds is teasers (a linked title before every
        other paragraph).  While the root holds less than two thirds of the
        page's prose, any ancestor holds it whose additions are mostly
        prose, with few links, and not teasers (page builders put each text
        block in wrappers of its own, several levels deep); wrappers that
        add nothing, or mostly quotes (testimonials), are passed through."""
        near = NEAR_BEST * self.final_score(root)
        least = SURE_SHARE * self.prose.get(id(self.body), 0)
        best = node = root
        while node is not self.body and (node := node.getparent()) is not None:
            added = {name: figures.get(id(node), 0) - figures.get(id(best), 0) for name, figures in (
                ("prose", self.prose), ("text", self.text), ("links", self.links),
                ("paragraphs", self.prose_blocks), ("teasers", self.teasers), ("quotes", self.quotes))}
            if added["text"] < MIN_SIBLING_PROSE or added["quotes"] >= QUOTED_ADDITIONS * added["prose"] > 0:
                continue  # adds nothing, or quotes (testimonials, a pull quote)
            unsure = self.prose.get(id(best), 0) < least
            teasers = added["teasers"] >= TEASER_SHARE * added["paragraphs"]
            prose = (added["prose"] >= MIN_SIBLING_PROSE and added["prose"] >= PROSE_SHARE * added["text"]
                     and added["links"] <= SIBLING_LINK_DENSITY * added["text"])
            if not teasers and ((unsure and prose) or self.final_score(node) >= near):
                best = node
            elif unsure:
                break
        return best

    def is_article_part(self, el, root) -> bool:
        """A sibling of the content root that continues the article: mostly
        prose, few links (readability's sibling test), and not a list of
        teasers (a linked title for each paragraph).  A paragraph, or a box
        of the root's own kind (tag and class), needs less text than
        another box, and no box needs more than ``LONG_SIBLING``: a fifth
        of a long article is a long text in itself (its FAQ, a section)."""
        key = id(el)
        prose = self.prose.get(key, 0)
        twin = el.tag == root.tag and el.get("class") is not None and el.get("class") == root.get("class")
        least = (MIN_SIBLING_PROSE if el.tag == "p" or twin
                 else min(max(SIBLING_SHARE * self.prose.get(id(root), 0), MIN_SIBLING_PROSE), LONG_SIBLING))
        return (prose >= least
                and prose >= PROSE_SHARE * self.text.get(key, 1)
                and self.link_density(el) <= SIBLING_LINK_DENSITY
                and not self.is_teaser_list(el))

    def without_teasers(self, blocks: list[Block], parts: set[int], site: str) -> list[Block]:
        """The blocks of the article parts less the lists of teasers inside
        them ("More from…": a title linked to the site for every paragraph).
        The smallest lists are found first, and their titles and paragraphs
        no longer count for the boxes around them: a box of the article that
        also holds a list of teasers is not a list itself.  A teaser's text is
        a summary: items with longer texts are the article's (a list of
        products or places, each linked)."""
        titles: dict[int, int] = {}
        prose: dict[int, int] = {}
        chars: dict[int, int] = {}
        parent: dict[int, int | None] = {}
        depth: dict[int, int] = {}
        below: list[tuple] = []
        for block in blocks:
            start = next(i for i, el in enumerate(block.path) if id(el) in parts) + 1
            path = block.path[start:]
            below.append(path)
            is_title = block.is_linked_title and not _links_out(block, site)
            for level, el in enumerate(path):
                key = id(el)
                parent[key], depth[key] = (id(path[level - 1]) if level else None), level
                if is_title:
                    _add(titles, key, 1)
                if block.is_prose:
                    _add(prose, key, 1)
                    _add(chars, key, len(block.text))
        teasers = set()
        for key in sorted(titles, key=depth.__getitem__, reverse=True):
            count, paragraphs = titles[key], prose.get(key, 0)
            if (count < MIN_TEASERS or count < TEASER_LINKS * paragraphs
                    or chars.get(key, 0) > MAX_SUMMARY * paragraphs):
                continue
            teasers.add(key)
            up = parent[key]
            while up is not None:
                titles[up] -= count
                prose[up] = prose.get(up, 0) - paragraphs
                up = parent[up]
        return [b for b, path in zip(blocks, below) if not any(id(el) in teasers for el in path)]

    def is_teaser_list(self, el) -> bool:
        """Links to other articles: a linked title (or an ``<article>``) for
        every other paragraph."""
        titles = self.link_blocks.get(id(el), 0) + sum(
            1 for title in _LINKED_TITLES(el)
            if not any(map(self.is_furniture, title.iterancestors())))
        return titles >= TEASER_LINKS * self.prose_blocks.get(id(el), 0)

    def article_parts(self, root) -> list:
        """The root and the siblings of it and of its nearest ancestors that
        continue the article (an article split by ads or layout boxes).
        Beyond the root's parent, a sibling must also hold a twin of the
        root (same tag and class): the article goes on in a repeated box."""
        parts, node = [root], root
        root_class = root.get("class")
        for level in range(SIBLING_LEVELS):
            parent = node.getparent()
            if parent is None or node is self.body:
                break
            if level >= 2 and not root_class:
                break
            parts += [sib for sib in parent if sib is not node
                      and (level < 2 or _has_twin(sib, root.tag, root_class))
                      and self.is_article_part(sib, root)]
            node = parent
        return parts


def _has_twin(el, tag: str, class_: str) -> bool:
    """Whether ``el`` holds an element of the same tag and class as the root."""
    return any(d.get("class") == class_ for d in el.iter(tag))


class Analysis(NamedTuple):
    """What the body step finds in a page."""

    root: object  # the element that holds the article
    blocks: list[Block]  # its text, before the final filtering of ``_article_blocks``
    teaser_share: float  # the share of its paragraphs that follow a title linked to the site
    prose_share: float  # the share of the page's prose (furniture included) its text holds
    quote_share: float  # the share of its prose in quotes
    teasers: frozenset[str]  # the texts of the page's teasers
    teaser_paragraphs: int  # how many of the page's paragraphs follow a title linked to the site

    @property
    def unsure(self) -> bool:
        """Whether the text found may not be the article: it holds a small
        share of the page's prose, or is mostly quotes (a pull quote)."""
        return self.prose_share < UNSURE_SHARE or self.quote_share >= QUOTES_SHARE


def content_root(ev: Evidence):
    """The element that holds the article text (its best-scoring container).

    Computed once per page and cached in ``ev.__dict__["_body"]``, for the
    steps that need to know what is inside the article (images, say)."""
    return analysis(ev).root


def analysis(ev: Evidence) -> Analysis:
    """The content root and the blocks of the article, computed once per page."""
    cached = ev.__dict__.get("_body")
    if cached is None:
        body = ev.tree.find("body")
        body, site = body if body is not None else ev.tree, _site(ev.url)
        page = _Page(body, site)
        if page.total_prose < MIN_SHOWN_PROSE or _HIDDEN_PARAGRAPHS(body):
            with_hidden = _Page(body, site, read_hidden=True)
            if with_hidden.total_prose >= HIDDEN_TEXT * page.total_prose:
                page = with_hidden
        root = page.widened(page.best_root())
        parts = {id(el) for el in page.article_parts(root)}
        blocks = [b for b in page.content if any(id(el) in parts for el in b.path)]
        blocks = _without_repeated_boxes(page.without_teasers(blocks, parts, site), parts)
        paragraphs = [b for b in blocks if b.is_prose]
        teasers = sum(1 for b in paragraphs if id(b) in page.after_title)
        prose = sum(len(b.text) for b in paragraphs)
        quotes = sum(len(b.text) for b in paragraphs if any(el.tag in QUOTE_TAGS for el in b.path))
        cached = ev.__dict__["_body"] = Analysis(
            root, blocks, teasers / max(len(paragraphs), 1), prose / max(page.total_prose, 1),
            quotes / max(prose, 1), frozenset(b.text for b in page.blocks if id(b) in page.after_title),
            sum(1 for b in page.blocks if b.is_prose and id(b) in page.after_title))
    return cached


def _without_repeated_boxes(blocks: list[Block], parts: set[int]) -> list[Block]:
    """The blocks of the article ``parts`` less the boxes inside them that
    repeat an earlier box's text, block for block (the same text rendered
    once for each size of screen, all but one hidden by the style sheet).
    A box counts with two blocks and a paragraph's worth of prose."""
    texts: dict[int, list[str]] = defaultdict(list)
    ancestors: dict[int, tuple[int, ...]] = {}
    for block in blocks:
        start = next(i for i, el in enumerate(block.path) if id(el) in parts)  # the wrappers above hold it all
        for level, el in enumerate(block.path[start:], start):
            key = id(el)
            texts[key].append(block.text)
            if key not in ancestors:
                ancestors[key] = tuple(map(id, block.path[:level]))
    first: dict[tuple[str, ...], int] = {}
    repeated = set()
    for key, box in texts.items():  # in document order
        if len(box) < 2 or sum(map(len, box)) < MIN_SIBLING_PROSE:
            continue
        seen = first.setdefault(tuple(box), key)
        if seen != key and seen not in ancestors[key] and key not in ancestors[seen]:
            repeated.add(key)
    if not repeated:
        return blocks
    return [b for b in blocks if not any(id(el) in repeated for el in b.path)]


@lru_cache(maxsize=4096)  # a page links to a few sites many times
def _site(url: str) -> str:
    """The name of the site of ``url``: the label of its host before the
    public suffix ("example" for www.example.co.uk and example.com); "" for a relative
    link."""
    try:
        labels = (urlsplit(url).hostname or "").split(".")
    except ValueError:  # a malformed link
        return ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def _links_out(block: Block, site: str) -> bool:
    """Whether the links of a block lead to other sites (sources, shops),
    not to the site's other articles."""
    hosts = {_site(href) for href in block.hrefs}
    return bool(hosts) and site not in hosts and "" not in hosts


def _is_text(block: Block, site: str) -> bool:
    """Not a link of a list: few links, or a subheading linked to a place in
    the page or to another site (a museum, a shop)."""
    return block.link_density <= MAX_LINK_DENSITY or (
        block.el.tag in HEADING_TAGS and (block.links_in_page or _links_out(block, site)))


def _is_label(text: str) -> bool:
    """A line that labels page furniture: "Advertisement", "Read more"."""
    return len(text) <= MAX_LABEL and text.casefold().strip(_LABEL_PUNCTUATION) in FURNITURE_LABELS


def _before_comments(blocks: list[Block]) -> list[Block]:
    """The blocks less a box of readers' comments: a heading "Comments" and
    what follows it in its container."""
    for i, block in enumerate(blocks):
        if block.el.tag in HEADING_TAGS and block.text.casefold().strip(_COUNT_PUNCTUATION) in COMMENT_LABELS:
            box = block.path[-2]
            return blocks[:i] + [b for b in blocks[i + 1:] if box not in b.path]
    return blocks


def _lead(blocks: list[Block], prose: list[int]) -> int:
    """The index of the first paragraph: the first long prose block after
    a few lines at most (kicker, byline, date); 0 in a text of short lines."""
    first = next((i for i in prose if text_width(blocks[i].text) >= MIN_LEAD), 0)
    if sum(b.el.tag not in HEADING_TAGS for b in blocks[:first]) > MAX_LEAD_LINES:
        return 0
    return first


def _article_blocks(blocks: list[Block], site: str) -> list[Block]:
    """The blocks of the body: link lists and labels dropped, and the
    short lines above the first paragraph (kicker, byline, date) but for
    subheadings and a dateline; a paragraph made of a link to another site
    is kept between two paragraphs of prose."""
    blocks = _before_comments(blocks)
    prose = [i for i, b in enumerate(blocks) if b.is_prose]
    if not prose:
        return [b for b in blocks if b.link_density <= MAX_LINK_DENSITY]
    first, last = _lead(blocks, prose), prose[-1]
    lead = blocks[first].text
    kept = [b for i, b in enumerate(blocks)
            if (_is_text(b, site) and not _is_label(b.text)
                and (i >= first or b.el.tag in HEADING_TAGS or _is_dateline_apart(b.text, lead)))
            or (b.el.tag in ("p", "li") and first < i < last and _links_out(b, site))]
    while kept and kept[-1].el.tag in HEADING_TAGS:  # the title of a box that was dropped
        kept.pop()
    return kept


def _paragraphs(blocks: list[Block]) -> list[str]:
    """The texts of the blocks; a dateline printed apart ("<span>OSLO
    –</span><p>The city council…") is joined to the paragraph it opens, so that
    the dateline step finds it."""
    texts = [b.text for b in blocks]
    if len(texts) > 1 and _is_dateline_apart(texts[0], texts[1]):
        texts[:2] = [f"{texts[0]} {texts[1]}"]
    return texts


def _is_dateline_apart(line: str, paragraph: str) -> bool:
    """Whether ``line`` is the dateline of ``paragraph`` printed apart."""
    return (len(line) <= MAX_DATELINE and line.endswith(_DASHES)
            and find_dateline(f"{line} {paragraph}") is not None)


def _structured_body(ev: Evidence) -> str:
    """The JSON-LD ``articleBody``, when it is long enough to be the text
    rather than a teaser."""
    text = ev.article_data.get("articleBody")
    text = clean_block(text) if isinstance(text, str) else ""
    return text if len(text) >= MIN_STRUCTURED_BODY else ""


def _is_byline_or_date(block: Block, authors: set[str], first_words: set[str]) -> bool:
    """A short line that is only the article's own byline (its author
    names) or only its date (a ``<time>``).  A line that holds none of the
    authors' first names (``first_words``) is read no further."""
    if text_width(block.text) > MAX_BYLINE_LINE:
        return False
    if block.el.tag == "time" or block.el.find(".//time") is not None:
        return True
    folded = block.text.casefold()
    if not any(word in folded for word in first_words):
        return False
    names = {n.casefold() for n in split_byline(block.text)}
    return bool(names) and names <= authors


def _without_byline_and_date(blocks: list[Block], article: Article) -> list[Block]:
    """The blocks without the byline and date lines printed in the text, and
    without the standfirst (the page's description) printed just above them."""
    authors = {a.casefold() for a in article.authors}
    first_words = {a.split()[0] for a in authors if a.split()}
    apart = [_is_byline_or_date(b, authors, first_words) for b in blocks]
    description = clean_text(article.description).casefold()
    return [b for i, b in enumerate(blocks)
            if not apart[i] and not (description and i + 1 < len(blocks) and apart[i + 1]
                                     and b.text.casefold() == description)]


def extends(other: str, text: str, teasers: frozenset[str]) -> bool:
    """Whether ``other`` holds most of ``text`` (or ``text`` is empty), is
    much longer, and what it adds is article text: mostly paragraphs, as a
    box must be to join the article (``is_article_part``), not the texts
    of the page's ``teasers``, and not the same words again and again (a
    notice repeated for every country of a shop)."""
    theirs, ours = shingles(other), shingles(text)
    if not theirs or len(theirs & ours) < HELD_SHARE * len(ours) or len(theirs) < LONGER * len(ours):
        return False
    added = [(p, shingles(p)) for p in other.split("\n\n")]
    added = [(p, runs) for p, runs in added if len(runs - ours) > len(runs) / 2]
    paragraphs = sum(len(p) for p, _ in added if len(p) >= MIN_SIBLING_PROSE and p not in teasers)
    distinct = len(set().union(*(runs for _, runs in added)))
    return (paragraphs >= PROSE_SHARE * sum(len(p) for p, _ in added)
            and distinct >= DISTINCT_SHARE * sum(len(runs) for _, runs in added))


def _disagrees(structured: str, body: str) -> bool:
    """Whether the page's text holds less than half of the JSON-LD
    ``articleBody`` (when there is one)."""
    runs = shingles(structured)
    return bool(runs) and len(runs & shingles(body)) < len(runs) / 2


def fill_body(article: Article, ev: Evidence) -> None:
    """The body from the page; from the JSON-LD ``articleBody`` when the page
    shows much less of it (text rendered by scripts).  When unsure of the
    text it found (``Analysis.unsure``, or it holds less than half of the
    ``articleBody``), the step asks for a second opinion, and takes it, or
    else the ``articleBody``, when it holds that text and much more article
    text: the text found was a part of the article."""
    found = analysis(ev)
    blocks = _without_byline_and_date(_article_blocks(found.blocks, _site(ev.url)), article)
    body = "\n\n".join(_paragraphs(blocks))
    structured = _structured_body(ev)
    if len(body) < STRUCTURED_SHARE * len(structured):
        article.body, article.sources["body"] = structured, "json-ld"
        return
    if found.unsure or _disagrees(structured, body):
        other = second_opinion(ev)
        if extends(other, body, found.teasers):
            body = other
        elif extends(structured, body, found.teasers):
            article.body, article.sources["body"] = structured, "json-ld"
            return
    if body:
        article.body, article.sources["body"] = body, "page"
