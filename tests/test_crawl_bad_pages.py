"""Real crawls past bad pages and broken responses: each is one log line
with its URL and reason, never a traceback, and the good pages come out."""
import json
import re

import pytest

from archive_site import crawl_command, run_crawl, scrapy_command
from bad_site import GONE, GOOD, READABLE, REFUSED, UNREADABLE, start_bad_site


@pytest.fixture(scope="module")
def site():
    site = start_bad_site()
    yield site
    site.shutdown()


def read_jsonl(path) -> dict[str, dict]:
    return {a["url"]: a for a in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def stat(stderr: str, name: str) -> int | None:
    match = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(match.group(1)) if match else None


def check_crawl(site, stderr: str, articles: dict[str, dict]) -> None:
    assert "Traceback" not in stderr
    for path, (_, reason) in UNREADABLE.items():
        assert re.search(reason.format(url=re.escape(site.base + path)), stderr), path
        assert site.base + path not in articles
    assert re.search(REFUSED.format(url=re.escape(site.refused_url)), stderr)
    assert stat(stderr, "fetch_failed/count") == 3  # data loss, gzip, refused
    assert f"ERROR: {site.base}{GONE}: HTTP 404\n" in stderr  # one line, not Scrapy's "Ignoring response" at INFO
    assert stat(stderr, "http_error/count") == 1 and "Ignoring response" not in stderr
    for path, (_, body) in READABLE.items():
        assert articles[site.base + path]["body"].startswith(body), path
    assert f"{site.base}/bad/ld-deep.html: skipped a JSON-LD block: nested too deep to read" in stderr
    for path in GOOD:
        assert articles[site.base + path]["headline"].startswith("Story number")


QUIET = ("LOG_LEVEL=INFO", "ARCHIVE_IMAGES=0")


def test_article_crawl_goes_past_bad_pages_with_a_line_each(site, tmp_path):
    out = tmp_path / "articles.jsonl"
    done = run_crawl(crawl_command(site.page_urls(), tmp_path / "archive", *QUIET) + ["-O", str(out)])
    check_crawl(site, done.stderr, read_jsonl(out))


def test_sitemap_crawl_gives_the_listed_pages_the_same_errback(site, tmp_path):
    out = tmp_path / "articles.jsonl"
    done = run_crawl(scrapy_command(["sitemap", "-a", f"url={site.base}/sitemap.xml"], tmp_path / "archive",
                                    "ROBOTSTXT_OBEY=0", *QUIET) + ["-O", str(out)])
    check_crawl(site, done.stderr, read_jsonl(out))


def test_site_crawl_reads_past_malformed_links(site, tmp_path):
    """The site spider reads links and the canonical link itself: malformed
    ones are passed over, and the page is an article all the same; a start
    URL it cannot fetch is one line."""
    (tmp_path / "sites.toml").write_text(f'[[site]]\nname = "bad"\nstart_urls = ["{site.base}/", '
                                         f'"{site.refused_url}"]\nmax_depth = 1\n', encoding="utf-8")
    out = tmp_path / "articles.jsonl"
    done = run_crawl(scrapy_command(["site", "-a", f"sites={tmp_path / 'sites.toml'}"], tmp_path / "archive",
                                    "ROBOTSTXT_OBEY=0", *QUIET) + ["-O", str(out)])
    assert "Traceback" not in done.stderr and "page dropped" not in done.stderr
    assert re.search(REFUSED.format(url=re.escape(site.refused_url)), done.stderr)
    articles = read_jsonl(out)
    assert all(site.base + path in articles for path in [*GOOD, "/bad/malformed-urls.html"])


def test_an_exception_escaping_a_spider_drops_that_page_in_one_line(caplog):
    """The last resort: one error line naming the page and the reason, the
    stats counted, nothing more of that page."""
    from scrapy.http import HtmlResponse
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from newsarchive.middlewares.errbacks import PageFailureMiddleware
    stats = MemoryStatsCollector(get_crawler())
    middleware = PageFailureMiddleware(stats)
    response = HtmlResponse("http://news.test/odd.html", body=b"<html></html>")
    assert middleware.process_spider_exception(response, ValueError("an odd page")) == []
    assert "page dropped, http://news.test/odd.html: ValueError: an odd page" in caplog.text
    assert stats.get_value("page_failed/count") == 1 and stats.get_value("page_failed/ValueError") == 1


def test_a_dropped_page_is_logged_by_its_reason_not_its_contents(site, tmp_path):
    out = tmp_path / "articles.jsonl"
    done = run_crawl(crawl_command([site.base + "/", site.base + GOOD[0]], tmp_path / "archive", *QUIET)
                     + ["-O", str(out)])
    dropped = [line for line in done.stderr.splitlines() if "Dropped:" in line]
    assert dropped == [f"{dropped[0].split(' [')[0]} [scrapy.core.scraper] WARNING: Dropped: not an article: "
                       f"{site.base}/: listing page: root URL"]
    assert len(done.stderr) < 20_000  # the home page is over a megabyte
    assert list(read_jsonl(out)) == [site.base + GOOD[0]]
