"""Per-site selectors: where generic extraction fails on a site, its entry
in the sites file names the element that holds a field.

A selector is CSS (``h1.story-title``) or XPath (anything starting with
``/``, ``./`` or ``(``, e.g. ``//time[@class='pub']/@datetime``).
``apply_selectors`` runs after the generic steps and overrides each field
whose selector matches something; a selector that matches nothing leaves
the generic value.  The spider puts the site's selectors on the evidence.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from ..items import Article, Evidence
from .dates import parse_date
from .text import clean_block, clean_text

#: Where a date element keeps its machine-readable value.
_DATE_ATTRIBUTES = ("datetime", "content")
_BODY_BLOCKS = etree.XPath(".//p | .//h2 | .//h3 | .//h4 | .//li | .//blockquote")


@lru_cache(maxsize=256)
def compile_selector(expression: str) -> etree.XPath:
    """The compiled selector; ``ValueError`` says what is wrong with it."""
    text = expression.strip()
    if not text:
        raise ValueError("empty selector")
    try:
        if text.startswith(("/", "./", "(")):
            return etree.XPath(text)
        return CSSSelector(text, translator="html")
    except (etree.XPathSyntaxError, SelectorError) as exc:
        kind = "XPath" if text.startswith(("/", "./", "(")) else "CSS"
        raise ValueError(f"not a valid {kind} selector {text!r}: {exc}") from None


def _texts(matches: list) -> list[str]:
    """One cleaned line per match: element text or the string XPath gave."""
    found = []
    for match in matches:
        text = clean_text(match.text_content() if hasattr(match, "text_content") else str(match))
        if text:
            found.append(text)
    return found


def _date_attribute(match) -> str | None:
    if not hasattr(match, "get"):  # a string XPath gave
        return None
    return next((match.get(a) for a in _DATE_ATTRIBUTES if match.get(a)), None)


def _date_values(matches: list) -> list[str]:
    """A date element's ``datetime``/``content`` attribute, else its text."""
    values = []
    for match in matches:
        attribute = _date_attribute(match)
        values += [attribute] if attribute else _texts([match])
    return values


def _first_line(matches: list, language: str | None) -> str | None:
    return next(iter(_texts(matches)), None)


def _lines(matches: list, language: str | None) -> list[str]:
    return list(dict.fromkeys(_texts(matches)))


def _date(matches: list, language: str | None) -> str | None:
    stamps = (parse_date(value, language) for value in _date_values(matches))
    stamp = next(filter(None, stamps), None)
    return stamp.iso() if stamp else None


def _body(matches: list, language: str | None) -> str:
    paragraphs = []
    for match in matches:
        blocks = _BODY_BLOCKS(match) if hasattr(match, "text_content") else []
        paragraphs += _texts(blocks or [match])
    return clean_block("\n\n".join(paragraphs))


#: The fields a selector can set, each with how its matches become the value.
READERS = {
    "headline": _first_line, "kicker": _first_line, "description": _first_line, "section": _first_line,
    "dateline": _first_line, "authors": _lines, "tags": _lines,
    "published": _date, "modified": _date, "body": _body,
}
SELECTOR_FIELDS = tuple(READERS)


def check_selectors(selectors: Mapping[str, str]) -> dict[str, str]:
    """``selectors`` checked: each a field of ``SELECTOR_FIELDS`` with a
    valid CSS or XPath selector; ``ValueError`` names the first that is not."""
    checked = {}
    for name, expression in selectors.items():
        if name not in READERS:
            raise ValueError(f"unknown field {name!r} (fields: {', '.join(SELECTOR_FIELDS)})")
        if not isinstance(expression, str):
            raise ValueError(f"{name}: expected a CSS or XPath selector, got {expression!r}")
        try:
            compile_selector(expression)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        checked[name] = expression.strip()
    return checked


def apply_selectors(article: Article, ev: Evidence) -> None:
    """Set each field whose site selector matches; source ``"selector"``."""
    for name, expression in ev.selectors.items():
        result = compile_selector(expression)(ev.tree)
        matches = result if isinstance(result, list) else [result]  # XPath can give one string
        value = READERS[name](matches, article.language)
        if value:
            setattr(article, name, value)
            article.sources[name] = "selector"
