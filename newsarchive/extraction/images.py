"""Images of the article with caption, credit and alt text.

The pictures come from the article area of the page (``<figure>``,
``<picture>`` and ``<img>`` with the caption printed beside them), the lead
picture from the structured data (JSON-LD ``image``, ``og:image``,
``twitter:image``).  Each picture is given as the absolute URL of its
largest rendition; renditions of one picture (sizes, crops, formats,
lazy-loading copies) count once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations
from os.path import commonprefix
from urllib.parse import unquote

from lxml import etree

from ..items import Article, Evidence, Image
from .credits import attribute_credit, clean_credit, is_labelled_credit, looks_like_credit, split_credit
from .body import content_root
from .evidence import first_meta, ld_text, resolve_ld
from .text import clean_text
from .urls import absolute_url, http_url_error

#: Attributes that may hold the picture: ``src``, ``srcset`` and the ``data-*``
#: attributes of lazy loaders (``data-src``, ``data-lazy-srcset``, ``data-original``...).
_URL_ATTR = re.compile(r"^(?:src|srcset|data-[\w-]*(?:src|srcset|original|lazyload|lazy|full|large|zoom))$")
#: Page furniture: an image inside an element whose class name or id begins
#: or ends with one of these words ("related-posts", "article__sidebar") is
#: not the article's; one that merely contains it ("has-sidebar-left") may be.
_FURNITURE_WORDS = frozenset((
    "related teaser teasers ads ad adv share sharing social newsletter authors author avatar byline logo icon "
    "icons sidebar comments comment outbrain taboola breadcrumb breadcrumbs nav navigation menu footer banner "
    "subscribe signup more-articles read-more popular trending profile bio autor paywall-banner"
).split())
_FURNITURE_PREFIXES = ("recommend", "promo", "advert", "sponsor")
_NAME_PARTS = re.compile(r"[-_]+")
_LEAD_PICTURE_NAME = re.compile(r"teaser[-_]*(?:image|img|media|picture|photo|foto|bild)")
_WIDGET_TAGS = {"ul", "ol", "nav", "form", "button", "select", "input"}
_FURNITURE_TAGS = {"nav", "footer", "aside", "form"}
_MEDIA_CLASS = re.compile(r"image|photo|figure|media|picture|foto|bild", re.I)
#: Logos, icons, avatars, author photos, tracking pixels, ads, theme assets and
#: a site's default share picture, by URL.
#: URLs of pictures that are no photos.  The words stand alone in the URL
#: ("site-logo.png", "icons/x.png"), not inside others ("semiconductor", "iconic").
_NOT_A_PHOTO = re.compile(
    r"(?<![a-z])(?:logo|icon|avatar|sprite|pixel|spacer|blank|placeholder|transparent|badge|emoji|loader|"
    r"loading|banner|footer|overlay|fallback)s?(?![a-z])|"
    r"lazy[-_]?load|1x1|/ad[sx]?/|adserver|/delivery/|doubleclick|gravatar|/authors?/|/profiles?/|profile[-_]|"
    r"/themes?/|[/_-]default[-_.]|\.svg(?:$|\?)",
    re.I,
)
_DECORATION_CLASS = re.compile(r"logo|icon|avatar|sprite|emoji|badge|author|profile", re.I)
_CAPTION_CLASS = re.compile(
    r"caption|legend|bildunterschrift|unterzeile|subtitle|description|(?:^|[\s_-])desc(?:$|[\s_-])|"
    r"(?:image|img|photo|media|picture|foto|bild)[-_]{0,2}(?:info|lead|text|title)",
    re.I,
)
#: Headings, bylines and dates: a block holding them is more than a picture with its caption.
_NOT_CAPTION = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::time or self::address]"
                           "[not(ancestor::figcaption)]")
_IMGS = etree.XPath(".//img[not(ancestor::noscript)]")
_LINK_TEXT = etree.XPath(".//text()[not(ancestor::figcaption)]")
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|(?:^|[\s_-])source|quelle|author|rights|"
                           r"fotograf|autor|attribution|courtesy|byline", re.I)
#: schema.org properties of an ImageObject naming its credit, the one to print first.
_CREDIT_PROPS = ("creditText", "copyrightHolder", "author", "copyrightNotice")
#: Elements that hold the credit inside a ``<figure>`` ("<footer>Photo agency</footer>").
_CREDIT_TAGS = ("footer", "cite")
#: Elements that may hold a labelled credit beside the caption.
_CREDIT_BLOCKS = ("figcaption", "p", "div", "span", "small")
#: ``data-*`` attributes of a picture or its block holding its credit
#: ("data-credit", "data-portal-copyright").  A ``data-caption`` is left
#: alone: galleries keep there a media library's caption the page may not print.
_CREDIT_ATTR = re.compile(r"^data-(?:[\w-]*[-_])?(?:photo-?)?(?:credit|copyright|photographer)s?$")
#: Attribute values that are no text: flags, numbers, class names, URLs.
_NOT_TEXT = re.compile(r"true|false|[\W\d_]*|[a-z\d]+(?:[-_][a-z\d]+)+|\S*://\S*|/\S*")
#: A ``<small>`` after the caption is its credit when it is this short (a name or two, an agency).
_SMALL_CREDIT_WORDS = 6
_BRACKETED = re.compile(r"[(\[][^()\[\]]{2,80}[)\]]")
_SRCSET_CANDIDATE = re.compile(r"\s*(?P<url>[^\s,][^\s]*?)(?:,+(?=\s|$)|\s+(?P<desc>[^,]*)(?:,|$)|$)")
_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)([wx])")
_DIGITS = re.compile(r"^\s*(\d{1,5})(?:px)?\s*$")
#: Parts of a file name that identify a picture across its renditions.
_ID_TOKEN = re.compile(r"[0-9a-z]*\d[0-9a-z]*", re.I)
#: ``SeenPictures`` indexes file names of at most this many id tokens (a
#: set of them has 2**n subsets); real ones have one to three.
_INDEXED_TOKENS = 8
_SIZE_TOKEN = re.compile(r"^(?:[whxyq]?\d{1,4}|\d{1,4}x\d{1,4}|[a-z]\d{1,4}x\d{1,4}|(?:19|20)\d{4}(?:\d\d)?)$", re.I)
#: Size suffix of a rendition's file name ("photo-1024x683.jpg", "photo-scaled.jpg").
_SIZE_SUFFIX = re.compile(r"-(?:\d{2,4}x\d{2,4}|scaled)(?=\.\w{3,4}$)", re.I)
#: A folder named by a picture id: a long run of digits, or of letters and
#: digits, that is no date ("20230606k0000m030221000p", "1738253380").
_ID_FOLDER = re.compile(r"(?!(?:19|20)\d{2}[01]\d[0-3]\d$)(?=[a-z]*\d)[0-9a-z]{8,}", re.I)
#: The shortest stem two renditions' file names share.
_MIN_STEM = 8
#: A file name, as a CMS puts it in an alt attribute no one wrote.
_FILE_NAME = re.compile(r"[\w.-]+\.(?:jpe?g|png|webp|gif|avif|tiff?|bmp|heic)", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)$", re.I)
_AUTHOR_LINK = re.compile(r"/(?:authors?|autor(?:en)?|autore|auteur|profiles?|people|staff)/", re.I)
_TEASER_TEXT = 25
_MIN_SIDE = 100
_MAX_CAPTION = 1000
_FIGURE_DEPTH = 6
_CARD_DEPTH = 6
_CONTAINER_DEPTH = 4
_SIBLING_LEVELS = 3
_CONTAINER_TEXT = 400
_BODY_TEXT = 800
#: Picture elements: ``<img>``, ``<amp-img>`` and custom elements such as ``<x-image src>``.
_PICTURES = etree.XPath("descendant::*[self::img or self::amp-img or ((contains(name(), '-image') or "
                        "contains(name(), '-img')) and (@src or @srcset))]")
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::button or ancestor::noscript)]")
#: The same inside a ``<button>`` (a picture that opens a viewer), whose own text is not to be dropped.
_TEXT_IN_BUTTON = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _class_of(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _visible_length(el) -> int:
    return sum(len(part) for part in el.text_content().split())


def text_of(el, skip=None) -> str:
    """Visible text of ``el`` with its parts kept apart (``<br>``, spans),
    without scripts and buttons, and without the text of its descendant ``skip``."""
    parts = []
    texts = _VISIBLE_TEXT if next(el.iterancestors("button"), None) is None else _TEXT_IN_BUTTON
    for text in texts(el):
        owner = text.getparent()
        if skip is not None and owner is not None:
            inside = owner is not skip if text.is_tail else True
            if inside and (owner is skip or any(a is skip for a in owner.iterancestors())):
                continue
        parts.append(text)
    return clean_text(" ".join(parts))


def article_area(ev: Evidence):
    """The element holding the article's pictures: the nearest ``<article>``
    (or ``main``, ``[itemprop=articleBody]``) around the body's content
    root, else the smallest block holding both that root and the headline."""
    best = content_root(ev)
    tree = ev.tree
    if best is None:
        body = tree.find("body")
        return body if body is not None else tree
    for node in (best, *best.iterancestors()):
        if node.tag == "article" or node.get("itemprop") == "articleBody" or node.tag == "main":
            if not is_furniture_name(node):
                return _widen(node)
    return _with_headline(best, tree)


def _with_headline(block, tree):
    """The smallest element holding both the text ``block`` and the page's
    ``<h1>`` (the lead picture sits between them), when that is not the
    whole page; else the block's parent."""
    h1 = next(tree.iter("h1"), None)
    if h1 is not None:
        above_h1 = set(h1.iterancestors())
        common = next((node for node in (block, *block.iterancestors()) if node in above_h1), None)
        if common is not None and common.tag not in ("body", "html"):
            return common
    parent = block.getparent()
    return parent if parent is not None and parent.tag not in ("body", "html") else block


