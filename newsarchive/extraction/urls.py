"""URLs as evidence: a page's links may be malformed, and must not stop its
extraction; the one rule for the URL of a web page, given by a user or
found in a page; and which site (registrable domain) a URL belongs to.

Sites are told apart with the Public Suffix List as the snapshot shipped in
``tldextract`` has it, never fetched: a crawl runs offline, and a list that
changes from run to run would move articles between sites."""
from __future__ import annotations

import re
from ipaddress import ip_address
from urllib.parse import urljoin, urlsplit

from tldextract import TLDExtract

#: The Public Suffix List of the ``tldextract`` release installed (private
#: domains such as ``github.io`` included), with no download and no cache.
PUBLIC_SUFFIXES = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

#: A host name in ASCII: dot-separated labels of letters, digits and inner hyphens.
HOST_NAME = re.compile(r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


def absolute_url(base: str, url: str) -> str | None:
    """``url`` made absolute against ``base``; None when it is malformed
    (an unclosed or non-IP bracketed host, ``https://[domain]/``)."""
    try:
        return urljoin(base, url.strip())
    except ValueError:
        return None


def valid_host(host: str) -> bool:
    """An IP address, or a host name (international ones in their ASCII form)."""
    try:
        ip_address(host)
        return True
    except ValueError:
        pass
    try:
        return bool(HOST_NAME.fullmatch(host.encode("idna").decode("ascii")))
    except UnicodeError:  # an empty or too long label ("a..test")
        return False


def http_url_error(url: str) -> str | None:
    """What makes ``url`` unusable as the address of a web page (not
    absolute, not http(s), no host or a bad one, a malformed port), or None
    when it is one."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it checks the port
    except ValueError as exc:
        return f"not a valid URL: {url!r}: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {url!r}"
    if not parts.hostname:
        return f"not a valid URL: {url!r}: no host"
    if not valid_host(parts.hostname):
        return f"not a valid URL: {url!r}: bad host name {parts.hostname!r}"
    return None


def page_url(base: str, url: str) -> str | None:
    """``url`` made absolute against ``base`` when that is the address of a
    web page (see ``http_url_error``), else None."""
    joined = absolute_url(base, url)
    return joined if joined and http_url_error(joined) is None else None


def registrable_domain(host: str) -> str:
    """The site a host belongs to: its registrable domain (``example.co.uk`` of
    ``www.example.co.uk``, ``me.github.io`` of ``a.me.github.io``); under a
    top-level domain the list does not name, its last two labels (the
    list's default rule, ``*``); an IP address or a one-label name
    (``localhost``) is a site of its own."""
    host = host.lower().rstrip(".")
    try:
        ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    parts = PUBLIC_SUFFIXES(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    return ".".join(host.split(".")[-2:])


def same_site(url: str, other: str) -> bool:
    """Whether two URLs are on the same site (registrable domain; scheme and
    port aside)."""
    return registrable_domain(urlsplit(url).hostname or "") == registrable_domain(urlsplit(other).hostname or "")
