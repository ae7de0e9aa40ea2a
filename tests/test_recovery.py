"""What a crawl does at its start with the WARC files a killed crawl left open."""
from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.warc.recovery import close_crashed_files
from newsarchive.archive.warc.scan import scan_warc
from test_warc_files import pair, writer


def crashed_file(layout: ArchiveLayout, groups: int = 4):
    """A WARC file as a killed crawl leaves it: ``.open``, not locked."""
    w = writer(layout.warc_dir)
    for n in range(groups):
        w.write_group(pair(n))
    w._file[0].close()  # killed: no close, no rename, the lock gone with the process
    [path] = list(layout.warc_dir.glob("*.open"))
    return path


def test_a_file_cut_short_is_closed_after_its_last_whole_record_and_catalogued(tmp_path, caplog):
    layout = ArchiveLayout(tmp_path)
    path = crashed_file(layout)
    whole = scan_warc(path)
    with open(path, "ab") as handle:
        handle.write(b"\x1f\x8b\x08\x00 cut by the kill")
    with Catalog(layout.catalog_path) as catalog:
        catalog.add_captures(whole.captures[:-1])  # the last record was not catalogued yet
        assert close_crashed_files(layout, catalog) == [path.name.removesuffix(".open")]
        assert [c.record_id for c in catalog.captures()] == [c.record_id for c in whole.captures]
    closed = path.with_name(path.name.removesuffix(".open"))
    assert not path.exists() and closed.stat().st_size == whole.good_end
    assert scan_warc(closed).error is None
    assert "left open by a crawl that did not finish" in caplog.text


def test_a_file_damaged_inside_is_left_for_verify(tmp_path, caplog):
    layout = ArchiveLayout(tmp_path)
    path = crashed_file(layout)
    records = scan_warc(path).records
    data = bytearray(path.read_bytes())
    data[records[2].offset + records[2].length // 2] ^= 0x20
    path.write_bytes(bytes(data))
    with Catalog(layout.catalog_path) as catalog:
        assert close_crashed_files(layout, catalog) == []
    assert path.read_bytes() == bytes(data)
    assert "is damaged" in caplog.text and "newsarchive verify" in caplog.text


def test_a_file_a_running_crawl_writes_is_left_alone(tmp_path):
    layout = ArchiveLayout(tmp_path)
    w = writer(layout.warc_dir)
    w.write_group(pair(1))
    [path] = list(layout.warc_dir.glob("*.open"))
    with Catalog(layout.catalog_path) as catalog:
        assert close_crashed_files(layout, catalog) == []
    assert path.exists()
    w.close()