def _widen(node):
    """An ``articleBody`` element within an ``<article>`` widens to the
    article, which also holds the lead picture."""
    if node.tag == "article":
        return node
    outer = next(node.iterancestors("article"), None)
    return outer if outer is not None and not is_furniture_name(outer) else node


def is_furniture_name(el) -> bool:
    """Whether a class name or the id of ``el`` names page furniture; a
    "teaser-image" is the article's own lead picture."""
    names = (el.get("class") or "").split()
    if el.get("id"):
        names.append(el.get("id"))
    return any(_furniture_name(name.lower()) for name in names)


@lru_cache(maxsize=4096)  # pages use a few class names on many elements
def _furniture_name(name: str) -> bool:
    """Whether one class name names furniture by its first or last words;
    a BEM modifier ("c-placeholder--has-profile") names a variant of its
    block, not what the block is, and is left out."""
    parts = [p for p in _NAME_PARTS.split(name.split("--", 1)[0]) if p]
    if not parts or _LEAD_PICTURE_NAME.search(name):
        return False
    ends = (parts[0], parts[-1], "-".join(parts[:2]), "-".join(parts[-2:]))
    return any(end in _FURNITURE_WORDS or end.startswith(_FURNITURE_PREFIXES) for end in ends)


def holds_body_text(el) -> bool:
    """Whether ``el`` holds paragraphs of the article (a body block whose
    class name says "teaser" or "paywall" is not furniture)."""
    return sum(len(p.text_content()) for p in el.iter("p")) >= _BODY_TEXT


