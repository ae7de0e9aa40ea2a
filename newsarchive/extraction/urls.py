"""URLs as evidence: a page's links may be malformed, and must not stop its
extraction."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def absolute_url(base: str, url: str) -> str | None:
    """``url`` made absolute against ``base``; None when it is malformed
    (an unclosed or non-IP bracketed host, ``https://[domain]/``)."""
    try:
        return urljoin(base, url.strip())
    except ValueError:
        return None


def http_url_error(url: str) -> str | None:
    """What makes ``url`` unusable as the address of a web page (not
    absolute, not http(s), no host, a malformed host or port), or None when
    it is one."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it checks the port
    except ValueError as exc:
        return f"malformed URL {url!r}: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {url!r}"
    if not parts.hostname or any(c.isspace() for c in parts.hostname):
        return f"no valid host in URL {url!r}"
    return None


def page_url(base: str, url: str) -> str | None:
    """``url`` made absolute against ``base`` when that is the address of a
    web page (see ``http_url_error``), else None."""
    joined = absolute_url(base, url)
    return joined if joined and http_url_error(joined) is None else None
