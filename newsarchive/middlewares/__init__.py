"""Scrapy middlewares of newsarchive, one concern each.

Downloader middlewares: ``urls`` (the one URL rule: only http(s) web
pages, first of all), ``robots`` (robots.txt obeyed by every request),
``redirects`` (loops and long chains reported), ``budget`` (every request of
a site counts towards its ``max_pages``), ``cookies`` (the offline Public
Suffix List), ``warc`` (every response written to WARC), ``revisits``
(archived articles fetched again only when due), ``offsite`` (each request
kept within its site's domains, redirects included).  Spider
middlewares: ``errbacks`` (every request gets its spider's errback; the
last resort against a page that fails).

Per-request policy is in ``Request.meta``, as Scrapy's own (``dont_cache``,
``allow_offsite``):

``dont_archive``
    ``True``: the response is not written to WARC (``middlewares.warc``).
``warc_capture``
    Set by ``middlewares.warc`` on the request of a written response: where
    its record is (WARC file, offset, length, record id, WARC-Date, digest).
``revisit_after``
    When an archived article is fetched again: a list of durations
    (``"15m"``, ``"1d"``, or ``timedelta``) from its first capture, ``[]``
    for never; default ``REVISIT_AFTER`` (``middlewares.revisits``).
``allowed_domains``
    The domains (and their subdomains) the request may go to, redirects
    included, in place of the spider's ``allowed_domains``
    (``middlewares.offsite``); ``site`` names the site in the log line of a
    request it refuses.
``max_pages``
    With ``site``: how many requests that site may send in a crawl,
    pictures included (``middlewares.budget``).
"""