def in_furniture(el, root) -> bool:
    """Whether ``el`` sits in navigation, teasers, ads or author boxes below ``root``."""
    for node in (el, *el.iterancestors()):
        if node is root:
            return False
        if node.tag in _FURNITURE_TAGS and not _MEDIA_CLASS.search(_class_of(node)):
            return True
        if is_furniture_name(node) and not holds_body_text(node):
            return True
    return False


def parse_srcset(value: str) -> list[tuple[str, float]]:
    """``(url, size)`` of each candidate of a ``srcset``: size is the width
    descriptor, 1000 x the density descriptor, or 0.  A URL runs to the next
    white space (it may hold commas), as the HTML standard parses it."""
    out = []
    for match in _SRCSET_CANDIDATE.finditer(value):
        desc = _DESCRIPTOR.search(match.group("desc") or "")
        size = 0.0
        if desc:
            size = float(desc.group(1)) * (1000 if desc.group(2) == "x" else 1)
        out.append((match.group("url"), size))
    return out


def rendition_candidates(img) -> list[tuple[str, float]]:
    """Every ``(url, size)`` the page offers for ``img``: its own attributes
    and the ``<source>`` elements of its ``<picture>``."""
    elements = [img]
    picture = next(img.iterancestors("picture"), None)
    if picture is not None:
        elements.extend(picture.iter("source"))
    out = []
    for el in elements:
        for attr, value in el.attrib.items():
            value = value.strip()
            if not value or value.startswith("data:") or not _URL_ATTR.match(attr):
                continue
            if attr.endswith("srcset"):
                out.extend(parse_srcset(value))
            elif " " not in value:
                out.append((value, 0.5 if attr == "src" else 1.0))
    return [(url, size) for url, size in out if not url.startswith("data:")]


