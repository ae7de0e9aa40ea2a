"""Bytes to text, as a browser decodes a page."""
from __future__ import annotations

from w3lib.encoding import html_to_unicode


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes: BOM first, then the HTTP charset, then ``<meta>``
    charset, then detection."""
    _, text = html_to_unicode(content_type, data)
    return text
