"""``newsarchive demo``: crawl the demo site with the project's spiders,
settings and pipelines, and tell what came out.

The crawl starts from the site's robots.txt, as a crawler of a real site
would: the ``sitemap`` spider follows its sitemap index to the news sitemap
(the articles) and the sections sitemap (home and section pages, which the
pipelines drop as not articles, with the reason).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from ..overrides import crawl_settings
from ..runs import run_spider
from .server import running_demo_site

#: Make the crawl take seconds: the demo server is local and fast.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 0.5,
    "TELNETCONSOLE_ENABLED": False,
    "DEFAULT_DROPITEM_LOG_LEVEL": "INFO",  # the summary lists the skipped pages
}
#: Our own site: no operator to reach, no contact to give.
NO_CONTACT_CHECK = {"newsarchive.extensions.ContactCheck": None}


@dataclass
class CrawlReport:
    articles: list[str] = field(default_factory=list)
    #: ``PageDropped.reason`` -> URLs: every pipeline drops a page with a ``PageDropped``.
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def demo_settings(output: Path, archive: Path) -> Settings:
    """The project's settings (whatever the working directory), the demo's,
    the archive in ``archive`` and a JSON Lines feed to ``output``."""
    settings = crawl_settings([f"ARCHIVE_DIR={archive}"], output)
    settings.setdict(DEMO_SETTINGS, priority="cmdline")
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), **NO_CONTACT_CHECK}, priority="cmdline")
    return settings


def crawl_demo_site(output: Path, archive: Path, port: int) -> tuple[str, CrawlReport]:
    """Serve the demo site on loopback ``port`` and crawl it into the archive
    ``archive``; the site's origin and what the crawl gave.  ``OSError``
    when the port cannot be listened on."""
    report = CrawlReport()

    def scraped(item, response, spider):
        report.articles.append(response.url)

    def dropped(item, response, exception, spider):
        report.skipped[exception.reason].append(response.url)

    def connect(crawler: Crawler) -> None:
        crawler.signals.connect(scraped, signal=signals.item_scraped)
        crawler.signals.connect(dropped, signal=signals.item_dropped)

    with running_demo_site(port) as origin:
        run_spider(demo_settings(output, archive), "sitemap", connect, url=f"{origin}/robots.txt")
    return origin, report


def summary(origin: str, report: CrawlReport, output: Path) -> str:
    lines = [f"Crawled the demo site at {origin}/ (served on loopback, now stopped).",
             f"{len(report.articles)} articles written to {output}"]
    skipped = sum(len(urls) for urls in report.skipped.values())
    if skipped:
        lines.append(f"{skipped} pages skipped:")
        for reason, urls in sorted(report.skipped.items()):
            paths = ", ".join(url.removeprefix(origin) for url in sorted(urls))
            lines.append(f"  {reason}: {paths}")
    return "\n".join(lines)
