"""The sites file: read into typed sites, every mistake named before a fetch."""
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from newsarchive.sites import (DEFAULT_MAX_DEPTH, SitesFileError, load_sites, read_sites)
from newsarchive.utils.timeutils import format_duration, parse_duration

ROOT = Path(__file__).resolve().parents[1]
GOOD = '''
[[site]]
name = "one"
start_urls = ["https://www.one.test/"]
'''


def run(command: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_the_documented_sites_file_describes_the_demo_site():
    (demo,) = load_sites(ROOT / "sites.toml")
    assert demo.name == "demo"
    assert demo.starts() == [("http://127.0.0.1:8642/", None), ("http://127.0.0.1:8642/feed.xml", "feed"),
                             ("http://127.0.0.1:8642/sitemap-index.xml", "sitemap")]
    assert demo.allowed_domains == ("127.0.0.1",)
    assert demo.is_article_url("http://127.0.0.1:8642/world/2024/07/01/port-reopens.html")
    assert not demo.is_article_url("http://127.0.0.1:8642/world/")


def test_the_commented_example_is_a_valid_site_once_uncommented():
    text = (ROOT / "sites.toml").read_text(encoding="utf-8")
    example = text.split("# A real site", 1)[1].split("\n", 1)[1]
    (site,) = read_sites(re.sub(r"(?m)^# ?", "", example), "example")
    assert site.name == "example-news"
    assert site.max_age == timedelta(days=2)
    assert set(site.selectors) == {"authors", "published"}
    assert site.allows("https://news.example.com/a") and not site.allows("https://example.org/a")


def test_defaults_and_allowed_domains_from_the_start_urls():
    (site,) = read_sites(GOOD, "sites.toml")
    assert site.allowed_domains == ("one.test",)
    assert site.allows("https://www.one.test/a") and site.allows("http://one.test/b")
    assert not site.allows("https://notone.test/") and not site.allows("https://one.test.evil.test/")
    assert site.max_depth == DEFAULT_MAX_DEPTH and site.max_age is None
    assert site.revisit == (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3),
                            timedelta(days=1), timedelta(days=3))


def test_urls_with_ip_addresses_ports_and_international_host_names_are_valid():
    text = ('[[site]]\nname = "a"\nstart_urls = ["http://[::1]:8080/", "http://127.0.0.1:65535/x", '
            '"https://bücher.test/neu"]\n')
    (site,) = read_sites(text, "sites.toml")
    assert site.start_urls == ("http://[::1]:8080/", "http://127.0.0.1:65535/x", "https://bücher.test/neu")


def test_revisits_can_be_turned_off():
    (site,) = read_sites(GOOD + "revisit = false\n", "sites.toml")
    assert site.revisit == ()


