"""The CDXJ index: lines as pywb writes them, merged in SURT order."""
import json

from newsarchive.archive.warc.index import add_to_index, build_index, cdxj_line
from test_catalog import capture


def test_line_in_pywb_form():
    line = cdxj_line(capture(url="http://www.News.test/b?z=1&a=2", date="2024-01-02T03:04:05.678901Z",
                             digest="sha1:ABC"))
    key, timestamp, fields = line.split(" ", 2)
    assert (key, timestamp) == ("test,news)/b?a=2&z=1", "20240102030405")
    assert json.loads(fields) == {"url": "http://www.News.test/b?z=1&a=2", "mime": "text/html", "status": "200",
                                  "digest": "ABC", "length": "10", "offset": "0", "filename": "a.warc.gz"}


def test_revisit_lines_have_the_revisit_mime_and_no_status():
    fields = json.loads(cdxj_line(capture(record_type="revisit")).split(" ", 2)[2])
    assert fields["mime"] == "warc/revisit" and "status" not in fields


def test_merge_keeps_the_index_sorted_and_without_duplicates(tmp_path):
    path = tmp_path / "indexes" / "index.cdxj"
    first = [capture(url="http://b.test/", record_id="1"), capture(url="http://d.test/", record_id="2")]
    assert build_index(path, first) == 2
    later = [capture(url="http://a.test/", record_id="3", offset=5), capture(url="http://c.test/", record_id="4"),
             first[0]]
    assert add_to_index(path, later) == 4
    keys = [line.split(" ")[0] for line in path.read_text().splitlines()]
    assert keys == ["test,a)/", "test,b)/", "test,c)/", "test,d)/"]
    assert [p.name for p in path.parent.iterdir()] == ["index.cdxj"]
