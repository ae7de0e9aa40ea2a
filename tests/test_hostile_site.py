"""Crawls of the hostile loopback site (``hostile_site``): each trap ends in
bounded time with a clear log line, is counted, and never prints a
traceback; what may not be fetched is not fetched."""
import json
import re
import subprocess

import pytest

from archive_site import PROJECT, SCRAPY, scrapy_command
from hostile_site import DISALLOW_ALL, start_hostile_site

#: Quick to give up: a slow answer is cut after 3 s, nothing is retried.
QUICK = ("DOWNLOAD_TIMEOUT=3", "RETRY_TIMES=0", "LOG_LEVEL=INFO")


def crawl(spider_args: list[str], archive, *settings: str, expect: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run(scrapy_command(spider_args, archive, *QUICK, *settings), cwd=PROJECT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == expect, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-5000:]
    return done


def stat(stderr: str, name: str) -> int | None:
    match = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(match.group(1)) if match else None


@pytest.fixture()
def site():
    site = start_hostile_site()
    yield site
    site.shutdown()


def test_robots_txt_disallowing_everything_is_obeyed_by_every_waiting_request(tmp_path):
    site = start_hostile_site(robots=DISALLOW_ALL)
    try:
        urls = " ".join(f"{site.base}/a/{n}.html" for n in range(1, 7))
        done = crawl(["article", "-a", f"url={urls}"], tmp_path / "archive")
    finally:
        site.shutdown()
    assert site.requested == [f"127.0.0.1:{site.server_address[1]}/robots.txt"]
    assert stat(done.stderr, "robotstxt/forbidden") == 6


def test_a_robots_txt_that_cannot_be_fetched_is_one_line_and_no_traceback(site, tmp_path):
    dead = f"http://{site.closed}/a/1.html"
    done = crawl(["article", "-a", f"url={dead} {site.base}/a/1.html"], tmp_path / "archive")
    assert f"robots.txt of {site.closed} not fetched (" in done.stderr
    assert re.search(rf"could not fetch {re.escape(dead)}: \w*ConnectionRefusedError", done.stderr)
    assert stat(done.stderr, "robotstxt/unreachable") == 1
    assert f"127.0.0.1:{site.server_address[1]}/a/1.html" in site.requested


def test_a_sitemap_gives_only_http_urls_to_fetch_and_names_the_others(site, tmp_path):
    out = tmp_path / "articles.jsonl"
    done = crawl(["sitemap", "-a", f"url={site.base}/sitemap/schemes.xml", "-O", str(out)], tmp_path / "archive")
    assert [json.loads(line)["url"] for line in out.read_text().splitlines()] == [f"{site.base}/a/1.html"]
    assert f"{site.base}/sitemap/schemes.xml: refused 6 entries that are not web pages" in done.stderr
    assert "file:///etc/hostname" in done.stderr and stat(done.stderr, "refused/url") == 6
    assert not list((tmp_path / "archive" / "articles").rglob("*hostname*"))


def test_redirect_loops_chains_and_redirects_to_other_schemes_are_errors_named_in_the_log(site, tmp_path):
    done = crawl(["sitemap", "-a", f"url={site.base}/sitemap/redirects.xml"], tmp_path / "archive",
                 "REDIRECT_MAX_TIMES=5")
    assert re.search(rf"ERROR: could not fetch {re.escape(site.base)}/redirect/loop.*\.html: TooManyRedirects: "
                     rf"a redirect loop: {re.escape(site.base)}/redirect/loop\.html", done.stderr)
    assert re.search(rf"ERROR: could not fetch .*: TooManyRedirects: more than 5 redirects: "
                     rf"{re.escape(site.base)}/redirect/chain-0\.html", done.stderr)
    assert len(site.paths("/redirect/chain-")) == 6
    assert (f"not fetched: {site.base}/redirect/file.html: redirected: not an http(s) URL: "
            f"'file:///etc/hostname'") in done.stderr
    assert f"not fetched: {site.base}/redirect/ftp.html: redirected: not an http(s) URL: 'ftp://" in done.stderr
    assert stat(done.stderr, "fetch_failed/TooManyRedirects") == 2 and stat(done.stderr, "refused/url") == 2


def test_cookies_never_make_the_crawl_download_the_public_suffix_list(site, tmp_path):
    cache = tmp_path / "tldextract-cache"
    env = {"TLDEXTRACT_CACHE": str(cache),  # where a download would be cached
           "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": f"http://{site.closed}/public_suffix_list.dat"}
    done = subprocess.run(scrapy_command(["article", "-a", f"url={site.base}/cookies.html"], tmp_path / "archive",
                                         *QUICK), cwd=PROJECT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, **env})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "public_suffix_list" not in done.stderr and not cache.exists()
    assert stat(done.stderr, "newsarchive/new_articles") == 1
