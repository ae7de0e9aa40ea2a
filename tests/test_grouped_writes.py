"""Durable writes in groups: every write handed to the system at once (a
crash of the crawl loses none), fsync'd and catalogued together by
``ArchiveStorage.sync``; the compression level of the records; the content
hash of the content as it is, and the catalogues of newsarchive 0.1."""
import gzip
import random
import hashlib
import json
import sqlite3
import zlib

from scrapy.settings import Settings

from archives import archive_settings
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.storage import ArchiveStorage
from newsarchive.archive.verify import verify_archive
from newsarchive.archive.versions.compare import NORMALISED_HASH_PREFIX, content_hash, content_of, has_content_hash
from newsarchive.archive.warc.files import compressible, warc_files
from newsarchive.archive.warc.scan import scan_warc
from test_versions import article
from test_warc_files import exchange


def storage(root, **settings) -> ArchiveStorage:
    return ArchiveStorage.from_settings(Settings({**archive_settings(root), **settings}))


def committed(layout: ArchiveLayout, table: str) -> int:
    """The rows another process sees."""
    conn = sqlite3.connect(f"file:{layout.catalog_path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_writes_are_on_disk_at_once_and_catalogued_together_at_the_sync(tmp_path):
    layout = ArchiveLayout(tmp_path)
    archive = storage(tmp_path, ARCHIVE_SYNC_INTERVAL=3600)
    archive.open()
    captures = [archive.archive(exchange(n)) for n in range(3)]
    stored = archive.store_article(article(capture=captures[0].to_dict()))
    # what a kill -9 would leave now: every record and the JSON, whole, not yet catalogued
    [open_file] = warc_files(layout.warc_dir)
    assert [c.record_id for c in scan_warc(open_file).captures] == [c.record_id for c in captures]
    assert json.loads((tmp_path / stored.json_path).read_text(encoding="utf-8"))["id"] == "0123456789abcdef"
    assert committed(layout, "captures") == 0 and committed(layout, "articles") == 0
    # while the crawl itself sees its own rows
    assert archive.has_article("0123456789abcdef")
    assert archive.catalog.revisit_target(captures[2].url, captures[2].payload_digest) == captures[2]
    archive.sync()
    assert committed(layout, "captures") == 3 and committed(layout, "articles") == 1
    archive.close()
    assert verify_archive(layout).problems == []


def test_without_an_interval_each_write_is_catalogued_at_once(tmp_path):
    layout = ArchiveLayout(tmp_path)
    archive = storage(tmp_path, ARCHIVE_SYNC_INTERVAL=0)
    archive.open()
    archive.archive(exchange(1))
    assert committed(layout, "captures") == 1
    archive.close()


def test_records_are_compressed_at_the_level_set(tmp_path):
    sizes = {}
    for level in (1, 9):
        root = tmp_path / str(level)
        archive = storage(root, WARC_GZIP_LEVEL=level)
        archive.open()
        page = exchange(1)
        body = b"".join(b"<p>paragraph %d of the story, with words that repeat</p>" % n for n in range(2000))
        archive.archive(page.__class__(**{**page.__dict__, "body": body}))
        archive.close()
        [path] = warc_files(root / "warc")
        data = path.read_bytes()
        assert body in gzip.decompress(data)
        sizes[level] = len(data)
        member = scan_warc(path).records[1]
        assert zlib.decompress(data[member.offset:member.offset + member.length], zlib.MAX_WBITS + 16).count(
            b"paragraph") == 2000  # each record one gzip member of its own
    assert sizes[9] < sizes[1]


def test_the_content_hash_is_of_the_content_as_it_is_and_old_hashes_still_verify(tmp_path):
    one = article()
    reflowed = article(body="First   paragraph here.\n\nSecond paragraph here.")
    assert content_hash(one) != content_hash(reflowed)
    assert has_content_hash(reflowed, content_hash(reflowed)) and not has_content_hash(one, content_hash(reflowed))
    archive = storage(tmp_path)
    stored = archive.store_article(one)
    archive.close()
    # a catalogue of newsarchive 0.1 holds hashes of the normalised content
    conn = sqlite3.connect(tmp_path / "catalog.sqlite")
    conn.execute("UPDATE articles SET content_hash = ?", (NORMALISED_HASH_PREFIX + "0" * 64,))
    conn.commit()
    assert [p.message for p in verify_archive(ArchiveLayout(tmp_path)).problems] == \
        [f"article JSON changed since it was catalogued: {stored.json_path}"]
    canonical = json.dumps(content_of(one), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    conn.execute("UPDATE articles SET content_hash = ?",
                 (NORMALISED_HASH_PREFIX + hashlib.sha256(canonical.encode()).hexdigest(),))
    conn.commit()
    conn.close()
    assert verify_archive(ArchiveLayout(tmp_path)).problems == []


def test_a_payload_compressed_already_is_stored_as_it_is_in_its_gzip_member(tmp_path):
    picture = random.Random(1).randbytes(100_000)
    assert not compressible(picture) and compressible(b"<p>words and words</p>" * 1000) and compressible(b"")
    archive = storage(tmp_path, WARC_GZIP_LEVEL=9)
    archive.open()
    page = exchange(1)
    capture = archive.archive(page.__class__(**{**page.__dict__, "body": picture}))
    archive.close()
    [path] = warc_files(tmp_path / "warc")
    member = path.read_bytes()[capture.offset:capture.offset + capture.length]
    assert picture in zlib.decompress(member, zlib.MAX_WBITS + 16)
    assert picture[1000:20000] in member  # stored: the bytes as they are, not compressed again
    assert scan_warc(path).error is None and not scan_warc(path).digest_problems


def test_an_uncatalogued_json_a_power_cut_left_empty_is_removed_by_repair(tmp_path):
    archive = storage(tmp_path)
    stored = archive.store_article(article())
    archive.close()
    empty = (tmp_path / stored.json_path).with_name("fedcba9876543210-20260102030405.json")
    empty.write_bytes(b"")  # renamed into place, its data never synced, its row never committed
    layout = ArchiveLayout(tmp_path)
    [problem] = verify_archive(layout).problems
    assert problem.message.startswith("not a whole article JSON, not catalogued: ") and not problem.repaired
    assert all(p.repaired for p in verify_archive(layout, repair=True).problems)
    assert not empty.exists() and (tmp_path / stored.json_path).exists()
    assert verify_archive(layout).problems == []