def best_url(img, base: str) -> str | None:
    """The absolute URL of the largest rendition of ``img``, passing over
    lazy-loading placeholders; None when there is only a placeholder."""
    for url, _ in sorted(rendition_candidates(img), key=lambda c: -c[1]):
        if not _NOT_A_PHOTO.search(url.split("?")[0]):
            return absolute_url(base, url)
    return None


def url_key(url: str) -> str:
    """What renditions of one picture share: the last path segment (decoded,
    so that a proxied URL keys as the picture it wraps; without a size
    suffix such as "-1024x683") when distinctive, else the URL without
    scheme and query."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if path.startswith(("http:", "https:")):
        path = path.split(":", 1)[1]
    path = _SIZE_SUFFIX.sub("", unquote(path).rstrip("/"))
    tail = path.rsplit("/", 1)[-1]
    return tail.lower() if len(tail) > 8 else path


def picture_id(url: str) -> tuple[str, frozenset[str]]:
    """The key of a picture's URL and the distinctive tokens of its file name
    (long ids and hashes; not sizes, dates or runs like "01000000"), which
    crops and sizes of one picture share under different file names."""
    key = url_key(url)
    name = key.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    tokens = frozenset(t.lower() for t in _ID_TOKEN.findall(name)
                       if len(t) >= 6 and len(set(t)) >= 3 and not _SIZE_TOKEN.match(t))
    return key, tokens


def same_id(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    """Whether two picture ids name one picture: the same key, or the tokens
    of one file name all found in the other (an article id or a crop
    signature shared by two pictures does not make them one)."""
    if a[0] == b[0]:
        return True
    return bool(a[1] and b[1]) and (a[1] <= b[1] or b[1] <= a[1])


class SeenPictures:
    """The ids of the pictures kept so far; ``add_new`` keeps a new id
    unless it is ``same_id`` as one of them, in about constant time, not one
    comparison per picture (a page of 30,000 figures).  Keys are a set; a
    file name's tokens are looked up as sets too: every subset of the token
    sets kept (a new one inside a kept one), every subset of the new one (a
    kept one inside it), computed once per picture.  Token sets of more than
    ``_INDEXED_TOKENS``, which real file names do not have, are compared one
    by one."""

    def __init__(self):
        self.keys: set[str] = set()
        self.token_sets: set[frozenset[str]] = set()
        self.subsets: set[frozenset[str]] = set()
        self.large: list[frozenset[str]] = []

    def add_new(self, pid: tuple[str, frozenset[str]]) -> bool:
        """Keep ``pid`` unless it names a picture kept already; whether it did not."""
        key, tokens = pid
        if key in self.keys:
            return False
        if len(tokens) > _INDEXED_TOKENS:
            if any(tokens <= seen or seen <= tokens for seen in [*self.large, *self.token_sets]):
                return False
            self.large.append(tokens)
        elif tokens:
            if tokens in self.subsets or any(tokens <= seen for seen in self.large):
                return False
            subsets = _subsets(tokens)
            if any(subset in self.token_sets for subset in subsets):
                return False
            self.token_sets.add(tokens)
            self.subsets.update(subsets)
        self.keys.add(key)
        return True


def _subsets(tokens: frozenset[str]) -> list[frozenset[str]]:
    """The non-empty subsets of ``tokens``."""
    return [frozenset(c) for n in range(1, len(tokens) + 1) for c in combinations(tokens, n)]


def same_picture(a: str, b: str) -> bool:
    """Whether two URLs are renditions of one picture."""
    return same_id(picture_id(a), picture_id(b))


def _int_attr(el, name: str) -> int | None:
    match = _DIGITS.match(el.get(name) or "")
    return int(match.group(1)) if match else None


def is_decoration(img) -> bool:
    """Logos, icons and avatars by their class, and pictures too small to be photos."""
    if _DECORATION_CLASS.search(_class_of(img)):
        return True
    width, height = _int_attr(img, "width"), _int_attr(img, "height")
    small = any(side is not None and side < _MIN_SIDE for side in (width, height))
    return small and not any(size >= 200 for _, size in rendition_candidates(img))


def image_container(img, root):
    """The element that holds ``img`` with its caption: the nearest
    ``<figure>``, else the largest ancestor holding only this picture and
    little text, else the picture itself (its caption may follow it)."""
    layers = [node for node in img.iterancestors() if node.tag not in ("source", "picture")]
    for depth, node in enumerate(layers):
        if node is root or depth >= _FIGURE_DEPTH:
            break
        if node.tag == "figure":
            return node
    container = next(img.iterancestors("picture"), img)
    for depth, node in enumerate(layers):
        if node is root or depth >= _CONTAINER_DEPTH or node.tag in ("p", "li"):
            break
        if len(_IMGS(node)) > 1 or _visible_length(node) > _CONTAINER_TEXT or _NOT_CAPTION(node):
            break
        container = node
    return container


def _first_marked(container, pattern, itemprops: tuple[str, ...], tags: tuple[str, ...] = ()):
    """The first element in ``container`` with text and one of ``itemprops``,
    one of ``tags`` or a class matching ``pattern``."""
    for el in container.iter():
        if not isinstance(el.tag, str) or el.tag in ("img", "source", "picture", "script", "style", "figure"):
            continue
        marked = el.get("itemprop") in itemprops or el.tag in tags or pattern.search(_class_of(el))
        if marked and element_text(el):
            return el
    return None


def element_text(el, skip=None) -> str:
    """Text of an element; for a microdata ``<meta>``, its content."""
    if el.tag == "meta":
        return clean_text(el.get("content"))
    return text_of(el, skip)


def _caption_element(container):
    """The caption of a picture: a ``figcaption`` or caption-marked element
    in its container, or just after it (or after a wrapper holding only this
    picture), else the container's own text."""
    found = container.find(".//figcaption")
    if found is None:
        found = _first_marked(container, _CAPTION_CLASS, ("caption", "description"))
    node = container
    for _ in range(_SIBLING_LEVELS):
        if found is not None or node is None or len(_IMGS(node)) > 1:
            break
        sibling = node.getnext()
        if sibling is not None and (sibling.tag == "figcaption" or _CAPTION_CLASS.search(_class_of(sibling))):
            found = sibling
        node = node.getparent()
    if found is None and container.tag not in ("img", "picture") and not _has_widgets(container):
        found = container if text_of(container) else None
    return found


