"""WARC files on disk: names, ``.open`` while written, rotation, scanning."""
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from archive_site import warcio_check
from newsarchive.archive.warc.records import Exchange, request_record, response_record, warc_date
from newsarchive.archive.warc.scan import scan_warc
from newsarchive.archive.warc.files import RotatingWarcWriter, is_locked, warc_file_name

NAME = re.compile(r"^test-\d{17}-\d{5}-host\.warc\.gz$")


def exchange(number: int) -> Exchange:
    return Exchange(url=f"http://news.test/{number}", method="GET", request_headers=[], request_body=b"",
                    protocol="HTTP/1.1", status=200, response_headers=[("Content-Type", "text/plain")],
                    body=f"page {number} ".encode() * 100)


def pair(number: int):
    date = warc_date()
    response = response_record(exchange(number), date)
    return [response, request_record(exchange(number), date, response.rec_headers.get_header("WARC-Record-ID"))]


def writer(directory: Path, max_size: int = 10**9) -> RotatingWarcWriter:
    return RotatingWarcWriter(directory, "test", max_size, {"software": "tests", "operator": "me"}, host="host")


def test_file_name_has_timestamp17_serial_and_host():
    created = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
    assert warc_file_name("news", created, 3, "crawl.example.org") == \
        "news-20240506070809123-00003-crawl.example.org.warc.gz"
    assert warc_file_name("news", created, 0, "my host/1") == "news-20240506070809123-00000-my_host_1.warc.gz"


def test_open_suffix_and_lock_while_writing_then_final_name(tmp_path):
    w = writer(tmp_path)
    written = w.write_group(pair(1))
    [open_file] = list(tmp_path.iterdir())
    assert open_file.name.endswith(".warc.gz.open") and NAME.match(open_file.name[:-5])
    assert is_locked(open_file)
    assert written[0].warc_file == open_file.name[:-5]
    w.close()
    [closed] = list(tmp_path.iterdir())
    assert closed.name == written[0].warc_file
    assert not is_locked(closed)


def test_records_are_where_the_writer_says(tmp_path):
    w = writer(tmp_path)
    places = [w.write_group(pair(n)) for n in range(3)]
    w.close()
    [path] = list(tmp_path.iterdir())
    scan = scan_warc(path)
    assert scan.error is None and not scan.digest_problems
    assert [r.record_type for r in scan.records] == ["warcinfo"] + ["response", "request"] * 3
    assert [(r.offset, r.length) for r in scan.records[1:]] == \
        [(p.offset, p.length) for group in places for p in group]


def test_rotation_at_max_size_each_file_opened_by_warcinfo(tmp_path):
    w = writer(tmp_path, max_size=1200)
    for n in range(6):
        w.write_group(pair(n))
        if w.is_full:  # the owner closes a full file once it has catalogued what went in
            assert len(list(tmp_path.glob("*.open"))) == 1
            w.close()
    w.close()
    files = sorted(tmp_path.iterdir())
    assert len(files) >= 3
    assert all(f.stat().st_size >= 1200 for f in files[:-1])
    assert [int(f.name.split("-")[2]) for f in files] == list(range(len(files)))
    responses = 0
    for path in files:
        records = scan_warc(path).records
        assert records[0].record_type == "warcinfo"
        assert [r.record_type for r in records].count("warcinfo") == 1
        responses += sum(r.record_type == "response" for r in records)
    assert responses == 6
    check = warcio_check(*files)
    assert check.returncode == 0, check.stdout


def test_scan_stops_at_the_last_whole_record_of_a_cut_file(tmp_path):
    w = writer(tmp_path)
    for n in range(3):
        w.write_group(pair(n))
    w.close()
    [path] = list(tmp_path.iterdir())
    full = scan_warc(path)
    ends = [r.offset + r.length for r in full.records]
    data = path.read_bytes()
    for cut in range(0, len(data), 37):
        path.write_bytes(data[:cut])
        scan = scan_warc(path)
        assert scan.good_end == max([e for e in ends if e <= cut], default=0)
        assert (scan.error is None) == (cut in ends or cut == 0)


def test_scan_reports_a_flipped_byte(tmp_path):
    w = writer(tmp_path)
    w.write_group(pair(1))
    w.close()
    [path] = list(tmp_path.iterdir())
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))
    scan = scan_warc(path)
    assert scan.error or scan.digest_problems


def test_scan_reads_on_past_a_damaged_record(tmp_path):
    w = writer(tmp_path)
    for n in range(4):
        w.write_group(pair(n))
    w.close()
    [path] = list(tmp_path.iterdir())
    whole = scan_warc(path)
    hit = whole.records[3]
    data = bytearray(path.read_bytes())
    data[hit.offset + hit.length // 2] ^= 0x20
    path.write_bytes(bytes(data))
    scan = scan_warc(path)
    assert [r.record_id for r in scan.records] == [r.record_id for r in whole.records if r is not hit]
    [damage] = scan.damage
    assert (damage.start, damage.end) == (hit.offset, hit.offset + hit.length)
    assert scan.damaged_inside and scan.good_end == whole.good_end == len(data)


def test_a_failed_write_leaves_the_file_for_repair_and_goes_on_in_a_new_one(tmp_path):
    w = writer(tmp_path)
    w.write_group(pair(1))
    failing = pair(2)
    failing[1].raw_stream = FailingStream()
    with pytest.raises(OSError):
        w.write_group(failing)
    w.write_group(pair(3))
    w.close()
    left, new = sorted(tmp_path.iterdir(), key=lambda p: p.name.split("-")[2])
    assert left.name.endswith(".warc.gz.open") and not is_locked(left)
    assert new.name.endswith(".warc.gz") and scan_warc(new).error is None
    assert [r.capture.url for r in scan_warc(left).records if r.capture][:2] == ["http://news.test/1", "http://news.test/2"]


class FailingStream:
    def read(self, size=-1):
        raise OSError(28, "No space left on device")
