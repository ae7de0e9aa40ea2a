"""Text normalisation shared by every extraction step."""
from __future__ import annotations

import html
import re
import unicodedata

#: The word before a byline's names ("By", "Von", "Par"...), in the languages of the bylines.
BY_WORDS = ("by", "von", "par", "por", "door", "af", "av")
BY = "|".join(BY_WORDS)

#: Class names of text shown to screen readers only ("sr-only",
#: "visually-hidden", "u-a11y-hidden", "screen-reader-text").
HIDDEN_CLASS = re.compile(r"sr-only|visually-?hidden|a11y|screen-?reader|hidden-?visually|assistive", re.I)

#: Utility classes ("md:[grid-area:sidebar]", "print:hidden") say how an
#: element is laid out, not what it is.
UTILITY_CLASS = re.compile(r"[:\[\]!]")


def named_classes(value: str | None) -> str:
    """A class attribute without its utility classes (``UTILITY_CLASS``)."""
    if not value or not UTILITY_CLASS.search(value):
        return value or ""
    return " ".join(token for token in value.split() if not UTILITY_CLASS.search(token))


#: Characters no reader sees, removed from every text: C0 and C1 controls
#: and DEL (not the white space ones, NEL included: they collapse into
#: spaces), soft hyphens, the Arabic letter mark, zero-width characters,
#: bidirectional marks and embeddings (LRM, RLM, U+202A-U+202E,
#: U+2066-U+2069), the word joiner, invisible operators (U+2061-U+2064),
#: deprecated format characters (U+206A-U+206F) and byte-order marks.
#: (A regular expression: ``str.translate`` with a table is four times slower.)
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
#: A character no decoding could read becomes a space: it breaks the text
#: where it stood rather than glue two pieces into a false word.
_UNREADABLE = "\ufffd"
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
    if _UNREADABLE in text:
        text = text.replace(_UNREADABLE, " ")
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def clean_block(text: str | None) -> str:
    """Text of several paragraphs: each cleaned as by ``clean_text``, kept
    apart by one blank line."""
    if not text:
        return ""
    paragraphs = (clean_text(p) for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def text_width(text: str) -> int:
    """The length of ``text`` with wide (CJK) characters counted twice: a
    line of Japanese says as much as one of English twice as long."""
    return len(text) + sum(1 for c in text if c >= "\u2e80")