def _has_widgets(container) -> bool:
    """Whether a block holds lists, forms or furniture (share buttons, a
    byline) whose text is no caption."""
    return any(el.tag in _WIDGET_TAGS or is_furniture_name(el) for el in container.iter() if isinstance(el.tag, str))


def _last_part_credit(caption_el):
    """The last child of a caption made of several parts (looking into a
    caption that wraps them in one block), when it reads as a credit,
    stands in brackets ("<span>(Valley Court)</span>") or is a short
    ``<small>`` ("<small>Jane Roe</small>")."""
    block = caption_el
    parts = [c for c in block if isinstance(c.tag, str) and text_of(c)]
    while len(parts) == 1 and len(parts[0]):
        block = parts[0]
        parts = [c for c in block if isinstance(c.tag, str) and text_of(c)]
    if not parts:
        return None
    last = text_of(parts[-1])
    if len(parts) >= 2 and (looks_like_credit(clean_credit(last) or "") or _BRACKETED.fullmatch(last)):
        return parts[-1]
    after_caption = len(parts) >= 2 or bool(clean_text(block.text))  # the caption may be the block's own text
    if (after_caption and parts[-1].tag == "small" and len(last.split()) <= _SMALL_CREDIT_WORDS
            and not clean_text(parts[-1].tail)):
        return parts[-1]
    return None


def _labelled_credit(container, caption_el):
    """An element of the picture's block, outside its caption, that a
    credit label opens ("<figcaption>Image Credits: Jane Roe</figcaption>"),
    or a short ``<small>`` of a ``<figure>`` ("<small>Jane Roe</small>";
    in a looser block, such a ``<small>`` may be an author box's "Written by")."""
    for el in container.iter(_CREDIT_BLOCKS):
        inside = caption_el is not None and (el is caption_el or any(a is caption_el for a in el.iterancestors()))
        if inside:
            continue
        text = text_of(el)
        if is_labelled_credit(text) or (el.tag == "small" and container.tag == "figure" and text
                                        and len(text.split()) <= _SMALL_CREDIT_WORDS):
            return el
    return None


