"""Article versions: what counts as a change, what a new version records,
and two runs of the demo site with an article edited in between."""
import json
import subprocess

import pytest

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archives import storage_at
from archive_runs import EDITED, NEWSARCHIVE, PROJECT, later, run, run_reports, write_sites_file
from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.versions.compare import changed_fields, changes, content_hash, normalise_text
from newsarchive.archive.verify import verify_archive
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.demo.server import edit_article, running_demo_site
from newsarchive.items import Article, Image
from newsarchive.pipelines.store import StoreArticlePipeline

#: An article the tests only re-flow and stamp with a relative time.
RESTAMPED = "/business/2024/08/05/coffee-prices-two-year-low.html"


def article(**fields) -> dict:
    values = dict(url="http://news.test/2024/story", id="0123456789abcdef", headline="Council votes on buses",
                  authors=["Ann Writer"], body="First paragraph here.\n\nSecond paragraph here.",
                  images=[Image(url="http://news.test/a.jpg", caption="A bus.").__dict__],
                  published="2024-03-05T10:00:00+01:00", fetched_at="2026-01-02T03:04:05+00:00")
    return Article(**{**values, **fields}).to_dict()


@pytest.mark.parametrize("text, expected", [
    ("Prices  fell\n\nagain.", "Prices fell again."),
    ("Prices fell. Updated 5 minutes ago.", "Prices fell."),
    ("Prices fell (updated 2 hours ago)", "Prices fell"),
    ("Aktualisiert vor 3 Stunden. Die Preise fielen.", "Die Preise fielen."),
    ("Mis à jour il y a 2 heures", ""),
    ("hace 5 minutos", ""),
    # compact, abbreviated and compound forms
    ("By Ann Lee · 2h ago", "By Ann Lee ·"),
    ("5m ago", ""),
    ("Posted 5 min. ago", ""),
    ("vor 5 Min.", ""),
    ("il y a 3 h", ""),
    ("Updated 1 hour 5 minutes ago", ""),
    ("Updated: 1h 5m ago | Politics", "| Politics"),
    ("vor 1 Stunde und 5 Minuten", ""),
    ("il y a 1 heure et 5 minutes", ""),
    ("an hour ago", ""),
    ("a few seconds ago", ""),
    ("[3 hrs ago] Talks resume", "Talks resume"),
    # other languages
    ("3 uur geleden", ""), ("for 5 minutter siden", ""), ("för 3 timmar sedan", ""), ("2 tim sedan", ""),
    ("un'ora fa", ""), ("5 minuti fa", ""), ("há 2 horas", ""), ("hace 3 h", ""), ("5 minut temu", ""),
    ("5 минут назад", ""), ("3 saat önce", ""),
    # "just now" where it stands as a time
    ("just now", ""),
    ("Updated just now", ""),
    ("Politics | just now", "Politics |"),
    ("Talks resume (just now)", "Talks resume"),
    ("Aktualisiert: gerade eben", ""),
    ("à l’instant", ""),
    # prose stays
    ("Five years ago the council voted.", "Five years ago the council voted."),
    ("Only 3 months ago the plan was new.", "Only 3 months ago the plan was new."),
    ("She said just now that she would stay.", "She said just now that she would stay."),
    ("The 5m budget was approved an hour later.", "The 5m budget was approved an hour later."),
    ("Er stand vor 5 m hohen Wellen.", "Er stand vor 5 m hohen Wellen."),
    ("Il y a 3 h de route et il y a 2 m de neige.", "Il y a 3 h de route et il y a 2 m de neige."),
    ("Updated guidance was published today.", "Updated guidance was published today."),
])
def test_text_is_compared_without_white_space_or_relative_times(text, expected):
    assert normalise_text(text) == expected


