"""The sites file: which news sites the ``site`` spider crawls, and how.

``sites.toml`` holds one ``[[site]]`` table per site (see the documented
example at the root of the project).  ``load_sites`` reads and checks the
whole file before anything is fetched: a mistake raises ``SitesFileError``
whose message names the file, the site and the key.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .extraction.selectors import check_selectors
from .extraction.urls import HOST_NAME, http_url_error
from .archive.revisits import DEFAULT_REVISITS
from .utils.timeutils import parse_duration

DEFAULT_MAX_DEPTH = 2
DEFAULT_MAX_PAGES = 1000

_NAME = re.compile(r"[\w.-]+")


class SitesFileError(ValueError):
    """The sites file cannot be used; the message says where and why."""


def on_domains(host: str, domains: Sequence[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one."""
    return any(host == domain or host.endswith("." + domain) for domain in domains)


@dataclass(frozen=True)
class Site:
    """One configured site.

    ``start_urls`` are read for what they turn out to be (robots.txt,
    sitemap, feed or HTML page); ``feeds``, ``sitemaps`` and ``sections``
    say it.  Links are followed within ``allowed_domains`` (and their
    subdomains) up to ``max_depth`` links from a start page, at most
    ``max_pages`` requests.  With ``article_urls`` a page is an article when
    its URL matches one; without, the extraction decides.
    """

    name: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_urls: tuple[re.Pattern, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)
    max_depth: int = DEFAULT_MAX_DEPTH
    max_pages: int = DEFAULT_MAX_PAGES
    #: Entries and links dated longer ago than this are skipped, articles
    #: published longer before their fetch dropped; not those of articles
    #: the archive has, which ``revisit`` alone governs.
    max_age: timedelta | None = None
    #: Ages at which an archived article is fetched again; empty: never.
    revisit: tuple[timedelta, ...] = tuple(parse_duration(d) for d in DEFAULT_REVISITS)

    def starts(self) -> list[tuple[str, str | None]]:
        """Each start URL with its kind: ``"feed"``, ``"sitemap"``,
        ``"section"`` or ``None`` (find out from the response)."""
        return [*((u, None) for u in self.start_urls), *((u, "feed") for u in self.feeds),
                *((u, "sitemap") for u in self.sitemaps), *((u, "section") for u in self.sections)]

    def allows(self, url: str) -> bool:
        """Whether ``url`` is on one of the site's domains or their subdomains."""
        return on_domains(urlsplit(url).hostname or "", self.allowed_domains)

    def is_article_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.article_urls)


# -- checking each key --------------------------------------------------------

