"""Text normalisation shared by every extraction step."""
from __future__ import annotations

import html
import re
import unicodedata

#: The word before a byline's names ("By", "Von", "Par"...), in the languages of the bylines.
BY_WORDS = ("by", "von", "par", "por", "door", "af", "av")
BY = "|".join(BY_WORDS)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")


def clean_text(text: str | None) -> str:
    """One line of text: entities decoded, zero-width characters and soft
    hyphens removed, white space collapsed, Unicode NFC."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_ZERO_WIDTH)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def clean_block(text: str | None) -> str:
    """Text of several paragraphs: each cleaned as by ``clean_text``, kept
    apart by one blank line."""
    if not text:
        return ""
    paragraphs = (clean_text(p) for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)
