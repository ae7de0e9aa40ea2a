"""``newsarchive verify [--repair]`` and ``newsarchive index`` on a crawled archive."""
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive_site import crawl, start_site, warcio_check
from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.warc.scan import scan_warc
from newsarchive.archive.warc.files import RotatingWarcWriter
from newsarchive.cli import main



@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    site = start_site()
    root = tmp_path_factory.mktemp("verify") / "archive"
    crawl([f"{site.base}/{kind}/{n}.html" for kind in ("news", "gzip") for n in (1, 2)], root)
    site.shutdown()
    return root


@pytest.fixture
def archive(crawled, tmp_path) -> ArchiveLayout:
    """A copy of the crawled archive for one test to break."""
    root = tmp_path / "archive"
    shutil.copytree(crawled, root)
    return ArchiveLayout(root)


def verify(layout: ArchiveLayout, capsys, *options: str) -> tuple[int, str]:
    status = main(["verify", "--archive-dir", str(layout.root), *options])
    return status, capsys.readouterr().out


def only_warc(layout: ArchiveLayout) -> Path:
    [path] = list(layout.warc_dir.iterdir())
    return path


def test_a_sound_archive_passes(archive, capsys):
    status, out = verify(archive, capsys)
    assert status == 0, out
    assert "records: 17" in out and "4 article versions" in out and out.rstrip().endswith("OK")


