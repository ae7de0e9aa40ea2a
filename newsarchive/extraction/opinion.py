"""A second opinion on the text of an article: trafilatura's.

The body step asks for it when it is unsure of the text it found (see
``body.Analysis.unsure``), and takes it when it holds that text and much
more article text (``body.extends``).  trafilatura reads a copy of the page's tree, parsed and
guarded as every step's (size, depth, decoding), never the raw page.
"""
from __future__ import annotations

import logging
import re

from trafilatura import bare_extraction

from ..items import Evidence
from .text import clean_block

log = logging.getLogger(__name__)
# trafilatura logs a warning for every page it finds no text in
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_WORD = re.compile(r"\w+")
#: Runs of this many words compare two texts (word order matters, not only words).
SHINGLE = 4


def second_opinion(ev: Evidence) -> str:
    """trafilatura's text of the page, paragraphs apart; "" when it finds
    none or fails (the page keeps the text the body step found)."""
    try:
        result = bare_extraction(ev.tree, url=ev.url, with_metadata=False, include_comments=False,
                                 include_tables=True)
    except Exception as exc:  # noqa: BLE001 - a second opinion is optional, the page goes on
        log.debug("%s: no second opinion on the body: %r", ev.url, exc)
        return ""
    text = getattr(result, "text", None)  # a Document (a dict only with as_dict=True)
    return clean_block(text.replace("\n", "\n\n")) if text else ""


def shingles(text: str) -> set[tuple[str, ...]]:
    """The runs of ``SHINGLE`` words of ``text``, case folded."""
    words = _WORD.findall(text.casefold())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1 if words else 0))}
