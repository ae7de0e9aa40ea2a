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

from ..runs import run_spider
from .server import running_demo_site

#: Make the crawl take seconds: the demo server is local and fast.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 0.5,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_INSTALL_ROOT_HANDLER": False,  # the newsarchive command has configured logging
    "DEFAULT_DROPITEM_LOG_LEVEL": "INFO",  # the summary lists the skipped pages
}
#: Our own site: no operator to reach (the project's other extensions stay on).
DEMO_EXTENSIONS = {"newsarchive.extensions.ContactCheck": None}


@dataclass
class CrawlReport:
    articles: list[str] = field(default_factory=list)
    #: ``PageDropped.reason`` -> URLs: every pipeline drops a page with a ``PageDropped``.
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def project_settings(output: Path) -> Settings:
    """The project's settings (whatever the working directory), the demo's
    overrides, and a JSON Lines feed to ``output``."""
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.setdict(DEMO_SETTINGS, priority="cmdline")
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), **DEMO_EXTENSIONS}, priority="cmdline")
    feeds = {**settings.getdict("FEEDS"), str(output): {"format": "jsonlines", "overwrite": True}}
    settings.set("FEEDS", feeds, priority="cmdline")
    return settings


def crawl_demo_site(output: Path) -> tuple[str, CrawlReport]:
    """Serve the demo site on a free loopback port and crawl it; the site's
    origin and what the crawl gave."""
    report = CrawlReport()

    def scraped(item, response, spider):
        report.articles.append(response.url)

    def dropped(item, response, exception, spider):
        report.skipped[exception.reason].append(response.url)

    def connect(crawler: Crawler) -> None:
        crawler.signals.connect(scraped, signal=signals.item_scraped)
        crawler.signals.connect(dropped, signal=signals.item_dropped)

    with running_demo_site() as origin:
        run_spider(project_settings(output), "sitemap", connect, url=f"{origin}/robots.txt")
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
