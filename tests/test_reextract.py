"""Extracting again the articles archived in WARC files."""
import gzip
import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.archive.warc.pages import archived_pages
from newsarchive.cli import main

ARTICLE = """<html><head><title>Harbour reopens | The Test Times</title>
<meta property="og:type" content="article"></head><body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Monday after a week of storms kept the fishing fleet ashore.</p>
<p>Harbour master Ana Lind said the quays had been checked and found sound by engineers.</p>
</article></body></html>""".encode()


def chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)


def write_warc(path):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                           ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://news.test/harbour", "response", payload=io.BytesIO(chunked(gzip.compress(ARTICLE))),
            http_headers=http))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://news.test/harbour.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=image))
        home = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://news.test/", "response", payload=io.BytesIO(b"<html><body><a href=/a>A</a></body></html>"),
            http_headers=home))


def test_archived_pages_are_the_html_responses_decoded(tmp_path):
    path = tmp_path / "test.warc.gz"
    write_warc(path)
    with path.open("rb") as stream:
        pages = list(archived_pages(stream))
    assert [p.url for p in pages] == ["http://news.test/harbour", "http://news.test/"]
    assert pages[0].body == ARTICLE  # de-chunked and gunzipped
    assert pages[0].offset == 0 and pages[1].offset > 0
    assert pages[0].record_id.startswith("<urn:uuid:")


def test_extract_warc_gives_each_article_with_its_capture(tmp_path, capsys, caplog):
    path = tmp_path / "test.warc.gz"
    write_warc(path)
    with caplog.at_level("INFO"):
        assert main(["extract", "--warc", str(path)]) == 0
    out, err = capsys.readouterr().out, caplog.text
    [article] = [json.loads(line) for line in out.splitlines()]
    assert article["headline"] == "Harbour reopens"
    assert "fishing fleet" in article["body"]
    assert article["capture"]["warc_file"] == "test.warc.gz" and article["capture"]["offset"] == 0
    assert "skipped http://news.test/: not an article" in err


def test_an_unreadable_warc_is_a_clear_error(tmp_path, caplog):
    junk = tmp_path / "junk.warc"
    junk.write_text("not a warc\n")
    assert main(["extract", "--warc", str(junk), str(tmp_path / "missing.warc.gz")]) == 1
    err = caplog.text
    assert "cannot read" in err and "junk.warc" in err and "missing.warc.gz" in err


def test_a_cut_warc_is_an_error_not_a_shorter_page(tmp_path, capsys, caplog):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    data = whole.read_bytes()
    with whole.open("rb") as stream:
        second = [p.offset for p in archived_pages(stream)][1]
    cut_page, cut_header = tmp_path / "cut-page.warc.gz", tmp_path / "cut-header.warc.gz"
    cut_page.write_bytes(data[:len(data) - 30])  # inside the last page's payload
    cut_header.write_bytes(data[:120])  # inside the first record's headers
    assert main(["extract", "--warc", str(cut_page), str(cut_header)]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 1  # the whole article before the cut
    assert f"cut-page.warc.gz: the record at offset {second} is cut short" in caplog.text
    assert "cut-header.warc.gz: no WARC record could be read" in caplog.text
