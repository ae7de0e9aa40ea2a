"""``newsarchive run``: the archive's lock, the run report, the exit status, progress."""
import io
import logging
import os
import subprocess
import time
from datetime import datetime, timezone

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archive_runs import PROJECT, run, run_command, run_reports, write_sites_file
from archive_site import start_site
from newsarchive.extensions import ContactCheck, Progress
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.cli.crawl import EXIT_LOCKED
from newsarchive.runs import RunLocked, report_from_stats, run_lock
from newsarchive.settings import USER_AGENT

#: Slow enough for a second run to start while the first is going.
SLOW = ("DOWNLOAD_DELAY=0.1", "RANDOMIZE_DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=1")


def test_the_lock_is_held_by_one_holder_at_a_time(tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    with run_lock(layout) as path:
        assert path == tmp_path / "archive" / "run.lock"
        with pytest.raises(RunLocked, match=f"another run is archiving into {layout.root} \\(pid {os.getpid()}, "):
            with run_lock(layout):
                pass
    assert layout.lock_path.read_text(encoding="utf-8") == ""  # no holder any more
    with run_lock(layout):  # released at the end of the block
        pass


def test_a_second_run_while_one_is_going_exits_at_once_saying_so(demo_site, tmp_path):
    sites, archive = write_sites_file(tmp_path, demo_site), tmp_path / "archive"
    first = subprocess.Popen(run_command(sites, archive, *SLOW), cwd=PROJECT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while "pid" not in _read(ArchiveLayout(archive).lock_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        second = run(sites, archive, expect=EXIT_LOCKED)
        assert time.monotonic() - started < 15
        assert first.poll() is None, "the first run ended before the second started"
        assert f"another run is archiving into {archive} (pid {first.pid}," in second.stderr
        assert "not starting" in second.stderr
    finally:
        _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr[-3000:]
    [report] = run_reports(archive)  # the refused run wrote none
    assert report["new_articles"] == len(ARTICLES) and not report["failed"]


def _read(path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def test_a_run_writes_its_report_to_the_log_and_as_json(demo_site, tmp_path):
    sites, archive = write_sites_file(tmp_path, demo_site), tmp_path / "archive"
    result = run(sites, archive, "PROGRESS_INTERVAL=0.2")
    [report] = run_reports(archive)
    assert report["pages_fetched"] >= len(ARTICLES) + 3  # robots.txt, home, feed, the articles...
    assert (report["new_articles"], report["new_versions"], report["skipped"], report["errors"]) == \
        (len(ARTICLES), 0, 0, 0)
    assert report["finish_reason"] == "finished" and report["failed"] is False
    assert report["duration_s"] > 0 and report["sites"] == str(sites)
    assert f"INFO newsarchive: run finished in {report['duration_s']:.1f} s: {report['pages_fetched']} pages " \
           f"fetched, {len(ARTICLES)} new articles, 0 new versions, 0 unchanged, 0 skipped (not due), 0 refused, " \
           f"0 errors; " \
           f"report {archive}/runs/run-" in result.stderr
    # not on a terminal: plain progress lines in the log
    assert "INFO newsarchive.extensions: progress: " in result.stderr
    assert "\r" not in result.stderr


def test_a_run_that_reaches_nothing_fails(tmp_path):
    sites = write_sites_file(tmp_path, "http://127.0.0.1:9")  # the discard port: nothing listens
    result = run(sites, tmp_path / "archive", "RETRY_TIMES=0", expect=1)
    [report] = run_reports(tmp_path / "archive")
    assert report["failed"] is True and report["pages_fetched"] == 0 and report["errors"] > 0
    assert "run FAILED" in result.stderr


def test_pages_the_site_answers_with_an_http_error_are_logged_and_counted_as_errors(tmp_path):
    site = start_site()  # its home page and feed: 404
    try:
        result = run(write_sites_file(tmp_path, site.base), tmp_path / "archive")
    finally:
        site.shutdown()
    [report] = run_reports(tmp_path / "archive")
    assert report["errors"] == 2 and report["pages_fetched"] == 3  # robots.txt, home, feed
    assert f"ERROR site: {site.base}/: HTTP 404\n" in result.stderr
    assert f"ERROR site: {site.base}/feed.xml: HTTP 404\n" in result.stderr


def test_a_run_of_articles_none_of_which_is_due_succeeds(demo_site, tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nname = "demo"\nstart_urls = ["{demo_site}{ARTICLES[0].path}", '
                     f'"{demo_site}{ARTICLES[1].path}"]\n', encoding="utf-8")
    run(sites, tmp_path / "archive")
    result = run(sites, tmp_path / "archive")  # at once: nothing is due, nothing fetched
    report = run_reports(tmp_path / "archive")[-1]
    assert (report["pages_fetched"], report["skipped"], report["failed"]) == (0, 2, False)
    assert "run finished in " in result.stderr and "0 pages fetched" in result.stderr


def test_a_broken_sites_file_stops_the_run_before_anything(tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "demo"\nstart_urls = ["ftp://x"]\n', encoding="utf-8")
    result = run(sites, tmp_path / "archive", expect=2)
    assert "site 'demo': start_urls: not an http(s) URL" in result.stderr
    assert not (tmp_path / "archive").exists()


@pytest.mark.parametrize("archive, message", [
    ("sites.toml", "archive folder {tmp}/sites.toml: not a folder"),
    ("sites.toml/archive", "archive folder {tmp}/sites.toml/archive: cannot create it or write in it: Not a directory"),
    ("/proc/nope", "archive folder /proc/nope: cannot create it or write in it: No such file or directory"),
])
def test_an_archive_folder_that_cannot_be_used_stops_the_run_saying_why(tmp_path, archive, message):
    sites = write_sites_file(tmp_path, "http://127.0.0.1:9")
    result = run(sites, tmp_path / archive, expect=2)
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr


STARTED = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("stats, bootstrap_failed, failed", [
    ({"finish_reason": "finished", "downloader/response_count": 10, "log_count/ERROR": 3}, False, False),
    ({"finish_reason": "finished", "downloader/response_count": 0}, False, True),
    ({"finish_reason": "finished", "downloader/response_count": 0, "incremental/skipped": 4}, False, False),
    ({"finish_reason": "finished", "downloader/request_count": 2, "downloader/response_count": 0,
      "incremental/skipped": 4}, False, True),
    ({"finish_reason": "shutdown", "downloader/response_count": 10}, False, True),
    ({}, True, True),
])
def test_a_run_fails_only_when_it_did_not_finish_or_got_nothing(stats, bootstrap_failed, failed):
    report = report_from_stats(stats, STARTED, 1.0, "sites.toml", None, bootstrap_failed)
    assert report.failed is failed


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_progress_redraws_one_line(caplog):
    stats = MemoryStatsCollector(get_crawler())
    stats.set_value("downloader/response_count", 40)
    stats.set_value("item_scraped_count", 12)
    stats.set_value("newsarchive/new_articles", 10)
    stats.set_value("newsarchive/new_versions", 1)
    stats.set_value("newsarchive/unchanged", 1)  # a revisited article: scraped, not stored
    stats.set_value("incremental/skipped", 5)
    terminal = FakeTerminal()
    progress = Progress(stats, terminal, interval=60)
    progress.started = time.monotonic() - 20
    with caplog.at_level(logging.INFO):
        progress.report()
        progress.report()
    assert progress.interval == 1.0
    line = "40 pages (2.0/s), 11 articles (10 new, 1 new versions), 1 unchanged, 5 skipped, 0 errors, 0:20 elapsed"
    assert terminal.getvalue() == f"\r\033[K{line}\r\033[K{line}"
    assert "progress" not in caplog.text


@pytest.mark.parametrize("user_agent, warned", [
    (USER_AGENT, True),  # the default names no one
    ("newsarchive/0.1 (you@example.org)", False),
    ("newsarchive/0.1 (+https://news-lab.example.org/crawler)", False),
    ("archivebot (www.example.org/bot.html)", False),
    ("", True),
])
def test_a_crawl_whose_user_agent_has_no_contact_starts_with_a_warning(user_agent, warned, caplog):
    check = ContactCheck.from_crawler(get_crawler(settings_dict={"USER_AGENT": user_agent}))
    with caplog.at_level(logging.WARNING):
        check.spider_opened()
    assert ("gives no contact (an e-mail address or a URL)" in caplog.text) is warned
