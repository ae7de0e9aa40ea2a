"""A damaged catalogue: one clear line from every command, never a traceback;
``verify --repair`` keeps it aside and builds it anew from the WARC files and
the article JSON, row for row; and the runs' JSON Lines checked against the
catalogue, the references a kill lost appended again.

The archive is a real one: two ``newsarchive run``s of the demo site, an
article edited between them (a second version).
"""
import json
import logging
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from archive_runs import EDITED, PROJECT, later, run, run_command, write_sites_file
from archives import storage_at
from newsarchive.archive.articles import relative_json_path, write_json_atomic
from newsarchive.archive.catalog import Catalog, MIGRATIONS
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.verify import verify_archive
from newsarchive.cli import main
from newsarchive.demo.server import edit_article, running_demo_site
from test_versions import article


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> ArchiveLayout:
    folder = tmp_path_factory.mktemp("catalogue-repair")
    layout = ArchiveLayout(folder / "archive")
    with running_demo_site() as origin:
        sites = write_sites_file(folder, origin)
        run(sites, layout.root)
        edit_article(origin, EDITED, "Port of Calder reopens after three-day", "Port of Calder reopens after four-day")
        run(sites, layout.root, later(20))
    return layout


@pytest.fixture
def archive(crawled, tmp_path) -> ArchiveLayout:
    """A copy of the crawled archive for one test to break."""
    shutil.copytree(crawled.root, tmp_path / "archive")
    return ArchiveLayout(tmp_path / "archive")


