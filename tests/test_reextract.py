"""Extracting again the articles archived in WARC files."""
import gzip
import io
import json
from pathlib import Path

import pytest

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


def copy_of(layout, tmp_path):
    import shutil

    from newsarchive.archive.layout import ArchiveLayout
    return ArchiveLayout(Path(shutil.copytree(layout.root, tmp_path / "archive")))


def json_files(layout) -> dict:
    return {p: p.read_bytes() for p in layout.articles_dir.rglob("*.json")}


def test_reextract_with_the_same_extractor_changes_nothing(demo_archive, tmp_path, capsys):
    layout = copy_of(demo_archive, tmp_path)
    before = json_files(layout)
    assert main(["reextract", "--archive-dir", str(layout.root)]) == 0
    assert "13 articles extracted again by newsarchive 0.1.0: 0 new versions, 13 unchanged, 0 failed" \
        in capsys.readouterr().out
    assert json_files(layout) == before


def straight_quotes(article, evidence):
    """An 'improved' extraction step: typographic apostrophes made straight in headlines."""
    article.headline = article.headline.replace("\u2019", "'")


def test_reextract_with_a_changed_extractor_makes_versions_marked_as_such(demo_archive, tmp_path, capsys,
                                                                          monkeypatch):
    from newsarchive import extraction
    from newsarchive.archive.catalog import Catalog
    from newsarchive.archive.versions.history import load_versions

    layout = copy_of(demo_archive, tmp_path)
    before = json_files(layout)
    curly = [a for a in map(json.loads, before.values()) if "\u2019" in a["headline"]]
    assert curly, "the demo site has headlines with typographic apostrophes"
    monkeypatch.setattr(extraction, "STEPS", (*extraction.STEPS, straight_quotes))
    assert main(["reextract", "--archive-dir", str(layout.root), "--site", "127.0.0.1",
                 "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    assert f"13 articles extracted again by newsarchive 0.1.0: {len(curly)} new versions" in out
    assert f"changed: headline in {len(curly)}" in out
    after = json_files(layout)
    assert {p: after[p] for p in before} == before  # nothing rewritten, nothing deleted
    with Catalog(layout.catalog_path) as catalog:
        versions = load_versions(layout, catalog, curly[0]["id"])
        listed = catalog.conn.execute("SELECT versions, headline FROM article_latest WHERE article_id = ?",
                                      (curly[0]["id"],)).fetchone()
    first, second = versions
    assert "-reextracted-" in second.json_path and second.fetched_at == first.fetched_at
    assert second.article["headline"] == curly[0]["headline"].replace("\u2019", "'")
    assert second.article["capture"] == first.article["capture"]
    version = second.article["version"]
    assert version["number"] == 2 and version["changed"] == ["headline"]
    assert version["reextraction"]["extractor"] == "newsarchive 0.1.0"
    assert tuple(listed) == (2, second.article["headline"])  # the list and search show the new version
    assert main(["reextract", "--archive-dir", str(layout.root)]) == 0  # again: nothing more to change
    assert "0 new versions" in capsys.readouterr().out


def test_reextract_needs_an_archive_and_a_date(tmp_path, capsys):
    assert main(["reextract", "--archive-dir", str(tmp_path / "none")]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["reextract", "--since", "last tuesday"])
    assert exit_.value.code == 2 and "not a day or time: 'last tuesday'" in capsys.readouterr().err
