"""Crawls of the hostile loopback site (``hostile_site``): each trap ends in
bounded time with a clear log line, is counted, and never prints a
traceback; what may not be fetched is not fetched."""
import gzip
import json
import re
import subprocess

import pytest

from archive_site import PROJECT, SCRAPY, scrapy_command
from hostile_site import DISALLOW_ALL, start_hostile_site
from newsarchive.cli import main

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


def run_sites(tmp_path, sites: str, *settings: str) -> subprocess.CompletedProcess:
    """``newsarchive run`` of a sites file into ``tmp_path/archive``."""
    (tmp_path / "sites.toml").write_text(sites, encoding="utf-8")
    command = [str(SCRAPY.with_name("newsarchive")), "run", "-v", "--sites", str(tmp_path / "sites.toml"),
               "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", "-s", "AUTOTHROTTLE_ENABLED=0",
               "-s", "TELNETCONSOLE_ENABLED=0"]
    for setting in (*QUICK, *settings):
        command += ["-s", setting]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr[-5000:]
    return done


def last_report(tmp_path) -> dict:
    return json.loads(sorted((tmp_path / "archive" / "runs").glob("run-*.json"))[-1].read_text())


def test_pictures_count_towards_a_sites_max_pages(site, tmp_path):
    done = run_sites(tmp_path, f'[[site]]\nname = "h"\nstart_urls = ["{site.base}/pictures/1-300.html"]\n'
                               'max_pages = 5\n')
    assert done.returncode == 0, done.stderr[-3000:]
    assert len([p for p in site.requested if not p.endswith("/robots.txt")]) == 5
    assert "site h: max_pages (5) reached, fetching no more of it" in done.stderr
    refused = stat(done.stderr, "refused/max_pages")
    assert refused >= 296 and last_report(tmp_path)["refused"] == refused  # the page and four pictures sent


def test_archived_articles_skipped_do_not_use_up_max_pages_so_a_backlog_is_worked_off(site, tmp_path):
    sites = '[[site]]\nname = "h"\nsitemaps = ["{base}/sitemap/pages-{pages}.xml"]\nmax_pages = {max_pages}\nrevisit = false\n'
    run_sites(tmp_path, sites.format(base=site.base, pages=6, max_pages=10), "ARCHIVE_IMAGES=0")
    assert last_report(tmp_path)["new_articles"] == 6
    run_sites(tmp_path, sites.format(base=site.base, pages=12, max_pages=7), "ARCHIVE_IMAGES=0")
    report = last_report(tmp_path)
    assert (report["new_articles"], report["skipped"]) == (6, 6)  # the sitemap and six new pages: seven requests


def test_an_endless_chain_of_sitemap_indexes_ends_at_listing_max_depth(site, tmp_path):
    done = crawl(["sitemap", "-a", f"url={site.base}/sitemap/index-0.xml"], tmp_path / "archive")
    assert len(site.paths("/sitemap/index-")) == 5  # the start and four levels below it
    assert (f"refused {site.base}/sitemap/index-4.xml: names 1 more listings, nested deeper than "
            "LISTING_MAX_DEPTH (4): not read") in done.stderr


def test_offline_input_keeps_to_the_crawls_download_size_limit(tmp_path):
    from newsarchive.offline import extract_file

    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as handle:  # inflates to 200 MB
        for _ in range(200):
            handle.write(b" " * 2**20)
    assert extract_file(bomb, "https://a.test/") == {"error": "larger than 32 MB (DOWNLOAD_MAXSIZE), not read"}


