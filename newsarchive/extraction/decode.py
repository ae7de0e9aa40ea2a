"""Bytes to text, as a browser decodes a page.

The order is a browser's: byte-order mark, then the HTTP ``Content-Type``
charset, then a ``<meta>`` charset in the first bytes, then detection.
``latin-1``/``iso-8859-1``/``ascii`` labels mean windows-1252, as in browsers
(w3lib's ``resolve_encoding``).  Unlike a browser, a declared charset is
checked against the bytes, because servers and templates often state the
wrong one:

- bytes that are valid UTF-8 (and not plain ASCII) are UTF-8, whatever the
  page declares: legacy text almost never forms valid UTF-8 by chance;
- a page declared UTF-8 that is mostly UTF-8 with a few stray legacy bytes
  (pasted windows-1252 quotes) keeps its UTF-8 and reads each stray byte as
  windows-1252;
- a declared charset whose decoding fails, or reads as mojibake, is passed
  over for the next clue and, in the end, for detection (charset-normalizer).
  Mojibake is what charset-normalizer's mess detector calls so, or what a
  code page of the same script makes of the bytes of another, which that
  detector finds little wrong with: the cases the other way round
  (windows-1251 read as KOI8-R, or the reverse), symbols where letters were
  (windows-1251 read as mac-cyrillic).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from itertools import islice

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

#: What browsers use for undeclared, undetectable Western pages.
FALLBACK_ENCODING = "cp1252"
#: Mess ratio above which a decoding is mojibake (charset-normalizer's own
#: default threshold for a readable decoding).
MOJIBAKE_RATIO = 0.2
#: Invalid UTF-8 sequences tolerated per valid multi-byte character before a
#: page declared UTF-8 is taken for another encoding altogether.
STRAY_BYTES_PER_UTF8_CHAR = 0.5
_UNICODE_LABELS = ("utf-16", "utf-32")
_HEAD_BYTES = 4096
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_MOJIBAKE_SAMPLE_RUNS = 200
_MOJIBAKE_CONTEXT = 30
_WORD = re.compile(r"[^\W\d_]+")
#: A few words of a pattern prove nothing: at least this many.
_MIN_ODD_WORDS = 3
#: Share of the words with a symbol stuck to a letter over which text is mojibake.
_SYMBOL_WORD_SHARE = 0.03
_STRAY_AS_CP1252 = "newsarchive-stray-cp1252"


def _stray_bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes that are not UTF-8 as windows-1252.

    Does what bs4's ``UnicodeDammit.detwingle`` does, inside the C decoder
    (detwingle is a Python loop over every byte, and skips a lone ``é``
    byte it takes for the start of a multi-byte character)."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    stray = error.object[error.start:error.end]
    return stray.decode(FALLBACK_ENCODING, "replace"), error.end


codecs.register_error(_STRAY_AS_CP1252, _stray_bytes_as_cp1252)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM, then HTTP charset, then ``<meta>`` charset,
    then detection; a declared charset the bytes contradict is skipped.
    Never raises: undecodable bytes become U+FFFD."""
    bom_encoding, bom = read_bom(data)
    if bom_encoding and bom:
        return data[len(bom):].decode(bom_encoding, "replace")
    for encoding in declared_encodings(data, content_type):
        text = decode_as_declared(data, encoding)
        if text is not None:
            return text
    return detect_and_decode(data)


def declared_encodings(data: bytes, content_type: str | None) -> list[str]:
    """The charsets the page declares, HTTP header first, as Python codec
    names; a ``<meta>`` that names UTF-16/32 means UTF-8 (HTML standard: the
    tag could not have been read otherwise)."""
    found = []
    if content_type and (http := http_content_type_encoding(content_type)):
        found.append(http)
    if meta := html_body_declared_encoding(data):
        found.append("utf-8" if meta.startswith(_UNICODE_LABELS) else meta)
    return list(dict.fromkeys(found))


def decode_as_declared(data: bytes, encoding: str) -> str | None:
    """``data`` in its declared ``encoding``, or ``None`` when the bytes
    contradict it."""
    if encoding == "utf-8":
        return _decode_utf8_or_mixed(data)
    if encoding.startswith(_UNICODE_LABELS):
        if b"\x00" not in data[:_HEAD_BYTES]:  # ASCII markup in UTF-16/32 has NULs
            return None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            return None
    if not data.isascii() and (text := _strict_utf8(data)) is not None:
        return text
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if looks_like_mojibake(text) else text


