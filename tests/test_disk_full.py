"""A crawl whose archive's disk fills up, on a real small file system (a
tmpfs): it stops fetching, keeps what it wrote, says why, exits non-zero;
once there is room, ``verify --repair`` and the next run store the rest."""
import json
import re
import sqlite3
import subprocess

import pytest

from archive_site import PROJECT, SCRAPY
from hostile_site import start_hostile_site
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.verify import verify_archive

NEWSARCHIVE = SCRAPY.with_name("newsarchive")
PAGES = 40


@pytest.fixture()
def small_disk(tmp_path):
    """A 4 MB tmpfs at ``tmp_path/disk`` (mounting one needs root, as the tests run)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def run(sites, archive) -> subprocess.CompletedProcess:
    """A run that extracts each page as it comes (no extraction process, whose
    backlog would let every page be fetched before the first article write
    finds the disk full): how far fetching goes past the full disk shows."""
    return subprocess.run([NEWSARCHIVE, "run", "--sites", str(sites), "-s", f"ARCHIVE_DIR={archive}",
                           "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "TELNETCONSOLE_ENABLED=0", "-s", "RETRY_TIMES=0",
                           "-s", "EXTRACTION_PROCESSES=0"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=120)


def test_a_full_disk_stops_the_run_with_a_report_and_nothing_verify_cannot_mend(small_disk, tmp_path):
    site = start_hostile_site()
    try:
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "big"\nsitemaps = ["{site.base}/sitemap/big-{PAGES}.xml"]\n'
                         'revisit = false\n', encoding="utf-8")
        archive = small_disk / "archive"
        full = run(sites, archive)
        assert full.returncode == 1, full.stderr[-3000:]
        assert "Traceback" not in full.stderr, full.stderr[-6000:]
        assert re.search(r"ERROR .*: the archive cannot be written \((No space left on device|catalogue: database "
                         r"or disk is full)", full.stderr)
        assert full.stderr.count("the archive cannot be written") == 1
        assert "run FAILED (archive_unwritable)" in full.stderr
        assert len(site.paths("/big/")) < PAGES / 2  # it stopped fetching
        layout = ArchiveLayout(archive)
        assert len(list(layout.warc_dir.glob("*.open"))) <= 1
        stored = len(list(layout.articles_dir.rglob("*.json")))
        assert stored > 0

        subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)  # room again
        report = verify_archive(layout, repair=True)
        assert verify_archive(layout).unresolved == [], report.summary(layout.root)
        again = run(sites, archive)
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr[-3000:]
        last = json.loads(sorted(layout.runs_dir.glob("run-*.json"))[-1].read_text())
        assert last["new_articles"] == PAGES - stored and last["skipped"] == stored
        assert len(list(layout.articles_dir.rglob("*.json"))) == PAGES
        assert verify_archive(layout).unresolved == []
    finally:
        site.shutdown()


def test_after_one_write_fails_for_want_of_room_no_file_is_opened_again(tmp_path):
    from archives import storage_at
    from newsarchive.archive.storage import ArchiveUnwritable, unwritable_reason
    from newsarchive.archive.warc.records import Exchange

    storage = storage_at(tmp_path / "archive")
    storage.open()
    exchange = Exchange("http://a.test/", "GET", [], b"", "HTTP/1.1", 200, [("Content-Type", "text/html")], b"<p>x")
    storage.archive(exchange)
    full = OSError(28, "No space left on device")
    storage.writer._write = lambda *args: (_ for _ in ()).throw(full)
    with pytest.raises(ArchiveUnwritable, match="No space left"):
        storage.archive(exchange)
    storage.writer._open = lambda: pytest.fail("a new WARC file opened on a full disk")
    for _ in range(3):
        with pytest.raises(ArchiveUnwritable):
            storage.archive(exchange)
    with pytest.raises(ArchiveUnwritable):
        storage.store_article({"url": "http://a.test/", "id": "1", "fetched_at": "2024-01-01T00:00:00+00:00"})
    storage.close()  # leaves the file .open for repair, closes the catalogue
    assert len(list((tmp_path / "archive" / "warc").glob("*.open"))) == 1
    assert unwritable_reason(OSError(30, "Read-only file system")) == "Read-only file system"
    assert unwritable_reason(ValueError("bad page")) is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 300)
    with pytest.raises(sqlite3.DatabaseError) as damaged:  # a catalogue damaged under a running crawl
        sqlite3.connect(garbage).execute("SELECT * FROM sqlite_master")
    assert unwritable_reason(damaged.value) == "catalogue damaged: file is not a database"


def test_an_archive_made_read_only_stops_the_next_run_with_one_line_and_nothing_changed(small_disk, demo_site,
                                                                                         tmp_path):
    from archive_runs import write_sites_file

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    sites, archive = write_sites_file(tmp_path, demo_site), small_disk / "archive"
    first = subprocess.run([NEWSARCHIVE, "run", "--sites", str(sites), "--archive-dir", str(archive)],
                           cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr[-3000:]
    before = sorted((p.relative_to(archive), p.stat().st_size) for p in archive.rglob("*") if p.is_file())
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    again = subprocess.run([NEWSARCHIVE, "run", "--sites", str(sites), "--archive-dir", str(archive)],
                           cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert again.returncode != 0
    assert "Traceback" not in again.stderr
    assert again.stderr.strip().count("\n") == 0, again.stderr  # one line
    assert f"archive folder {archive}: cannot create it or write in it: Read-only file system" in again.stderr
    assert sorted((p.relative_to(archive), p.stat().st_size) for p in archive.rglob("*") if p.is_file()) == before
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert verify_archive(ArchiveLayout(archive)).unresolved == []