def damage_with(layout: ArchiveLayout, *statements: str) -> None:
    conn = sqlite3.connect(layout.catalog_path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def garbage(layout: ArchiveLayout) -> None:
    layout.catalog_path.write_bytes(b"\x00garbage\xff" * 2000)


def truncated(layout: ArchiveLayout) -> None:
    damage_with(layout, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = layout.catalog_path.read_bytes()
    layout.catalog_path.write_bytes(data[:len(data) // 2])


def table_missing(layout: ArchiveLayout) -> None:
    damage_with(layout, "DROP TABLE articles")


def column_missing(layout: ArchiveLayout) -> None:
    damage_with(layout, "ALTER TABLE captures DROP COLUMN mime")


def wrong_version(layout: ArchiveLayout) -> None:
    damage_with(layout, "PRAGMA user_version = 1")  # its tables are those of the last version


def negative_version(layout: ArchiveLayout) -> None:
    damage_with(layout, "PRAGMA user_version = -2")


def page_overwritten(layout: ArchiveLayout) -> None:
    """Garbage over the last page, rows of a table: the schema reads well,
    the rows do not (found by the commands that read the catalogue whole)."""
    damage_with(layout, "PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(layout.catalog_path)
    page_size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with open(layout.catalog_path, "r+b") as handle:
        handle.seek(page_size * (pages - 1))
        handle.write(b"\xde\xad" * (page_size // 2))


DAMAGES = [garbage, truncated, table_missing, column_missing, wrong_version, negative_version, page_overwritten]


@pytest.mark.parametrize("damage", DAMAGES)
def test_every_command_on_a_damaged_catalogue_says_so_in_one_line(damage, archive, tmp_path, capsys, caplog,
                                                                  monkeypatch):
    import newsarchive.cli.crawl as crawl_commands
    import newsarchive.cli.demo as demo_command
    import newsarchive.cli.serve as serve_command

    def must_not_start(*args, **kwargs):
        raise AssertionError("started on a damaged catalogue")

    monkeypatch.setattr(crawl_commands, "crawl", must_not_start)
    monkeypatch.setattr(serve_command, "serve_archive", must_not_start)
    monkeypatch.setattr(demo_command, "crawl_demo_site", must_not_start)
    sites = write_sites_file(tmp_path, "http://127.0.0.1:9")
    damage(archive)
    damaged = archive.catalog_path.read_bytes()
    where = ["--archive-dir", str(archive.root)]
    commands = [["run", "--sites", str(sites)], ["crawl", "--sites", str(sites)],
                ["fetch", "http://127.0.0.1:9/story.html"], ["serve"], ["history", "http://127.0.0.1:9/story.html"],
                ["reextract"], ["export", "--jsonl", str(tmp_path / "out.jsonl")], ["index"],
                ["demo", "--output", str(tmp_path / "demo.jsonl"), "--port", "0"]]
    if damage is page_overwritten:  # history reads one article's rows, not the whole file
        commands = [command for command in commands if command[0] != "history"]
    for command in commands:
        caplog.clear()
        assert main([*command, *where]) == 1, command
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert [r.getMessage().split(": damaged: ")[0] for r in errors] == [f"catalogue {archive.catalog_path}"]
        assert "`newsarchive verify --repair` keeps it aside" in errors[0].getMessage()
        assert not errors[0].exc_info and "Traceback" not in capsys.readouterr().err
    status = main(["verify", *where])
    assert status == 1 and f"PROBLEM: catalogue catalog.sqlite damaged: " in capsys.readouterr().out
    assert archive.catalog_path.read_bytes() == damaged and not (tmp_path / "out.jsonl").exists()


def test_a_run_on_a_damaged_catalogue_ends_in_one_line_and_writes_nothing(archive, tmp_path):
    garbage(archive)
    before = sorted(p.relative_to(archive.root) for p in archive.root.rglob("*"))
    sites = write_sites_file(tmp_path, "http://127.0.0.1:9")
    done = subprocess.run(run_command(sites, archive.root), cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert line.endswith(f"ERROR newsarchive: catalogue {archive.catalog_path}: damaged: file is not a database; "
                         "`newsarchive verify --repair` keeps it aside and builds a new one from the WARC files "
                         "and the article JSON")
    assert sorted(p.relative_to(archive.root) for p in archive.root.rglob("*")) == before


def rows(layout: ArchiveLayout) -> dict[str, object]:
    """Everything the catalogue holds, with row ids given as the JSON they stand for."""
    with Catalog(layout.catalog_path) as catalog:
        conn = catalog.conn
        json_of = dict(conn.execute("SELECT id, json_path FROM articles").fetchall())
        versions = sorted((dict(row, id=None, previous_version=json_of.get(row["previous_version"]))
                           for row in catalog.articles()), key=lambda row: row["json_path"])
        latest = [dict(row, version=json_of[row["version"]]) for row in conn.execute("SELECT * FROM article_latest")]
        return {
            "captures": sorted(catalog.captures(), key=lambda c: c.record_id),
            "articles": versions,
            "latest": sorted(latest, key=lambda row: row["article_id"]),
            "authors": sorted(map(tuple, conn.execute("SELECT * FROM article_authors"))),
            "text": sorted((json_of[rowid], *text) for rowid, *text in conn.execute(
                "SELECT rowid, headline, description, body FROM article_text").fetchall()),
            "indexed_files": catalog.indexed_files(),
        }


def missing(layout: ArchiveLayout) -> None:
    for part in layout.root.glob("catalog.sqlite*"):
        part.unlink()


@pytest.mark.parametrize("damage", [garbage, truncated, table_missing, wrong_version, page_overwritten, missing])
def test_repair_builds_the_catalogue_anew_from_the_warc_files_and_the_json(damage, crawled, archive, capsys):
    original = rows(crawled)
    assert len(original["captures"]) > 50 and len(original["articles"]) == 14
    assert sum(row["previous_version"] is not None for row in original["articles"]) == 1
    damage(archive)
    damaged = archive.catalog_path.read_bytes() if archive.catalog_path.exists() else None
    assert main(["verify", "--repair", "--archive-dir", str(archive.root)]) == 0
    out = capsys.readouterr().out
    assert "not catalogued" not in out  # one line says it all
    if damaged is not None:
        [aside] = archive.root.glob("catalog-damaged-*.sqlite")
        assert aside.read_bytes() == damaged and f"kept as {aside.name}, a new one is built" in out
    assert rows(archive) == original
    assert main(["verify", "--archive-dir", str(archive.root)]) == 0, capsys.readouterr().out
    [edited] = {row["url"] for row in original["articles"] if row["url"].endswith(EDITED)}
    capsys.readouterr()
    assert main(["history", edited, "--archive-dir", str(archive.root)]) == 0
    assert "2 version(s)" in capsys.readouterr().out


def test_a_reextracted_version_is_put_back_after_the_version_fetched_then(tmp_path):
    storage = storage_at(tmp_path)
    first = article(fetched_at="2026-01-02T03:04:05+00:00")
    storage.store_article(first)
    storage.store_article(article(headline="Council votes on night buses", fetched_at="2026-01-02T03:04:05+00:00"),
                          reextraction={"extractor": "newsarchive test", "timestamp": "20260301000000"})
    storage.store_article(article(headline="Council votes again", fetched_at="2026-01-03T00:00:00+00:00"))
    storage.close()
    layout = ArchiveLayout(tmp_path)
    original = rows(layout)
    headline = {row["json_path"]: row["headline"] for row in original["articles"]}
    assert {row["headline"]: headline.get(row["previous_version"]) for row in original["articles"]} == {
        "Council votes on buses": None, "Council votes on night buses": "Council votes on buses",
        "Council votes again": "Council votes on night buses"}
    garbage(layout)
    assert not verify_archive(layout, repair=True).unresolved
    assert rows(layout) == original


def test_a_version_a_kill_left_uncatalogued_is_put_back_before_the_one_the_next_crawl_stored(tmp_path):
    """Grouped writes: a kill lost the row of a version whose JSON was
    written; the next crawl, finding no such article, stored it again as a
    new one.  Repair puts the lost version first in the chain, as a
    rebuild does."""
    layout = ArchiveLayout(tmp_path)
    killed = article(fetched_at="2026-01-02T03:04:05+00:00")
    write_json_atomic(layout.root / relative_json_path(killed), killed)
    storage = storage_at(tmp_path)
    assert storage.store_article(article(fetched_at="2026-01-02T04:00:00+00:00")).outcome == "new"
    storage.close()
    assert [p.message for p in verify_archive(layout, repair=True).problems] == [
        f"article JSON not catalogued: {relative_json_path(killed).as_posix()}"]
    repaired = rows(layout)
    assert [(row["fetched_at"], row["previous_version"]) for row in repaired["articles"]] == [
        ("2026-01-02T03:04:05+00:00", None),
        ("2026-01-02T04:00:00+00:00", relative_json_path(killed).as_posix())]
    assert [row["version"] for row in repaired["latest"]] == [repaired["articles"][1]["json_path"]]
    garbage(layout)
    assert not verify_archive(layout, repair=True).unresolved
    assert rows(layout) == repaired


def feed_of(layout: ArchiveLayout, run_number: int) -> Path:
    return sorted(layout.runs_dir.glob("site-*.jsonl"))[run_number]


def test_verify_finds_the_references_a_run_did_not_write_and_repair_appends_them(archive, capsys):
    first, second = feed_of(archive, 0), feed_of(archive, 1)
    first_lines, second_lines = first.read_text().splitlines(True), second.read_text().splitlines(True)
    assert len(first_lines) == len(second_lines) == 13  # the second run: one new version, 12 unchanged
    [new_version] = [line for line in second_lines if json.loads(line)["url"].endswith(EDITED)]
    # killed before writing its last three lines (the last one cut), and the line of the new version
    first.write_text("".join(first_lines[:10]) + first_lines[10][:40])
    second.write_text("".join(line for line in second_lines if line != new_version))
    status = main(["verify", "--archive-dir", str(archive.root)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"PROBLEM: runs/{first.name}: 3 article version(s) stored during its run not referenced in it" in out
    assert f"PROBLEM: runs/{second.name}: 1 article version(s) stored during its run not referenced in it" in out
    assert main(["verify", "--repair", "--archive-dir", str(archive.root)]) == 0
    assert f"repaired: runs/{first.name}: 3 article version(s)" in capsys.readouterr().out
    repaired = first.read_text().splitlines(True)
    assert repaired[:10] == first_lines[:10] and sorted(repaired[10:]) == sorted(first_lines[10:])  # the same lines
    assert second.read_text().splitlines(True) == [line for line in second_lines if line != new_version] + [
        new_version]
    assert main(["verify", "--archive-dir", str(archive.root)]) == 0


def test_a_version_no_runs_json_lines_names_the_warc_file_of_is_left_alone(archive, capsys):
    """A crawl that wrote no runs' JSON Lines (``scrapy crawl -O``): nothing
    says which run its versions belong to, and no other run's file gets them."""
    first, second = feed_of(archive, 0), feed_of(archive, 1)
    before = first.read_bytes()
    second.unlink()
    assert main(["verify", "--repair", "--archive-dir", str(archive.root)]) == 0
    assert "not referenced" not in capsys.readouterr().out and first.read_bytes() == before


def test_a_catalogue_of_an_older_schema_version_is_no_damage(archive):
    damage_with(archive, "DROP TABLE indexed_files", "DROP TABLE article_latest", "DROP TABLE article_authors",
                "DROP TABLE article_text", f"PRAGMA user_version = {len(MIGRATIONS) - 2}")
    with Catalog(archive.catalog_path, read_only=True) as catalog:
        assert catalog.schema_version() == len(MIGRATIONS) - 2
    with Catalog(archive.catalog_path) as catalog:  # migrated, its rows kept
        assert catalog.schema_version() == len(MIGRATIONS) and len(catalog.articles()) == 14
