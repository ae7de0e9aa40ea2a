"""Keeping a crawl within its sites' domains, redirects included.

Scrapy's ``OffsiteMiddleware`` checks every request, the redirects a
response asks for too, against the spider's ``allowed_domains``.  The
``site`` spider crawls several sites, each with its own domains: a spider
that has ``offsite_reason(request)`` decides for its requests (a request
keeps its site through redirects), and the log says why one is not fetched.
Other requests (the pictures of an article, often on a CDN) follow Scrapy's
rule.
"""
from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

log = logging.getLogger(__name__)


class SiteOffsiteMiddleware(OffsiteMiddleware):
    def should_follow(self, request, spider) -> bool:
        reason = spider.offsite_reason(request) if hasattr(spider, "offsite_reason") else None
        if reason:
            log.info("not fetched: %s: %s", request.url, reason)
            return False
        return super().should_follow(request, spider)
