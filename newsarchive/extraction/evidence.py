"""Gather the evidence of a page: parsed tree, structured data, meta tags."""
from __future__ import annotations

import json
import logging
import re

import lxml.html
from lxml import etree

from ..items import Evidence
from .nesting import flatten_nesting

ARTICLE_TYPES = {
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "socialmediaposting", "scholarlyarticle", "techarticle", "report", "posting",
    "askpublicnewsarticle", "satiricalarticle", "medicalscholarlyarticle", "webpage",
}
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
log = logging.getLogger(__name__)


class PageError(ValueError):
    """The input cannot be read as an HTML page; the message says why."""


#: The deepest element nesting a parsed page keeps: libxml2's own default
#: limit, and shallow enough for code that walks the tree recursively to
#: stay under Python's recursion limit.  Real pages stay under 60.
MAX_DEPTH = 256
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")
#: Text is binary data when a stretch of ``_STRETCH`` characters (the whole
#: text, when shorter) holds more than this share of control characters and
#: replacement characters: a page with a stray NUL or a few broken bytes is
#: still a page, a text-like head before binary data is not.  The first and
#: the last stretch are read, and one in ``_STRETCH_STEP`` between them:
#: reading every character would add a tenth to the time of an extraction,
#: and binary data too short to span that gap loses its control characters
#: with the other invisible ones (``text.clean_text``).
_BINARY_SHARE = 0.05
_STRETCH = 4096
_STRETCH_STEP = 16
#: lxml refuses text that starts with an XML declaration naming an encoding
#: (XHTML pages); the text is decoded already, so the declaration goes.
_XML_DECLARATION = re.compile(r"\A<\?xml[^>]*>")


def parse_html(html: str, url: str):
    """Parse ``html`` with lxml; raises ``PageError`` when there is no
    document.  Markup nested deeper than ``MAX_DEPTH`` is flattened (see
    ``nesting``) rather than cut where libxml2 gives up."""
    if not html or not html.strip():
        raise PageError("empty page")
    if looks_binary(html):
        raise PageError("binary data, not HTML")
    html = _XML_DECLARATION.sub("", html, count=1)
    if "\x00" in html:  # browsers ignore NULs in text
        html = html.replace("\x00", "")
    tree = _parse(html, url)
    if _TOO_DEEP(tree):
        tree = _parse(flatten_nesting(html, MAX_DEPTH // 2), url)
        if _TOO_DEEP(tree):
            raise PageError(f"markup nested more than {MAX_DEPTH} elements deep")
    if tree.find("body") is None and len(tree) == 0:
        raise PageError("no HTML document in the input")
    return tree


def looks_binary(text: str) -> bool:
    """Whether ``text`` is binary data (see ``_BINARY_SHARE``)."""
    limit = min(len(text), _STRETCH) * _BINARY_SHARE
    starts = {*range(0, len(text), _STRETCH * _STRETCH_STEP), max(len(text) - _STRETCH, 0)}
    return any(len(_BINARY_CHARS.findall(text, start, start + _STRETCH)) > limit for start in starts)


#: Every element an ``lxml.html.HtmlElement``, looked up in C: lxml.html's own
#: lookup (form and input classes, which no step uses) runs Python code each
#: time an element is reached.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def _parse(html: str, url: str):
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser, base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"unparsable HTML: {exc}") from None
    if tree is None:
        raise PageError("no HTML document in the input")
    return tree


def ld_types(obj: dict) -> set[str]:
    """The ``@type`` names of a JSON-LD object, lower case, without a
    schema.org URL prefix; values that are not strings (``1``, ``true``)
    name no type."""
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return {t.rsplit("/", 1)[-1].lower() for t in types if isinstance(t, str) and t}


def _flatten(data, out: list[dict]) -> None:
    if isinstance(data, list):
        for x in data:
            _flatten(x, out)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten(main, out)


def _load_json(text: str):
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(text)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
        except ValueError:
            return None


def read_jsonld(tree, url: str) -> list[dict]:
    """Every JSON-LD object in the page, ``@graph`` and ``mainEntity``
    flattened.  A block nested too deep for the JSON parser (a pathological
    or hostile page) is skipped, and the log says so."""
    objects: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = _load_json(script.text or "")
        except RecursionError:
            log.warning("%s: skipped a JSON-LD block: nested too deep to read", url)
            continue
        if data is not None:
            _flatten(data, objects)
    return objects


def pick_article_data(objects: list[dict]) -> dict:
    """The JSON-LD object that describes the article: an article type with
    the most content, a bare ``WebPage`` only when nothing better exists."""
    best, best_score = {}, -1
    for obj in objects:
        types = ld_types(obj)
        if not types & ARTICLE_TYPES:
            continue
        score = sum(k in obj for k in ("headline", "articleBody", "datePublished", "author", "image"))
        if types <= {"webpage"}:
            score -= 10
        if score > best_score:
            best, best_score = obj, score
    return best


def read_meta(tree) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = el.get("content")
        if key and content is not None and content.strip():
            meta.setdefault(key.strip().lower(), []).append(content.strip())
    return meta


def gather_evidence(html: str, url: str) -> Evidence:
    tree = parse_html(html, url)
    jsonld = read_jsonld(tree, url)
    evidence = Evidence(url=url, tree=tree, jsonld=jsonld,
                        article_data=pick_article_data(jsonld), meta=read_meta(tree))
    # lxml makes a Python object for an element each time one is reached and none
    # is alive: the steps walk the tree many times, so the page's elements are
    # kept alive while its evidence is
    evidence.__dict__["_elements"] = list(tree.iter())
    return evidence


def first_meta(evidence: Evidence, *keys: str) -> str | None:
    """The first value of the first of ``keys`` present in the meta tags."""
    for key in keys:
        values = evidence.meta.get(key)
        if values:
            return values[0]
    return None


def ld_text(value) -> str | None:
    """A JSON-LD value as text: a string, the ``name`` of an object, the
    first of a list."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return str(value).strip()
    return None


def resolve_ld(ev: Evidence, value):
    """A JSON-LD value with a bare ``{"@id": ...}`` reference replaced by
    the object of the page's JSON-LD that has that ``@id``."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type", "url"} and isinstance(value.get("@id"), str):
        return next((obj for obj in ev.jsonld if obj.get("@id") == value["@id"] and len(obj) > len(value)), value)
    return value