def _credit_after_caption(caption_el, container):
    """A credit-marked element just after a caption printed after the
    picture's block (Drupal's "field--name-field-caption" then
    "field--name-field-credit")."""
    if any(a is container for a in caption_el.iterancestors()):
        return None
    after = caption_el.getnext()
    if after is not None and isinstance(after.tag, str) and element_text(after) and (
            after.get("itemprop") in _CREDIT_PROPS or _CREDIT_CLASS.search(_class_of(after))):
        return after
    return None


def _credit_attribute(img, container) -> str | None:
    """The text of a ``data-*`` credit attribute of the picture or of an
    element around it up to its ``container``."""
    nodes = [img]
    for depth, node in enumerate(img.iterancestors()):
        if img is container or depth >= _FIGURE_DEPTH:
            break
        nodes.append(node)
        if node is container:
            break
    for node in nodes:
        for attr, value in node.attrib.items():
            if _CREDIT_ATTR.match(attr):
                text = clean_text(value)
                if not _NOT_TEXT.fullmatch(text):
                    return text
    return None


def caption_and_credit(container, img) -> tuple[str | None, str | None]:
    """Caption and credit printed with a picture: ``figcaption`` or a
    caption-classed element, a credit-classed element (or the credit-like
    last part of the caption), and a credit still inside the caption text,
    in a ``data-*`` attribute ("data-credit") or in the image's title or
    alt split off it."""
    caption_el = _caption_element(container)
    credit_el = None
    if caption_el is not None:
        credit_el = _first_marked(caption_el, _CREDIT_CLASS, _CREDIT_PROPS, _CREDIT_TAGS)
    if credit_el is None:
        credit_el = _first_marked(container, _CREDIT_CLASS, _CREDIT_PROPS, _CREDIT_TAGS)
    if credit_el is None and caption_el is not None:
        credit_el = _last_part_credit(caption_el)
        if credit_el is None:
            credit_el = _credit_after_caption(caption_el, container)
    if credit_el is None:
        credit_el = _labelled_credit(container, caption_el)
    if caption_el is not None and any(a is credit_el for a in caption_el.iterancestors()):
        credit_el = None  # a credit-named block around the whole caption
    credit = clean_credit(element_text(credit_el)) if credit_el is not None else None
    caption = element_text(caption_el, credit_el) if caption_el is not None else None
    if caption and len(caption) > _MAX_CAPTION:
        caption = None
    caption, inner_credit = split_credit(caption)
    if caption and credit and clean_text(caption) == credit:
        caption = None
    credit = (credit or inner_credit or clean_credit(_credit_attribute(img, container))
              or attribute_credit(img.get("title")) or attribute_credit(img.get("alt")))
    return caption, credit


def _links_away(a, base: str) -> bool:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:")) or _IMAGE_FILE.search(href.split("?")[0]):
        return False
    target = absolute_url(base, href)
    return target is not None and target.split("#")[0] != base.split("#")[0]


def _link_text_length(a) -> int:
    """Visible text of a link, without the caption of a picture it wraps."""
    return sum(len(part) for text in _LINK_TEXT(a) for part in text.split())


def _card(img, root):
    """The largest block around ``img`` holding no other picture and little
    text: a teaser card when it links elsewhere with a headline."""
    card = img
    for depth, node in enumerate(img.iterancestors()):
        if node is root or depth >= _CARD_DEPTH:
            break
        if len(_IMGS(node)) > 1 or _visible_length(node) > _CONTAINER_TEXT:
            break
        card = node
    return card


def is_teaser(img, root, base: str) -> bool:
    """An author photo (linked to the author's page) or the picture of a
    teaser for another article (in a link or a card with a headline that
    leads elsewhere)."""
    for node in img.iterancestors():
        if node is root:
            break
        if node.tag == "a" and (node.get("rel") == "author" or _AUTHOR_LINK.search(node.get("href") or "")):
            return True
    card = _card(img, root)
    return any(_links_away(a, base) and _link_text_length(a) >= _TEASER_TEXT for a in card.iter("a"))


