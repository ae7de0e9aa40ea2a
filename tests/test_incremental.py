"""Incremental runs: archived articles are fetched again only when a revisit is due."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archive_runs import UNTOUCHED, later, run, run_reports, write_sites_file
from newsarchive.archive.catalog import ArticleVersion, Catalog
from newsarchive.archive.revisits import (ScheduledRevisits, revisit_decision, schedule_from_setting)
from newsarchive.middlewares.revisits import RevisitPolicyMiddleware
from newsarchive.archive.warc.records import Capture
from newsarchive.demo.catalogue import ARTICLES

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
DEFAULT = schedule_from_setting("15m, 1h, 3h, 1d, 3d")
URL = "http://news.test/2026/03/01/story.html"


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@pytest.mark.parametrize("now, last_fetched, due, reason", [
    (minutes(10), minutes(0), False, "next revisit at age 15m"),
    (minutes(20), minutes(0), True, "revisit at age 15m"),
    (minutes(50), minutes(20), False, "next revisit at age 1h"),
    (minutes(70), minutes(20), True, "revisit at age 1h"),
    # cron missed the 1h and 3h times: one revisit makes up for both
    (minutes(200), minutes(20), True, "revisit at age 3h"),
    (minutes(210), minutes(200), False, "next revisit at age 1d"),
    (timedelta(days=3, minutes=5), timedelta(days=1, hours=1), True, "revisit at age 3d"),
    (timedelta(days=30), timedelta(days=3, minutes=5), False, "no more revisits"),
])
def test_revisits_thin_out_with_age_and_stop(now, last_fetched, due, reason):
    decision = revisit_decision(T0, T0 + last_fetched, T0 + now, DEFAULT)
    assert decision.due is due
    assert decision.reason.endswith(reason)


def test_hourly_runs_a_few_seconds_apart_revisit_at_1h_then_3h():
    first_seen = T0 + timedelta(seconds=5)  # the first run fetched the article 5 s after it started
    runs = [T0 + timedelta(hours=h, seconds=2) for h in range(1, 5)]
    last, revisits = first_seen, []
    for now in runs:
        if revisit_decision(first_seen, last, now, DEFAULT).due:
            last = now
            revisits.append(now)
    assert revisits == [runs[0], runs[2]]


def test_an_empty_schedule_never_revisits():
    assert not revisit_decision(T0, T0, T0 + timedelta(days=1), ()).due


def test_the_schedule_setting_reads_a_list_or_a_comma_separated_string():
    assert schedule_from_setting(["30m", "2h"]) == schedule_from_setting("30m, 2h") == (minutes(30), minutes(120))


@pytest.fixture
def catalog(tmp_path):
    """A catalogue holding one article, first fetched at T0 (its capture too)."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    catalog.add_capture(Capture(url=URL, warc_date="2026-03-01T12:00:00.000000Z", record_type="response",
                                status=200, mime="text/html", payload_digest="sha1:A", record_id="<urn:uuid:1>",
                                warc_file="a.warc.gz", offset=0, length=1))
    catalog.add_article(ArticleVersion(article_id="0123456789abcdef", url=URL, site="news.test", date="2026-03-01",
                                       headline="Story", published=None, fetched_at=T0.isoformat(),
                                       content_hash="sha256:1", json_path="articles/a.json",
                                       capture_record_id="<urn:uuid:1>"))
    yield catalog
    catalog.close()


def middleware(catalog: Catalog, now: datetime) -> RevisitPolicyMiddleware:
    return RevisitPolicyMiddleware(SimpleNamespace(catalog=catalog), ScheduledRevisits(DEFAULT, lambda: now),
                                   MemoryStatsCollector(get_crawler()))


def test_an_archived_article_that_is_not_due_is_not_fetched(catalog):
    mw = middleware(catalog, T0 + minutes(5))
    with pytest.raises(IgnoreRequest, match="not due for a revisit: archived 5m ago, next revisit at age 15m"):
        mw.process_request(Request(URL + "#comments"))
    assert mw.stats.get_value("incremental/skipped") == 1


