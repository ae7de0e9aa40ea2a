"""Keeping a crawl within its sites' domains, redirects included.

Scrapy's ``OffsiteMiddleware`` checks every request, the redirects a
response asks for too, against the spider's ``allowed_domains``.  The
``site`` spider crawls several sites, each with its own domains: a request
whose ``meta["allowed_domains"]`` names domains may go to those (and their
subdomains) alone, and keeps them through its redirects; the log says why
one is not fetched.  Other requests (the pictures of an article, often on a
CDN) follow Scrapy's rule, ``allow_offsite`` included.
"""
from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from ..sites import on_domains

log = logging.getLogger(__name__)


def offsite_reason(request: Request, domains: list[str] | tuple[str, ...]) -> str:
    site = request.meta.get("site")
    origin = (request.meta.get("redirect_urls") or [None])[0]
    return (f"outside the domains of {f'site {site}' if site else 'the request'} ({', '.join(domains)})"
            + (f", redirected from {origin}" if origin else ""))


class SiteOffsiteMiddleware(OffsiteMiddleware):
    def should_follow(self, request: Request, spider: Spider) -> bool:
        domains = request.meta.get("allowed_domains")
        if domains is None:
            return super().should_follow(request, spider)
        if on_domains(urlparse_cached(request).hostname or "", domains):
            return True
        log.info("not fetched: %s: %s", request.url, offsite_reason(request, domains))
        return False