def test_white_space_relative_times_and_fetch_fields_are_not_a_new_version(tmp_path):
    one = article()
    refetched = article(fetched_at="2026-02-02T00:00:00+00:00", modified="2026-02-02T00:00:00+00:00",
                        capture={"record_id": "x"}, sources={"body": "page"})
    again = article(body="First   paragraph here.\n\n\nSecond paragraph here.\n\nUpdated 3 minutes ago",
                    fetched_at="2026-02-03T00:00:00+00:00")
    assert content_hash(one) == content_hash(refetched)  # the hash leaves the fetch fields out
    assert changed_fields(one, again) == []  # and what differs is compared normalised
    assert content_hash(one) != content_hash(article(body="First paragraph here.\n\nA new second paragraph."))
    storage = storage_at(tmp_path)
    outcomes = [storage.store_article(a).outcome for a in (one, refetched, again)]
    storage.close()
    assert outcomes == ["new", "unchanged", "unchanged"]


def test_the_same_article_fetched_from_another_url_is_not_a_new_version(tmp_path):
    tracked = article(url="http://news.test/2024/story?utm_source=rss", fetched_at="2026-01-02T04:00:00+00:00")
    assert changed_fields(article(), tracked) == []
    assert content_hash(article()) == content_hash(tracked)
    layout = ArchiveLayout(tmp_path)
    storage = storage_at(layout.root)
    pipeline = StoreArticlePipeline(storage, MemoryStatsCollector(get_crawler()))
    pipeline.process_item(Article(**{**article(), "images": []}))
    pipeline.process_item(Article(**{**tracked, "images": []}))
    storage.close()
    catalog = Catalog(layout.catalog_path)
    assert len(catalog.versions("0123456789abcdef")) == 1
    catalog.close()
    assert len(list(tmp_path.rglob("*.json"))) == 1


def test_changes_record_headline_body_authors_and_pictures():
    before = article()
    after = article(headline="Council approves buses", authors=["Ann Writer", "Bo Reporter"],
                    body="First paragraph here.\n\nSecond paragraph, corrected.",
                    images=[{**before["images"][0], "caption": "A night bus."},
                            Image(url="http://news.test/b.jpg").__dict__])
    found = changes(before, after)
    assert found["headline"] == {"before": "Council votes on buses", "after": "Council approves buses"}
    assert found["body"] == ["- Second paragraph here.", "+ Second paragraph, corrected."]
    assert found["authors"] == {"added": ["Bo Reporter"], "removed": []}
    assert found["images"]["added"] == ["http://news.test/b.jpg"] and found["images"]["removed"] == []
    assert found["images"]["changed"] == [{"url": "http://news.test/a.jpg",
                                           "caption": {"before": "A bus.", "after": "A night bus."}}]
    assert changed_fields(before, after) == ["headline", "authors", "body", "images"]
    assert changes(before, article(headline="Council  votes on buses")) == {}


def test_the_store_pipeline_writes_a_new_version_with_what_changed(tmp_path):
    layout = ArchiveLayout(tmp_path)
    storage = storage_at(layout.root)
    pipeline = StoreArticlePipeline(storage, MemoryStatsCollector(get_crawler()))
    for fields in ({}, {"fetched_at": "2026-01-02T04:00:00+00:00", "body": "First paragraph here.\n\n"
                                                                            "Second   paragraph here."},
                   {"fetched_at": "2026-01-02T05:00:00+00:00", "headline": "Council approves buses"}):
        pipeline.process_item(Article(**{**article(), "images": [], **fields}))
    storage.close()
    catalog = Catalog(layout.catalog_path)
    first, second = catalog.versions("0123456789abcdef")
    catalog.close()
    assert second["previous_version"] == first["id"]
    stored = json.loads((tmp_path / second["json_path"]).read_text(encoding="utf-8"))
    assert stored["headline"] == "Council approves buses"
    assert stored["version"] == {"number": 2, "previous": first["json_path"], "changed": ["headline"],
                                 "changes": {"headline": {"before": "Council votes on buses",
                                                          "after": "Council approves buses"}}}
    assert "version" not in json.loads((tmp_path / first["json_path"]).read_text(encoding="utf-8"))