def test_an_article_due_for_a_revisit_and_a_new_url_are_fetched(catalog):
    mw = middleware(catalog, T0 + minutes(16))
    assert mw.process_request(Request(URL)) is None
    assert mw.process_request(Request("http://news.test/2026/03/01/other.html")) is None
    assert mw.stats.get_value("incremental/revisited") == 1
    assert mw.stats.get_value("incremental/skipped") is None


def test_the_schedule_of_a_request_overrides_the_setting(catalog):
    mw = middleware(catalog, T0 + minutes(16))
    with pytest.raises(IgnoreRequest, match="no more revisits"):
        mw.process_request(Request(URL, meta={"revisit_after": []}))
    with pytest.raises(IgnoreRequest, match="next revisit at age 1h"):
        mw.process_request(Request(URL, meta={"revisit_after": ["1h"]}))
    with pytest.raises(IgnoreRequest, match="next revisit at age 1h"):
        mw.process_request(Request(URL, meta={"revisit_after": (minutes(60),)}))
    assert mw.process_request(Request(URL)) is None  # no schedule of its own: the setting's


def test_the_middleware_is_off_unless_the_setting_turns_it_on(tmp_path):
    with pytest.raises(NotConfigured):
        RevisitPolicyMiddleware.from_crawler(get_crawler(settings_dict={"ARCHIVE_DIR": str(tmp_path)}))


def captures_of(archive, url: str) -> list[str]:
    catalog = Catalog(archive / "catalog.sqlite")
    try:
        return [c.record_type for c in catalog.captures_of(url)]
    finally:
        catalog.close()


def picture_captures(archive) -> int:
    catalog = Catalog(archive / "catalog.sqlite")
    try:
        return sum("/images/" in c.url for c in catalog.captures())
    finally:
        catalog.close()


def test_a_second_run_skips_archived_articles_but_fetches_the_listing_pages(demo_site, tmp_path):
    sites, archive = write_sites_file(tmp_path, demo_site), tmp_path / "archive"
    run(sites, archive)
    second = run(sites, archive)
    first_report, second_report = run_reports(archive)
    assert first_report["new_articles"] == len(ARTICLES) and first_report["skipped"] == 0
    assert second_report["skipped"] == len(ARTICLES)
    assert second_report["new_articles"] == second_report["new_versions"] == second_report["errors"] == 0
    assert f"incremental run: {len(ARTICLES)} archived article(s) not due, skipped" in second.stderr
    assert captures_of(archive, demo_site + UNTOUCHED) == ["response"]
    assert captures_of(archive, demo_site + "/") == ["response", "revisit"]
    assert captures_of(archive, demo_site + "/feed.xml") == ["response", "revisit"]
    # twenty minutes on, the 15-minute revisit of every article is due: unchanged pages, revisit records
    pictures = picture_captures(archive)
    third = run(sites, archive, later(20))
    assert picture_captures(archive) == pictures  # the same page: its pictures are not fetched again
    assert run_reports(archive)[-1]["revisited"] == len(ARTICLES)
    assert run_reports(archive)[-1]["unchanged"] == len(ARTICLES)
    assert captures_of(archive, demo_site + UNTOUCHED) == ["response", "revisit"]
    assert "0 new versions" in third.stderr


def test_a_site_with_revisits_off_never_fetches_an_archived_article_again(demo_site, tmp_path):
    sites = write_sites_file(tmp_path, demo_site, extra="revisit = false\n")
    archive = tmp_path / "archive"
    run(sites, archive)
    run(sites, archive, later(60 * 24 * 30))
    assert run_reports(archive)[-1]["skipped"] == len(ARTICLES)
    assert captures_of(archive, demo_site + UNTOUCHED) == ["response"]