def detect_and_decode(data: bytes) -> str:
    """Decode a page with no usable declaration: UTF-8 when it is (mostly)
    UTF-8, else windows-1252 when that reads as text (browsers' default for
    Western pages, which charset-normalizer often takes for another Latin
    code page), else what charset-normalizer finds.  Bytes with NULs are
    binary (or UTF-16 without a BOM, which browsers do not detect either):
    no detection, the parser refuses them."""
    text = _decode_utf8_or_mixed(data)
    if text is None and b"\x00" not in data[:_HEAD_BYTES]:
        text = decode_as_declared(data, FALLBACK_ENCODING)
        if text is None:
            text = _detect(data)
    return text if text is not None else data.decode(FALLBACK_ENCODING, "replace")


def _detect(data: bytes) -> str | None:
    """The first of charset-normalizer's candidates that does not read as
    mojibake by ``looks_like_mojibake``, else its best one.  Its own ranking
    judges chunks of the whole page, where ASCII markup hides the mojibake
    of a few words; it is not told of the page's ``<meta>`` charset, which
    is missing or was found wrong."""
    matches = from_bytes(data, preemptive_behaviour=False)
    for match in matches:
        text = str(match)
        if not looks_like_mojibake(text):
            return text
    best = matches.best()
    return None if best is None else str(best)


def looks_like_mojibake(text: str) -> bool:
    """Whether ``text`` reads as mojibake (decoded with the wrong single-byte
    or CJK charset), judged on its first non-ASCII runs with some context:
    on the whole page, ASCII markup and scripts would hide them."""
    runs = islice(_NON_ASCII_RUN.finditer(text), _MOJIBAKE_SAMPLE_RUNS)
    sample = " ".join(text[max(m.start() - _MOJIBAKE_CONTEXT, 0):m.end() + _MOJIBAKE_CONTEXT]
                      for m in runs)
    if not sample:
        return False
    if mess_ratio(sample, MOJIBAKE_RATIO) >= MOJIBAKE_RATIO:
        return True
    words = _WORD.findall(sample)
    return _cases_swapped(words) or _symbols_in_words(sample, len(words))


def _cases_swapped(words: list[str]) -> bool:
    """Whether words of a small letter then capitals ("пНЯЯХХ") outnumber
    capitalised ones ("России"): text in a code page whose cases are the
    other way round from the bytes' (KOI8-R and windows-1251).  A page in
    capitals has neither."""
    swapped = capitalised = 0
    for word in words:
        if len(word) > 1 and not word.isascii():
            swapped += word[0].islower() and word[1:].isupper()
            capitalised += word[0].isupper() and word[1:].islower()
    return swapped >= _MIN_ODD_WORDS and swapped > capitalised


def _symbols_in_words(sample: str, word_count: int) -> bool:
    """Whether more than ``_SYMBOL_WORD_SHARE`` of the sample's ``word_count`` words have a currency
    or mathematical sign stuck to a cased letter, with no digit beside it
    ("ма€", "¬ладимир"; not "5€" or "×2"): text in a code page with symbols
    where the bytes' has letters (windows-1251 read as mac-cyrillic)."""
    stuck = 0
    for run in _NON_ASCII_RUN.finditer(sample):
        for i in range(run.start(), run.end()):
            if unicodedata.category(sample[i]) in ("Sc", "Sm"):
                beside = sample[max(i - 1, 0):i] + sample[i + 1:i + 2]
                stuck += any(c.isupper() or c.islower() for c in beside) and not any(c.isdigit() for c in beside)
    return stuck >= _MIN_ODD_WORDS and stuck > word_count * _SYMBOL_WORD_SHARE


def _strict_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8, or ``None`` when not valid; a character cut at the
    very end (a truncated download) is dropped."""
    try:
        return _utf8(data, "strict")
    except UnicodeDecodeError:
        return None


def _decode_utf8_or_mixed(data: bytes) -> str | None:
    """``data`` as UTF-8, stray windows-1252 bytes included; ``None`` when
    the invalid sequences are too many for a UTF-8 page."""
    text = _strict_utf8(data)
    if text is not None:
        return text
    replaced = _utf8(data, "replace")
    invalid = replaced.count("\ufffd")
    multibyte = len(replaced) - len(replaced.encode("ascii", "ignore")) - invalid
    if invalid > multibyte * STRAY_BYTES_PER_UTF8_CHAR:
        return None
    return _utf8(data, _STRAY_AS_CP1252)


def _utf8(data: bytes, errors: str) -> str:
    return codecs.getincrementaldecoder("utf-8")(errors).decode(data, final=False)