def picture_of(img, root, base: str) -> Image | None:
    """The ``Image`` of one ``<img>`` of the article area, or None for
    decoration and teasers."""
    url = best_url(img, base)
    if not url or is_decoration(img) or is_teaser(img, root, base):
        return None
    caption, credit = caption_and_credit(image_container(img, root), img)
    width, height = rendition_size(img, url, base)
    return Image(url=url, caption=caption, credit=credit, alt=alt_text(img.get("alt")),
                 width=width, height=height)


def rendition_size(img, url: str, base: str) -> tuple[int | None, int | None]:
    """Width and height of the rendition ``url`` of ``img``: the element's
    own when ``url`` is its ``src``; else the width a ``srcset`` gives it
    (and the height in the element's proportions); else unknown, rather
    than another rendition's."""
    width, height = _int_attr(img, "width"), _int_attr(img, "height")
    if absolute_url(base, img.get("src") or "") == url:
        return width, height
    picture = next(img.iterancestors("picture"), None)
    for el in [img, *(picture.iter("source") if picture is not None else ())]:
        for attr, value in el.attrib.items():
            if not attr.endswith("srcset"):
                continue
            for match in _SRCSET_CANDIDATE.finditer(value):
                descriptor = _DESCRIPTOR.fullmatch((match.group("desc") or "").strip())
                if descriptor and descriptor.group(2) == "w" and absolute_url(base, match.group("url")) == url:
                    given = int(float(descriptor.group(1)))
                    return given, round(given * height / width) if width and height else None
    return None, None


def alt_text(alt: str | None) -> str | None:
    """The alt text of a picture; a file name is none ("20230202_0.jpeg")."""
    text = clean_text(alt)
    return None if not text or _FILE_NAME.fullmatch(text) else text


def page_images(root, base: str) -> list[Image]:
    """The pictures of the article area, in page order, one per picture."""
    images: list[Image] = []
    seen = SeenPictures()
    for img in _PICTURES(root):
        if in_furniture(img, root):
            continue
        image = picture_of(img, root, base)
        if image is None:
            continue
        if seen.add_new(picture_id(image.url)):
            images.append(image)
    return images