def _string(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected {what}, got {value!r}")
    return value.strip()


def _strings(value, what: str) -> list[str]:
    """A list of strings (a single string is a list of one)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError(f"expected a list of {what}s, got {value!r}")
    return [_string(item, what) for item in items]


def _name(value) -> str:
    name = _string(value, "a name")
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r}: use letters, digits, '.', '_' and '-' only")
    return name


def _url(text: str) -> str:
    """The URL of a web page (``http_url_error``, the rule for every URL a
    user gives), and, as it is written by hand here, without white space or
    control characters (a typo, where a link in a page would be escaped)."""
    if error := http_url_error(text):
        raise ValueError(error)
    if any(c.isspace() or not c.isprintable() for c in text):
        raise ValueError(f"not a valid URL: {text!r}: white space or a control character")
    return text


def _urls(value) -> tuple[str, ...]:
    return tuple(_url(u) for u in _strings(value, "URL"))


def _domains(value) -> tuple[str, ...]:
    domains = tuple(d.lower().removeprefix("www.") for d in _strings(value, "domain name"))
    for domain in domains:
        if not HOST_NAME.fullmatch(domain):
            raise ValueError(f"not a domain name: {domain!r} (no scheme, port or path)")
    return domains


def _patterns(value) -> tuple[re.Pattern, ...]:
    patterns = []
    for text in _strings(value, "regular expression"):
        try:
            patterns.append(re.compile(text))
        except re.error as exc:
            raise ValueError(f"bad regular expression {text!r}: {exc}") from None
    return tuple(patterns)


def _selectors(value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of field = \"selector\", got {value!r}")
    return check_selectors(value)


def _count(value, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ValueError(f"expected a whole number of at least {least}, got {value!r}")
    return value


def _revisit(value) -> tuple[timedelta, ...]:
    """A rising list of durations; ``false`` or ``[]`` for never."""
    if value is False:
        return ()
    ages = tuple(parse_duration(d) for d in _strings(value, "duration"))
    if any(later <= earlier for earlier, later in zip(ages, ages[1:])):
        raise ValueError(f"the durations must rise: {value!r}")
    return ages


#: Every key a ``[[site]]`` table may have, and how its value is checked.
KEYS = {
    "name": _name,
    "start_urls": _urls,
    "feeds": _urls,
    "sitemaps": _urls,
    "sections": _urls,
    "allowed_domains": _domains,
    "article_urls": _patterns,
    "selectors": _selectors,
    "max_depth": lambda v: _count(v, 0),
    "max_pages": lambda v: _count(v, 1),
    "max_age": lambda v: parse_duration(_string(v, "a duration")),
    "revisit": _revisit,
}


def read_site(table, label: str) -> Site:
    """One ``[[site]]`` table as a ``Site``; ``label`` names it in errors
    until its name is known."""
    if not isinstance(table, dict):
        raise SitesFileError(f"{label}: expected a [[site]] table")
    if "name" not in table:
        raise SitesFileError(f"{label}: missing key 'name'")
    values: dict[str, Any] = {}
    for key in sorted(table, key=lambda k: k != "name"):  # the name first: it labels the errors
        if key not in KEYS:
            raise SitesFileError(f"{label}: unknown key {key!r} (keys: {', '.join(KEYS)})")
        try:
            values[key] = KEYS[key](table[key])
        except ValueError as exc:
            raise SitesFileError(f"{label}: {key}: {exc}") from None
        label = f"site {values['name']!r}"
    site = Site(**values)
    if not site.starts():
        raise SitesFileError(f"{label}: no start URL: give start_urls, feeds, sitemaps or sections")
    if not site.allowed_domains:  # the hosts it starts from
        hosts = ((urlsplit(url).hostname or "").removeprefix("www.") for url, _ in site.starts())
        site = replace(site, allowed_domains=tuple(dict.fromkeys(hosts)))
    return site


def read_sites(text: str, origin: str) -> list[Site]:
    """The sites of a sites file's text; ``origin`` (its path) starts each error."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SitesFileError(f"{origin}: not valid TOML: {exc}") from None
    unknown = set(document) - {"site"}
    if unknown:
        raise SitesFileError(f"{origin}: unknown key {sorted(unknown)[0]!r}: each site is a [[site]] table")
    tables = document.get("site", [])
    if not isinstance(tables, list) or not tables:
        raise SitesFileError(f"{origin}: no site: add a [[site]] table")
    sites: dict[str, Site] = {}
    for number, table in enumerate(tables, 1):
        try:
            site = read_site(table, f"site #{number}")
        except SitesFileError as exc:
            raise SitesFileError(f"{origin}: {exc}") from None
        if site.name in sites:
            first = list(sites).index(site.name) + 1
            raise SitesFileError(f"{origin}: site {site.name!r} (#{number}): name: already used by site #{first}")
        sites[site.name] = site
    return list(sites.values())


def load_sites(path: str | Path, only: str | None = None) -> list[Site]:
    """The sites of the file at ``path`` (only the one named ``only``, if given)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SitesFileError(f"cannot read sites file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    sites = read_sites(text, str(path))
    if only is None:
        return sites
    chosen = [s for s in sites if s.name == only]
    if not chosen:
        raise SitesFileError(f"{path}: no site named {only!r} (sites: {', '.join(s.name for s in sites)})")
    return chosen


def selectors_for(sites: Sequence[Site], url: str) -> dict[str, str]:
    """The selectors of the first of ``sites`` that ``url`` is on (none
    when it is on none of them): what a crawl of that site applies."""
    return next((dict(site.selectors) for site in sites if site.allows(url)), {})
