"""The dateline: the place a story was filed from, as its body opens it.

"HARBOURTON – The council said…" gives ``HARBOURTON``; "CALDER, Westshire
(AP) — …" gives ``CALDER, Westshire``; "Calder (AFP) - …" gives ``Calder``.
The body keeps the text.  A place in capitals needs only the dash (or colon)
after it; a place in mixed case needs a news agency in brackets too, since
"Meanwhile - …" and the like open ordinary sentences.
"""
from __future__ import annotations

import re

from ..items import Article, Evidence

_OPENING = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,3})"
    r"(?:,\s*(?P<region>[^\W\d_][^\W\d_.]*(?: [^\W\d_.]+)?\.?))?"
    r"(?:,\s*(?P<date>[^\W\d_]{3,9}\.? \d{1,2}|\d{1,2}\.? [^\W\d_]{3,9}\.?))?"
    r"\s*(?P<agency>\([^()\n]{2,25}\))?"
    r"\s*(?P<dash>[–—]|--?|:)\s+\S")
#: Capitalised openers that are labels, not places.
_LABELS = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "VIDEO", "PHOTOS",
           "OPINION", "ANALYSIS", "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "CORRECTION", "FACT CHECK",
           "LISTEN", "READ MORE", "ADVERTISEMENT", "WARNING", "SPOILER", "PODCAST", "Q", "A"}


def find_dateline(first_paragraph: str) -> str | None:
    """The dateline that opens ``first_paragraph``, or None."""
    match = _OPENING.match(first_paragraph)
    if not match:
        return None
    place, region = match["place"], match["region"]
    letters = [c for c in place if c.isalpha()]
    if len(letters) < 2 or place.upper() in _LABELS or place.upper().startswith("DEAR "):
        return None
    if place.isupper():
        if match["dash"] == ":" and (region or match["agency"] or match["date"]):
            return None
    elif not (match["agency"] and place.istitle() and len(place.split()) <= 3):
        return None
    return f"{place}, {region}" if region and region[0].isupper() else place


def fill_dateline(article: Article, ev: Evidence) -> None:
    first = article.body.split("\n", 1)[0]
    dateline = find_dateline(first[:160])
    if dateline:
        article.dateline = dateline
        article.sources["dateline"] = "page"