@pytest.mark.parametrize("text, expected", [
    ("90m", timedelta(minutes=90)), ("36h", timedelta(hours=36)), ("2d", timedelta(days=2)),
    ("1w", timedelta(weeks=1)), ("1d12h", timedelta(days=1, hours=12)), ("1D 6H", timedelta(days=1, hours=6)),
])
def test_durations(text, expected):
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "2", "d", "2 days", "-1d", "1.5h", "2s"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize("text, message", [
    ('[[site]\nname = "x"', r"sites\.toml: not valid TOML: .*line 1"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\nfollow = true',
     r"site 'a': unknown key 'follow' \(keys: name, "),
    ('[[site]]\nstart_urls = ["https://a.test/"]\nmax_depth = "2"\nname = "a"',
     r"site 'a': max_depth: expected a whole number of at least 0, got '2'"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\nmax_pages = 0', r"site 'a': max_pages: .*got 0"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\narticle_urls = ["/news/", "/(x"]',
     r"site 'a': article_urls: bad regular expression '/\(x': missing \)"),
    ('[[site]]\nname = "a"\nfeeds = ["a.test/rss"]', r"site 'a': feeds: not an http\(s\) URL: 'a.test/rss'"),
    ('[[site]]\nname = "a"\nsitemaps = "ftp://a.test/s.xml"', r"site 'a': sitemaps: not an http\(s\) URL"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:99999/"]',
     r"site 'a': start_urls: not a valid URL: 'http://127.0.0.1:99999/': Port out of range 0-65535"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://a.test:80a/"]', r"start_urls: not a valid URL: .*could not be cast"),
    ('[[site]]\nname = "a"\nfeeds = ["http://[::1/rss"]', r"site 'a': feeds: not a valid URL: .*Invalid IPv6 URL"),
    ('[[site]]\nname = "a"\nsections = ["https://a.test/world news/"]', r"sections: not a valid URL: .*white space"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a..test/"]', r"not a valid URL: .*bad host name 'a..test'"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a_b!.test/"]', r"not a valid URL: .*bad host name 'a_b!.test'"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\nallowed_domains = ["https://a.test/"]',
     r"site 'a': allowed_domains: not a domain name"),
    ('[[site]]\nstart_urls = ["https://a.test/"]', r"site #1: missing key 'name'"),
    ('[[site]]\nname = "a b"\nstart_urls = ["https://a.test/"]', r"site #1: name: 'a b': use letters"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\n[[site]]\nname = "a"\nfeeds = ["https://a.test/f"]',
     r"site 'a' \(#2\): name: already used by site #1"),
    ('[[site]]\nname = "a"\nmax_depth = 1', r"site 'a': no start URL"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\nmax_age = "2 days"', r"site 'a': max_age: not a duration"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\nrevisit = ["1h", "15m"]',
     r"site 'a': revisit: the durations must rise"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\n[site.selectors]\nheadline = "h1["',
     r"site 'a': selectors: headline: not a valid CSS selector 'h1\['"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\n[site.selectors]\npublished = "//time[@"',
     r"site 'a': selectors: published: not a valid XPath selector"),
    ('[[site]]\nname = "a"\nstart_urls = ["https://a.test/"]\n[site.selectors]\nauthor = ".byline"',
     r"site 'a': selectors: unknown field 'author' \(fields: headline, "),
    ('name = "a"', r"unknown key 'name': each site is a \[\[site\]\] table"),
    ('', r"no site: add a \[\[site\]\] table"),
])
def test_a_wrong_file_gets_a_message_naming_the_site_and_key(text, message):
    with pytest.raises(SitesFileError, match=message) as error:
        read_sites(text, "sites.toml")
    assert str(error.value).startswith("sites.toml: ")


def test_only_picks_one_site_and_names_the_others_when_it_is_not_there(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(GOOD + GOOD.replace('"one"', '"two"'), encoding="utf-8")
    assert [s.name for s in load_sites(path, only="two")] == ["two"]
    with pytest.raises(SitesFileError, match=r"no site named 'three' \(sites: one, two\)"):
        load_sites(path, only="three")
    with pytest.raises(SitesFileError, match="cannot read sites file"):
        load_sites(tmp_path / "missing.toml")


BROKEN = GOOD.replace("https://www.one.test/", "{origin}/") + '''
[[site]]
name = "two"
feeds = ["{origin}/feed.xml"]
max_age = "yesterday"
'''


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "newsarchive.cli", "crawl", "--sites", "sites.toml"],
    [sys.executable, "-m", "scrapy", "crawl", "site", "-a", "sites=sites.toml"],
])
def test_both_commands_stop_on_a_broken_file_before_fetching_without_traceback(command, demo_site, tmp_path):
    (tmp_path / "sites.toml").write_text(BROKEN.format(origin=demo_site), encoding="utf-8")
    done = run(command, cwd=tmp_path)
    assert done.returncode == 2
    assert "sites.toml: site 'two': max_age: not a duration: 'yesterday'" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Spider opened" not in done.stderr and "Crawled" not in done.stderr
    assert not (tmp_path / "archive").exists()
