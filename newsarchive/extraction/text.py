"""Text normalisation shared by every extraction step."""
from __future__ import annotations

import html
import re
import unicodedata

#: The word before a byline's names ("By", "Von", "Par"...), in the languages of the bylines.
BY_WORDS = ("by", "von", "par", "por", "door", "af", "av")
BY = "|".join(BY_WORDS)

#: Characters no reader sees, removed from every text: C0 and C1 controls
#: and DEL (not the white space ones, NEL included: they collapse into
#: spaces), zero-width characters, soft hyphens, bidirectional marks and
#: embeddings (LRM, RLM, ALM, U+202A-U+202E, U+2066-U+2069), invisible
#: operators (U+2061-U+2064) and deprecated format characters (U+206A-U+206F).
#: U+FFFD, a character no decoding could read, becomes a space: it breaks
#: the text where it stood rather than glue two pieces into a false word.
_INVISIBLE = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0e, 0x1c), *range(0x7f, 0x85), *range(0x86, 0xa0),
                     *map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"),
                     *range(0x202a, 0x202f), *range(0x2061, 0x2065), *range(0x2066, 0x2070)]),
    0xfffd: " ",
}
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")


def clean_text(text: str | None) -> str:
    """One line of text: entities decoded, invisible characters (controls,
    zero-width characters, soft hyphens, bidirectional marks) removed,
    white space collapsed, Unicode NFC."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_INVISIBLE)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def clean_block(text: str | None) -> str:
    """Text of several paragraphs: each cleaned as by ``clean_text``, kept
    apart by one blank line."""
    if not text:
        return ""
    paragraphs = (clean_text(p) for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)
