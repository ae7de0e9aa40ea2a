"""``kill -9`` of a real crawl of the demo site, several times over the same archive.

After each kill: every closed WARC file passes ``warcio check``, the ``.open``
file is valid up to its last whole record, every ``*.json`` is whole, and the
catalogue points only at records and files that are there (what a kill may
leave undone is only what the next crawl or ``verify --repair`` finishes:
closing the file, cataloguing the last record or JSON, the index, the cut
last line of the run's JSON Lines).  The next crawl carries on in the same
archive: it closes the files left open, catalogues and indexes their
records; at the end ``verify --repair`` leaves an archive that ``verify``
passes.
"""
import json
import random
import signal
import subprocess
import time
from pathlib import Path

from archive_site import PROJECT, run_crawl, sitemap_command, warcio_check
from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.warc.scan import scan_warc
from newsarchive.archive.verify import verify_archive
from newsarchive.archive.warc.files import OPEN_SUFFIX, final_name, warc_files
from newsarchive.demo.catalogue import ARTICLES

ROUNDS = 3
#: What a kill may leave for ``verify --repair`` to finish; anything else is damage.
UNFINISHED = ("left open by a crawl", "is not catalogued", "article JSON not catalogued",
              "unfinished temporary file", "index out of date", "last line cut by a crash")
#: What only ``verify --repair`` finishes, once a crawl has carried on.
LEFT_FOR_REPAIR = ("article JSON not catalogued", "unfinished temporary file", "last line cut by a crash")
#: Small WARC files (a crawl of the demo site writes 65 to 95 kB), so that
#: kills also fall around rotations.
SETTINGS = ("WARC_MAX_SIZE=30000",)
#: Slow enough for a kill to land mid-crawl (the demo site answers at once).
SLOW = ("DOWNLOAD_DELAY=0.05", "RANDOMIZE_DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=1")


def written(layout: ArchiveLayout, before: set[str]) -> tuple[int, bool]:
    """The bytes of the WARC files not in ``before`` (final names), and
    whether one of them is open: what a crawl has written so far (handed to
    the operating system at once, where its catalogue rows wait for the
    next sync), and whether it is in the middle of a file."""
    size, is_open = 0, False
    for path in warc_files(layout.warc_dir):
        if final_name(path) not in before:
            try:
                size += path.stat().st_size
            except FileNotFoundError:  # renamed as it closed: counted under its new name next time
                continue
            is_open |= path.name.endswith(OPEN_SUFFIX)
    return size, is_open


def running(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def crawl_and_kill(origin: str, layout: ArchiveLayout, after_kb: int) -> None:
    """Start a crawl and ``kill -9`` it once it has written ``after_kb`` kB
    of WARC files and has one open.  Not on catalogue rows: they are
    committed together once a second (``ARCHIVE_SYNC_INTERVAL``), and a
    crawl closes a full file right after, so a kill as the count of rows
    grows would land at a sync, mostly between two files."""
    before = {final_name(path) for path in warc_files(layout.warc_dir)}
    process = subprocess.Popen(sitemap_command(origin, layout.root, *SETTINGS, *SLOW), cwd=PROJECT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while process.poll() is None and time.monotonic() < deadline:
        size, is_open = written(layout, before)
        if size >= after_kb * 1000 and is_open:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the crawl ended before it could be killed"
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15  # its extraction processes end with it
    while any(map(running, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [child for child in children if running(child)]


def assert_sound_after_kill(layout: ArchiveLayout, tmp_path: Path) -> None:
    for path in warc_files(layout.warc_dir):
        scan = scan_warc(path)
        assert not scan.digest_problems
        if path.name.endswith(".warc.gz"):
            assert scan.error is None
            assert warcio_check(path).returncode == 0
        else:  # the crashed file: valid up to its last whole record
            whole = tmp_path / "whole.warc.gz"
            with open(path, "rb") as handle:
                whole.write_bytes(handle.read(scan.good_end))
            assert warcio_check(whole).returncode == 0
    for path in layout.articles_dir.rglob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["capture"]["record_id"]
    damage = [p.message for p in verify_archive(layout).problems
              if not any(unfinished in p.message for unfinished in UNFINISHED)]
    assert damage == [], damage


def test_kill_9_mid_crawl_again_and_again(demo_site, tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    chance = random.Random(3)
    for _ in range(ROUNDS):
        crawl_and_kill(demo_site, layout, after_kb=chance.randint(3, 50))
        assert_sound_after_kill(layout, tmp_path)
    assert len(list(layout.warc_dir.glob("*.open"))) >= 1
    run_crawl(sitemap_command(demo_site, layout.root, *SETTINGS))  # carries on, to the end
    left = [p.message for p in verify_archive(layout).problems
            if not any(unfinished in p.message for unfinished in LEFT_FOR_REPAIR)]
    assert left == [] and not list(layout.warc_dir.glob("*.open"))
    assert not [p for p in verify_archive(layout, repair=True).problems if not p.repaired]
    report = verify_archive(layout)
    assert report.problems == [] and not list(layout.warc_dir.glob("*.open"))
    assert warcio_check(*warc_files(layout.warc_dir)).returncode == 0
    catalog = Catalog(layout.catalog_path)
    articles = {demo_site + a.path for a in ARTICLES}
    assert {c.url for c in catalog.captures()} >= articles
    assert {row["url"] for row in catalog.articles()} == articles
    catalog.close()