def test_an_article_catalogued_under_an_older_content_hash_is_not_a_new_version(tmp_path):
    layout = ArchiveLayout(tmp_path)
    storage = storage_at(layout.root)
    pipeline = StoreArticlePipeline(storage, MemoryStatsCollector(get_crawler()))
    pipeline.process_item(Article(**{**article(), "images": []}))
    storage.catalog.conn.execute("UPDATE articles SET content_hash = 'sha256:of-an-older-newsarchive'")
    pipeline.process_item(Article(**{**article(), "images": [], "fetched_at": "2026-01-02T04:00:00+00:00",
                                     "body": article()["body"] + "\n\nUpdated 1 hour ago"}))
    storage.close()
    assert len(list(tmp_path.rglob("*.json"))) == 1


def test_an_article_edited_between_two_runs_becomes_a_new_version_with_its_diff(tmp_path):
    archive = tmp_path / "archive"
    with running_demo_site() as origin:
        sites = write_sites_file(tmp_path, origin)
        run(sites, archive)
        edit_article(origin, EDITED, "Port of Calder reopens after three-day", "Port of Calder reopens after four-day")
        edit_article(origin, EDITED, "said Lena Marsh,", "said Lena Marsh-Hall,")
        edit_article(origin, RESTAMPED, "<p>The benchmark contract",
                     "<p>Updated 3 minutes ago</p>\n\n      <p>The   benchmark contract")
        run(sites, archive)  # at once: no revisit due, the edit is not seen yet
        run(sites, archive, later(20))
    _, too_soon, report = run_reports(archive)
    assert (too_soon["skipped"], too_soon["new_versions"]) == (len(ARTICLES), 0)
    assert (report["new_versions"], report["new_articles"]) == (1, 0)
    catalog = Catalog(archive / "catalog.sqlite")
    try:
        rows = {row["url"]: row for row in catalog.articles()}
        first, second = catalog.versions(rows[origin + EDITED]["article_id"])
        restamped = catalog.versions(rows[origin + RESTAMPED]["article_id"])
        kinds = {url: [c.record_type for c in catalog.captures_of(url)] for url in rows}
    finally:
        catalog.close()
    assert second["previous_version"] == first["id"]
    assert second["headline"] == "Port of Calder reopens after four-day dockworkers’ strike"
    version = json.loads((archive / second["json_path"]).read_text(encoding="utf-8"))["version"]
    assert version["changed"] == ["headline", "body"]
    assert version["changes"]["headline"]["before"] == "Port of Calder reopens after three-day dockworkers’ strike"
    assert any("Lena Marsh-Hall" in line and line.startswith("+ ") for line in version["changes"]["body"])
    # a page re-flowed and stamped "Updated 3 minutes ago": a new capture, not a new version
    assert len(restamped) == 1 and kinds[origin + RESTAMPED] == ["response", "response"]
    # unchanged pages: a revisit record each, no new JSON
    unchanged = [url for url in rows if url not in (origin + EDITED, origin + RESTAMPED)]
    assert all(kinds[url] == ["response", "revisit"] for url in unchanged)
    assert len(list((archive / "articles").rglob("*.json"))) == len(rows) + 1
    history = subprocess.run([str(NEWSARCHIVE), "history", origin + EDITED, "--archive-dir", str(archive)],
                             cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert history.returncode == 0, history.stderr
    assert "changed: headline, body" in history.stdout
    assert "reopens after [-three-day-] {+four-day+} dockworkers’ strike" in history.stdout
    assert "said Lena [-Marsh,-] {+Marsh-Hall,+} who" in history.stdout
    assert not verify_archive(ArchiveLayout(archive)).unresolved


def test_the_demo_site_edits_an_article_until_reset():
    from urllib.error import HTTPError
    from urllib.request import urlopen
    with running_demo_site() as origin:
        edit_article(origin, EDITED, "three-day", "four-day")
        page = urlopen(origin + EDITED).read().decode()
        assert "four-day" in page and "three-day" not in page
        with pytest.raises(HTTPError) as refused:
            edit_article(origin, EDITED, "not in the page", "x")
        assert refused.value.code == 409
        with pytest.raises(HTTPError) as unknown:
            edit_article(origin, "/no/such/article.html", "a", "b")
        assert unknown.value.code == 400
        urlopen(origin + "/admin/reset", data=b"").close()
        assert "three-day" in urlopen(origin + EDITED).read().decode()
