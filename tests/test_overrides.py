"""``-s NAME=VALUE`` overrides: a value the setting cannot take stops
``newsarchive run`` and ``crawl`` before the crawl, naming the setting."""
import pytest

from archive_runs import run, run_reports
from newsarchive.overrides import crawl_settings


@pytest.mark.parametrize("override, message", [
    ("CONCURRENT_REQUESTS=abc", "-s CONCURRENT_REQUESTS=abc: expected a number"),
    ("AUTOTHROTTLE_ENABLED=yes", "-s AUTOTHROTTLE_ENABLED=yes: expected true or false (or 1 or 0)"),
    ("FEEDS=out.jsonl", '-s FEEDS=out.jsonl: expected a JSON object, e.g. {"name": 1}'),
    ("REVISIT_NOW=garbage", "-s REVISIT_NOW=garbage: expected an ISO 8601 time, e.g. 2026-03-01T12:00:00Z"),
    ("REVISIT_AFTER=1h,soon", "-s REVISIT_AFTER=1h,soon: not a duration: 'soon'"),
    ("LOG_LEVEL=LOUD", "-s LOG_LEVEL=LOUD: expected one of CRITICAL, "),
    ("EXTRACTION_PROCESSES=many", "-s EXTRACTION_PROCESSES=many: expected a number of processes (0: none) or auto"),
    ("EXTRACTION_PROCESSES=-1", "-s EXTRACTION_PROCESSES=-1: expected a number of processes (0: none) or auto"),
    ("EXTRACTION_PROCESS_PAGES=some", "-s EXTRACTION_PROCESS_PAGES=some: expected a number"),
    ("EXTRACTION_PROCESS_PAGES=-5", "-s EXTRACTION_PROCESS_PAGES=-5: expected a number of pages (0: never replaced)"),
    ("WARC_GZIP_LEVEL=10", "-s WARC_GZIP_LEVEL=10: expected a gzip level, 1 (fastest) to 9 (smallest)"),
    ("ARCHIVE_SYNC_INTERVAL=often", "-s ARCHIVE_SYNC_INTERVAL=often: expected a number"),
    ("NOEQUALS", "-s NOEQUALS: write NAME=VALUE"),
])
def test_a_value_the_setting_cannot_take_is_refused_naming_it(override, message):
    with pytest.raises(ValueError) as refused:
        crawl_settings([override], None)
    assert str(refused.value).startswith(message)


def test_values_of_the_right_kind_are_taken():
    settings = crawl_settings(["DOWNLOAD_DELAY=0.5", "CONCURRENT_REQUESTS=8", "ROBOTSTXT_OBEY=false",
                               "EXTENSIONS={}", "REVISIT_NOW=2026-03-01T12:00:00Z", "REVISIT_NOW=",
                               "REVISIT_AFTER=1h,1d", "LOG_LEVEL=DEBUG", "USER_AGENT=bot (me@example.org)",
                               "EXTRACTION_PROCESSES=2", "EXTRACTION_PROCESSES=auto", "WARC_GZIP_LEVEL=1"], None)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.5 and settings.getint("CONCURRENT_REQUESTS") == 8
    assert settings.getbool("ROBOTSTXT_OBEY") is False and settings["REVISIT_NOW"] == ""


def test_a_bad_value_stops_the_run_before_the_crawl(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    result = run(sites, tmp_path / "archive", "REVISIT_NOW=garbage", expect=2)
    assert "-s REVISIT_NOW=garbage: expected an ISO 8601 time" in result.stderr
    assert "Traceback" not in result.stderr and "Spider opened" not in result.stderr
    assert not (tmp_path / "archive").exists()


def test_a_crawl_that_cannot_start_says_why_in_one_line_and_counts_it_as_an_error(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    result = run(sites, tmp_path / "archive", "CONCURRENT_REQUESTS=2.5", expect=1)  # a number, not a whole one
    assert "the crawl could not start: ValueError: invalid literal for int() with base 10: '2.5'" in result.stderr
    assert "Traceback" not in result.stderr
    [report] = run_reports(tmp_path / "archive")
    assert report["finish_reason"] == "could not start" and report["errors"] == 1