def test_huge_slow_endless_and_bomb_answers_end_in_bounded_time_with_a_line_each(site, tmp_path):
    paths = ["/slow.html", "/endless.html", "/gzip-bomb.html", "/lying-length.html", "/malformed.html",
             "/entity-bomb.xml", "/xxe.xml", "/big/1.html"]
    urls = " ".join(site.base + path for path in paths)
    out = tmp_path / "articles.jsonl"
    done = crawl(["article", "-a", f"url={urls}", "-O", str(out)], tmp_path / "archive", "DOWNLOAD_MAXSIZE=1000000",
                 "EXTRACT_MAXSIZE=100000")
    base = re.escape(site.base)
    assert re.search(rf"could not fetch {base}/slow\.html: \w*TimeoutError", done.stderr)
    assert re.search(rf"could not fetch {base}/endless\.html: .*(maxsize|cancel|larger)", done.stderr, re.I)
    assert re.search(rf"{base}/gzip-bomb\.html.*(max|size|larger)", done.stderr, re.I)
    assert re.search(rf"could not fetch {base}/lying-length\.html: .*DataLoss", done.stderr)
    assert re.search(rf"skipped {base}/big/1\.html: too large to extract \(0\.2 MB", done.stderr)
    for path in ("/entity-bomb.xml", "/xxe.xml"):  # read as pages: nothing expanded, no article
        assert re.search(rf"not an article: {base}{re.escape(path)}: no headline", done.stderr), path
    assert [json.loads(line)["url"] for line in out.read_text().splitlines()] == [site.base + "/malformed.html"]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if " ERROR " in line]


def test_a_site_and_a_picture_host_that_vanish_mid_crawl_end_it_with_one_counted_line_a_failure(tmp_path):
    pictures = start_hostile_site(vanish_after=4)  # robots.txt and three pictures
    site = start_hostile_site(vanish_after=5, pictures_from=pictures.base)  # robots.txt, sitemap, three articles
    try:
        done = run_sites(tmp_path, f'[[site]]\nname = "h"\nsitemaps = ["{site.base}/sitemap/pages-8.xml"]\n',
                         "RETRY_TIMES=1")
    finally:
        site.shutdown()
        pictures.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]  # finished: some pages failed, the report counts them
    report = last_report(tmp_path)
    [feed] = (tmp_path / "archive" / "runs").glob("*.jsonl")
    archived = {json.loads(line)["url"] for line in feed.read_text().splitlines()}
    errors = error_lines(done.stderr)
    failed = [re.search(r"(?:could not fetch|picture not archived:) (\S+): \w+", line).group(1) for line in errors]
    # one line a failure, after Scrapy's retries (its own give-up line at INFO), each counted once
    assert report["errors"] == len(errors) == len(set(failed)) and "Gave up retrying" not in "".join(errors)
    pages = {f"{site.base}/a/{n}.html" for n in range(1, 9)}
    failed_pages = {url for url in failed if url in pages}
    assert failed_pages and archived and failed_pages == pages - archived and report["new_articles"] == len(archived)
    pictures_of_archived = {f"{pictures.base}/img/{url.rsplit('/', 1)[1].split('.')[0]}{size}.png"
                            for url in archived for size in ("", "-2x")}
    served = {f"http://{path}" for path in pictures.requested}
    assert set(failed) - pages == pictures_of_archived - served != set()
    assert main(["verify", "--archive-dir", str(tmp_path / "archive")]) == 0


def test_an_unreachable_robots_txt_is_a_warning_not_an_error_of_the_run(site, tmp_path):
    """Its host's pages are errors if they fail; the robots.txt is one
    warning, not counted, even after Scrapy's retries."""
    sites = (f'[[site]]\nname = "up"\nstart_urls = ["{site.base}/a/1.html"]\n'
             f'[[site]]\nname = "down"\nstart_urls = ["http://{site.closed}/a/1.html"]\n')
    done = run_sites(tmp_path, sites, "RETRY_TIMES=2", "ARCHIVE_IMAGES=0")
    assert done.returncode == 0, done.stderr[-3000:]
    assert [line.split(" ERROR ", 1)[1] for line in error_lines(done.stderr)] == [
        f"site: could not fetch http://{site.closed}/a/1.html: DownloadConnectionRefusedError: Connection was refused "
        "by other side: 111: Connection refused."]
    assert len(re.findall(rf"WARNING .*robots\.txt of {site.closed} not fetched", done.stderr)) == 1
    assert last_report(tmp_path)["errors"] == 1 and last_report(tmp_path)["new_articles"] == 1