def test_a_flipped_byte_is_a_problem_repair_cannot_hide(archive, capsys):
    path = only_warc(archive)
    response = scan_warc(path).records[1]
    data = bytearray(path.read_bytes())
    data[response.offset + response.length // 2] ^= 0x20  # inside the compressed data
    path.write_bytes(bytes(data))
    status, out = verify(archive, capsys)
    assert status == 1 and f"PROBLEM: {path.name}" in out
    assert verify(archive, capsys, "--repair")[0] == 1
    # the records after the damaged one are read, and stay catalogued and indexed
    after = [r for r in scan_warc(path).records if r.offset > response.offset and r.capture]
    assert len(after) >= 3
    catalog = Catalog(archive.catalog_path)
    kept = {c.record_id for c in catalog.captures()}
    catalog.close()
    assert {r.record_id for r in after} <= kept and response.record_id not in kept
    index = archive.index_path.read_text(encoding="utf-8")
    assert all(f'"offset": "{r.offset}"' in index for r in after)


def test_repair_closes_a_crashed_file_after_its_last_whole_record(archive, capsys):
    path = only_warc(archive)
    records = scan_warc(path).records
    last = records[-2]  # the last response (an image); its request follows
    crashed = path.with_name(path.name + ".open")
    path.rename(crashed)
    with open(crashed, "r+b") as handle:
        handle.truncate(last.offset + last.length // 2)
    status, out = verify(archive, capsys)
    assert status == 1 and "left open by a crawl that did not finish" in out
    status, out = verify(archive, capsys, "--repair")
    assert status == 0, out
    assert "repaired: catalogue row of" in out and last.capture.url in out
    assert path.exists() and not crashed.exists()
    assert path.stat().st_size == last.offset
    assert warcio_check(path).returncode == 0
    catalog = Catalog(archive.catalog_path)
    assert last.record_id not in {c.record_id for c in catalog.captures()}
    catalog.close()
    assert last.capture.url not in archive.index_path.read_text()
    assert verify(archive, capsys)[0] == 0


def test_repair_catalogues_records_and_json_a_crash_left_out(archive, capsys):
    catalog = Catalog(archive.catalog_path)
    capture = catalog.captures()[0]
    article = catalog.articles()[0]
    catalog.delete_captures([capture.record_id])
    catalog.delete_articles([article["json_path"]])
    catalog.close()
    status, out = verify(archive, capsys)
    assert status == 1 and "is not catalogued" in out and "article JSON not catalogued" in out
    assert verify(archive, capsys, "--repair")[0] == 0
    catalog = Catalog(archive.catalog_path)
    assert capture in catalog.captures()
    assert article["json_path"] in {row["json_path"] for row in catalog.articles()}
    catalog.close()
    assert verify(archive, capsys)[0] == 0


def test_missing_json_and_leftover_temporary_files(archive, capsys):
    [first, *_] = sorted(archive.articles_dir.rglob("*.json"))
    first.unlink()
    temporary = first.with_name(f".{first.name}.x1y2.tmp")
    temporary.write_text('{"headl', encoding="utf-8")
    index_temporary = archive.index_path.with_name(".index.cdxj.a1b2.tmp")
    index_temporary.write_text("com,example)/ 2024", encoding="utf-8")
    status, out = verify(archive, capsys)
    assert status == 1 and "article JSON missing" in out
    assert out.count("unfinished temporary file") == 2
    assert verify(archive, capsys, "--repair")[0] == 0
    assert not temporary.exists() and not index_temporary.exists()
    assert verify(archive, capsys)[0] == 0


def test_a_file_being_written_is_left_alone_and_blocks_repair(archive, capsys):
    writer = RotatingWarcWriter(archive.warc_dir, "live", 10**9, {"software": "test"})
    writer.write_group([])
    try:
        status, out = verify(archive, capsys)
        assert status == 0 and "in use by a running crawl, not checked: live-" in out
        status, out = verify(archive, capsys, "--repair")
        assert status == 1 and "a crawl is writing to this archive" in out
    finally:
        writer.close()


def test_index_is_rebuilt_from_the_warc_files(archive, capsys):
    built_by_crawl = archive.index_path.read_text()
    archive.index_path.unlink()
    assert verify(archive, capsys)[0] == 1
    assert main(["index", "--archive-dir", str(archive.root)]) == 0
    assert "8 captures from 1 WARC file(s)" in capsys.readouterr().out
    assert archive.index_path.read_text() == built_by_crawl
    assert verify(archive, capsys)[0] == 0


def test_no_archive_is_an_error(tmp_path, capsys):
    assert verify(ArchiveLayout(tmp_path / "nothing"), capsys)[0] == 1


def test_verify_changes_nothing(archive, capsys):
    """Without --repair the archive is only read: no catalogue is made where
    there is none, and an older catalogue is not migrated."""
    conn = sqlite3.connect(archive.catalog_path)
    conn.executescript("DROP TABLE indexed_files; DROP TABLE article_latest; DROP TABLE article_authors; "
                       "DROP TABLE article_text; PRAGMA user_version = 2;")  # as newsarchive made it then
    conn.close()
    assert verify(archive, capsys)[0] == 0
    conn = sqlite3.connect(archive.catalog_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        archive.catalog_path.with_name(archive.catalog_path.name + suffix).unlink(missing_ok=True)
    status, out = verify(archive, capsys)
    assert status == 1 and "no catalogue" in out and not archive.catalog_path.exists()
    assert verify(archive, capsys, "--repair")[0] == 0 and archive.catalog_path.exists()
    assert verify(archive, capsys)[0] == 0


def test_unreadable_parts_are_problems_not_tracebacks(archive, capsys):
    [first, *_] = sorted(archive.articles_dir.rglob("*.json"))
    first.write_text("[1, 2]", encoding="utf-8")
    (archive.articles_dir / "folder.json").mkdir()
    (archive.warc_dir / "folder.warc.gz").mkdir()
    (archive.runs_dir / "folder.jsonl").mkdir()
    archive.index_path.write_bytes(b"\xff\xfe not text\n")
    status, out = verify(archive, capsys)
    assert status == 1
    assert f"not a whole article JSON: {first.relative_to(archive.root).as_posix()}: not a JSON object" in out
    assert "index index.cdxj unreadable" in out
    assert verify(archive, capsys, "--repair")[0] == 1  # the rewritten JSON stays a problem
    assert "index index.cdxj unreadable" not in verify(archive, capsys)[1]  # the index was rebuilt


def test_a_warc_file_that_does_not_open_with_warcinfo_is_a_problem(archive, capsys):
    empty = archive.warc_dir / "empty.warc.gz"
    empty.write_bytes(b"")
    status, out = verify(archive, capsys)
    assert status == 1 and "PROBLEM: empty.warc.gz: does not open with a warcinfo record" in out


def test_index_of_a_damaged_file_warns_and_keeps_the_readable_records(archive, capsys, caplog):
    junk = archive.warc_dir / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file at all")
    assert main(["index", "--archive-dir", str(archive.root)]) == 1
    out = capsys.readouterr().out
    assert "8 captures from 2 WARC file(s), 1 of them damaged" in out
    assert "junk.warc.gz: bytes 0 to 30 unreadable" in caplog.text


def test_a_catalogue_row_that_does_not_match_its_record_is_corrected(archive, capsys):
    catalog = Catalog(archive.catalog_path)
    capture = catalog.captures()[0]
    catalog.conn.execute("UPDATE captures SET offset = offset + 1 WHERE record_id = ?", (capture.record_id,))
    catalog.close()
    status, out = verify(archive, capsys)
    assert status == 1 and "does not match its record" in out
    assert verify(archive, capsys, "--repair")[0] == 0
    catalog = Catalog(archive.catalog_path)
    assert capture in catalog.captures()
    catalog.close()


def test_a_damaged_catalogue_is_a_problem_repair_keeps_aside_and_builds_anew(archive, capsys):
    garbage = b"this is not a database" * 100
    archive.catalog_path.write_bytes(garbage)
    for suffix in ("-wal", "-shm"):
        archive.catalog_path.with_name(archive.catalog_path.name + suffix).unlink(missing_ok=True)
    status, out = verify(archive, capsys)
    assert status == 1 and "PROBLEM: catalogue catalog.sqlite damaged: file is not a database; " in out
    assert "unfinished temporary file" not in out and archive.catalog_path.read_bytes() == garbage
    status, out = verify(archive, capsys, "--repair")
    assert status == 0, out
    [aside] = archive.root.glob("catalog-damaged-*.sqlite")
    assert aside.read_bytes() == garbage and f"kept as {aside.name}, a new one is built" in out
    assert "not catalogued" not in out and "8 captures, 4 article versions" in out
    status, out = verify(archive, capsys)
    assert status == 0 and "8 captures, 4 article versions" in out


def test_repair_removes_a_crashed_file_without_one_whole_record(archive, capsys):
    crashed = archive.warc_dir / "newsarchive-20240101000000000-00000-host.warc.gz.open"
    crashed.write_bytes(b"\x1f\x8b\x08\x00")  # killed inside the warcinfo record
    assert verify(archive, capsys)[0] == 1
    assert verify(archive, capsys, "--repair")[0] == 0
    assert not crashed.exists() and len(list(archive.warc_dir.iterdir())) == 1


def test_repair_cuts_a_run_feed_after_its_last_whole_line(archive, capsys):
    [feed] = list(archive.runs_dir.glob("*.jsonl"))
    whole = feed.read_bytes()
    feed.write_bytes(whole + b'{"url": "http://cut')
    status, out = verify(archive, capsys)
    assert status == 1 and "last line cut by a crash" in out
    assert verify(archive, capsys, "--repair")[0] == 0
    assert feed.read_bytes() == whole


def test_a_changed_or_broken_json_is_a_problem(archive, capsys):
    first, second, *_ = sorted(archive.articles_dir.rglob("*.json"))
    article = json.loads(first.read_text(encoding="utf-8"))
    first.write_text(json.dumps({**article, "headline": "Rewritten"}), encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8")[:100], encoding="utf-8")
    status, out = verify(archive, capsys, "--repair")
    assert status == 1
    assert "article JSON changed since it was catalogued" in out and "not a whole article JSON" in out
