"""Reading news feeds: RSS 2.0 and 1.0, Atom and JSON Feed (the spider is
``spiders/feed.py``)."""
from __future__ import annotations

import json

from ..extraction.urls import page_url
from .listing import Entry, ListingError, child_texts, local_name, newest_date, parse_xml

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _atom_link(entry) -> str | None:
    """The ``alternate`` link of an Atom entry (a link without ``rel`` is one)."""
    for link in entry:
        if local_name(link.tag) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _xml_feed_entries(root, base_url: str) -> list[Entry]:
    kind = local_name(root.tag)
    if kind not in ("rss", "feed", "RDF"):
        raise ListingError(f"not a feed: the document is <{kind}>")
    entries = []
    for item in root.iter():
        name = local_name(item.tag)
        if name == "entry":  # Atom
            texts = child_texts(item)
            url, date = _atom_link(item), newest_date(texts.get("published"), texts.get("updated"))
        elif name == "item":  # RSS 2.0 and 1.0
            texts = child_texts(item)
            guid = item.find("guid")
            permalink = texts.get("guid") if guid is not None and guid.get("isPermaLink", "true") == "true" else None
            url = texts.get("link") or item.get(f"{{{_RDF}}}about") or permalink
            date = newest_date(texts.get("pubDate"), texts.get("date"), texts.get("updated"))
        else:
            continue
        url = page_url(base_url, url) if url else None
        if url:
            entries.append(Entry(url, date))
    return entries


def _json_feed_entries(body: bytes, base_url: str) -> list[Entry]:
    try:
        feed = json.loads(body)
    except ValueError as exc:
        raise ListingError(f"not valid JSON: {exc}") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise ListingError("not a JSON Feed: no \"items\" list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = item.get("url") or item.get("external_url")
        url = page_url(base_url, url) if isinstance(url, str) and url.strip() else None
        if url:
            entries.append(Entry(url, newest_date(item.get("date_published"), item.get("date_modified"))))
    return entries


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """The entries of an RSS, Atom or JSON feed, links made absolute."""
    if body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_feed_entries(body, base_url)
    return _xml_feed_entries(parse_xml(body), base_url)