def _ld_image(value) -> tuple[str | None, dict]:
    """URL and object of a JSON-LD ``image`` value (string, ImageObject or list)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, str):
        return value, {}
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        if isinstance(url, list):
            url = next((u for u in url if isinstance(u, str)), None)
        return (url if isinstance(url, str) else None), value
    return None, {}


def _as_int(value) -> int | None:
    if isinstance(value, dict):
        value = value.get("value")
    match = _DIGITS.match(str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def lead_image(ev: Evidence) -> tuple[Image | None, str]:
    """The lead picture the page declares in its structured data, and where
    it was declared ("json-ld" or "meta")."""
    value = ev.article_data.get("image")
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    url, obj = _ld_image(resolve_ld(ev, value))
    source = "json-ld"
    if not url:  # og:image with the size stated for it, else twitter:image
        url, source = first_meta(ev, "og:image", "og:image:url", "og:image:secure_url"), "meta"
        obj = {"width": first_meta(ev, "og:image:width"), "height": first_meta(ev, "og:image:height")} if url else {}
        url = url or first_meta(ev, "twitter:image")
    url = absolute_url(ev.url, url) if url else None
    if not url or _NOT_A_PHOTO.search(url.split("?")[0]):
        return None, source
    caption, credit = split_credit(ld_text(obj.get("caption")))
    credit = clean_credit(next(filter(None, (ld_text(obj.get(prop)) for prop in _CREDIT_PROPS)), None)) or credit
    return Image(url=url, caption=caption, credit=credit, lead=True,
                 width=_as_int(obj.get("width")), height=_as_int(obj.get("height"))), source


def _lead_on_page(tree, lead: Image, base: str) -> Image | None:
    """The lead as printed anywhere on the page (outside the article area,
    e.g. in a header), to give it its caption."""
    body = tree.find("body")
    lead_id = picture_id(lead.url)
    for img in _PICTURES(tree):
        if any(same_id(picture_id(url), lead_id) for url, _ in rendition_candidates(img)):
            found = picture_of(img, body if body is not None else tree, base)
            if found is not None:
                return found
    return None


def _as_lead(image: Image, lead: Image) -> Image:
    """``image`` flagged as the lead, the structured caption and credit
    filling its gaps (and the structured size, when it is that rendition)."""
    image.lead = True
    image.caption = image.caption or lead.caption
    image.credit = image.credit or lead.credit
    if image.url == lead.url and image.width is None:
        image.width, image.height = lead.width, lead.height
    return image


def _path_parts(url: str) -> tuple[str, str]:
    """The folder and the file name without extension of a URL's path
    (decoded, without scheme, query and fragment)."""
    path = unquote(url.split("?", 1)[0].split("#", 1)[0]).split(":", 1)[-1]
    folder, _, name = path.rstrip("/").rpartition("/")
    return folder, name.rsplit(".", 1)[0]


def same_rendition(a: str, b: str) -> bool:
    """Whether two URLs are crops or sizes of one picture that its file
    name does not tell (``same_picture``) but its folder does: a folder
    named by a picture id ("/media/1738253380/a.jpg", ".../16x9/1200.jpg"
    aside), or one stem with a rendition code after it
    ("1065948_rain_detail-800w_1FngrG_4Iql23", "1065948_rain_og_1FngrG_wfsU1b")."""
    if same_picture(a, b):
        return True
    (folder_a, name_a), (folder_b, name_b) = _path_parts(a), _path_parts(b)
    if folder_a != folder_b:
        return _picture_folder(folder_a, folder_b)
    if _ID_FOLDER.fullmatch(folder_a.rsplit("/", 1)[-1]):
        return True
    stem = commonprefix([name_a, name_b])
    codes = (name_a[len(stem):], name_b[len(stem):])
    return (len(stem) >= _MIN_STEM and 2 * len(stem) >= min(len(name_a), len(name_b))
            and not all(code.isdigit() for code in codes))


def _picture_folder(a: str, b: str) -> bool:
    """Whether two folders are the same picture's, one holding renditions
    of the other ("/media/1738253380" and "/media/1738253380/16x9")."""
    inner, outer = (a, b) if len(a) > len(b) else (b, a)
    return inner.startswith(outer + "/") and bool(_ID_FOLDER.fullmatch(outer.rsplit("/", 1)[-1]))


def merge_lead(images: list[Image], lead: Image, printed: Image | None) -> list[Image]:
    """Put the lead first: the picture of the article area it names, else
    the lead as printed elsewhere on the page, else the lead itself."""
    for i, image in enumerate(images):
        if same_rendition(image.url, lead.url):
            return [_as_lead(image, lead), *images[:i], *images[i + 1:]]
    if printed is None:
        return [lead, *images]
    return [_as_lead(printed, lead), *(i for i in images if i.url != printed.url)]


def is_headshot(image: Image, authors: list[str]) -> bool:
    """Whether the picture is an author's portrait: its caption or alt text
    is just the name of one of the article's authors."""
    names = {clean_text(a).casefold() for a in authors}
    return any(text and clean_text(text).casefold() in names for text in (image.caption, image.alt))


def fill_images(article: Article, ev: Evidence) -> None:
    images = page_images(article_area(ev), ev.url)
    source = "page"
    lead, lead_source = lead_image(ev)
    if lead is not None:
        on_page = any(same_rendition(i.url, lead.url) for i in images)
        printed = None if on_page else _lead_on_page(ev.tree, lead, ev.url)
        if not images and printed is None:
            source = lead_source
        images = merge_lead(images, lead, printed)
    images = [i for i in images if i.lead or not is_headshot(i, article.authors)]
    if images and not any(i.lead for i in images):
        images[0].lead = True
    if images:
        article.images = images
        article.sources["images"] = source


def picture_urls(article: Article, evidence: Evidence) -> list[str]:
    """The URLs a browser may load for the article's pictures: each picture's
    own URL and every rendition the page offers for it.  Malformed URLs are
    left out."""
    base = evidence.url
    wanted = [image.url for image in article.images]
    urls: list[str | None] = list(wanted)
    for img in evidence.tree.iter("img"):
        if best_url(img, base) in wanted:
            urls += [absolute_url(base, url) for url, _ in rendition_candidates(img)]
    return [url for url in dict.fromkeys(urls) if url and http_url_error(url) is None]
