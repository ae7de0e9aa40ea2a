"""Real crawls of a loopback news site: what lands in the archive."""
import base64
import gzip
import hashlib
import io
import json
import os
import subprocess

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive_site import PROJECT, crawl, crawl_command, image_bytes, start_site, warcio_check
from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.exporters import REFERENCE_FIELDS, ArticleReferenceExporter
from newsarchive.items import Article

KINDS = ("news", "gzip", "chunked")
OPERATOR = "Test Operator <ops@news.test>"


@pytest.fixture(scope="module")
def site():
    site = start_site()
    yield site
    site.shutdown()


def page_urls(site, numbers=(1, 2)) -> list[str]:
    return [f"{site.base}/{kind}/{n}.html" for kind in KINDS for n in numbers]


@pytest.fixture(scope="module")
def archive(site, tmp_path_factory) -> ArchiveLayout:
    layout = ArchiveLayout(tmp_path_factory.mktemp("crawl") / "archive")
    crawl(page_urls(site), layout.root, f"WARC_OPERATOR={OPERATOR}")
    return layout


def records(layout: ArchiveLayout) -> list[tuple[str, object, bytes]]:
    """(file name, record, raw payload) of every record of the archive."""
    found = []
    for path in sorted(layout.warc_dir.iterdir()):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                found.append((path.name, record, record.raw_stream.read()))
    return found


def responses(layout: ArchiveLayout) -> dict[str, tuple[object, bytes]]:
    return {r.rec_headers.get_header("WARC-Target-URI"): (r, payload)
            for _, r, payload in records(layout) if r.rec_type == "response"}


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def check_all(layout: ArchiveLayout) -> subprocess.CompletedProcess:
    return warcio_check(*sorted(layout.warc_dir.iterdir()))


def test_warcio_check_passes_and_files_are_closed(archive):
    files = sorted(archive.warc_dir.iterdir())
    assert files and all(f.name.endswith(".warc.gz") for f in files)
    check = check_all(archive)
    assert check.returncode == 0, check.stdout
    assert check.stdout.count("digest pass") == len(records(archive))


def test_warcinfo_opens_the_file(archive):
    name, first, payload = records(archive)[0]
    assert first.rec_type == "warcinfo"
    assert first.rec_headers.get_header("WARC-Filename") == name
    fields = dict(line.split(": ", 1) for line in payload.decode().splitlines() if line)
    assert fields["software"].startswith("newsarchive/")
    assert fields["format"] == "WARC File Format 1.1"
    assert "warc-1.1" in fields["conformsTo"]
    assert fields["operator"] == OPERATOR
    assert fields["robots"] == "ignore"  # the tests crawl with ROBOTSTXT_OBEY=0
    assert fields["http-header-user-agent"].startswith("newsarchive/")


def test_each_page_has_a_response_and_its_request(site, archive):
    found = responses(archive)
    requests = {r.rec_headers.get_header("WARC-Concurrent-To"): r
                for _, r, _ in records(archive) if r.rec_type == "request"}
    for url in page_urls(site):
        response, payload = found[url]
        assert response.http_headers.statusline == "200 OK"
        assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert response.rec_headers.get_header("WARC-Payload-Digest") == sha1_base32(payload)
        request = requests[response.rec_headers.get_header("WARC-Record-ID")]
        path = url.split(site.base, 1)[1]
        assert request.http_headers.protocol == "GET"
        assert request.http_headers.statusline == f"{path} HTTP/1.1"
        assert request.http_headers.get_header("Host") == site.base.split("//")[1]


def test_only_encodings_that_replay_tools_decode_are_asked_for(archive):
    """The body is archived still encoded: an encoding warcio cannot
    decode (zstd, say) would not replay."""
    asked = {r.http_headers.get_header("Accept-Encoding") for _, r, _ in records(archive) if r.rec_type == "request"}
    encodings = {token.split(";")[0].strip() for value in asked for token in value.split(",")}
    assert encodings and encodings <= {"gzip", "deflate", "identity"}


def test_gzip_body_is_kept_encoded_with_its_header(site, archive):
    response, payload = responses(archive)[f"{site.base}/gzip/1.html"]
    assert response.http_headers.get_header("Content-Encoding") == "gzip"
    assert int(response.http_headers.get_header("Content-Length")) == len(payload)
    assert b"Story number 1 (gzip)" in gzip.decompress(payload)


def test_chunked_body_is_dechunked_without_transfer_encoding(site, archive):
    response, payload = responses(archive)[f"{site.base}/chunked/2.html"]
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert payload.startswith(b"<!doctype html>") and payload.rstrip().endswith(b"</html>")
    assert b"\r\n1f4\r\n" not in payload


def test_every_rendition_of_the_article_pictures_is_archived(site, archive):
    found = responses(archive)
    requests = {r.rec_headers.get_header("WARC-Target-URI"): r for _, r, _ in records(archive)
                if r.rec_type == "request"}
    for name in ("1", "1-2x", "2", "2-2x"):
        response, payload = found[f"{site.base}/img/{name}.png"]
        assert response.http_headers.get_header("Content-Type") == "image/png"
        assert payload == image_bytes(name)
        request = requests[f"{site.base}/img/{name}.png"]
        assert request.http_headers.get_header("Accept").startswith("image/")
        assert request.http_headers.get_header("Referer").startswith(f"{site.base}/")


def test_catalogue_rows_match_the_records(archive):
    in_files = {r.rec_headers.get_header("WARC-Record-ID"): name
                for name, r, _ in records(archive) if r.rec_type == "response"}
    catalog = Catalog(archive.catalog_path)
    rows = catalog.captures()
    assert {c.record_id: c.warc_file for c in rows} == in_files
    for capture in rows:
        with open(archive.warc_dir / capture.warc_file, "rb") as handle:
            handle.seek(capture.offset)
            member = handle.read(capture.length)
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_headers.get_header("WARC-Record-ID") == capture.record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == capture.url
        assert record.rec_headers.get_header("WARC-Payload-Digest") == capture.payload_digest
    catalog.close()


def test_one_json_per_article_with_its_capture(site, archive):
    files = sorted(archive.articles_dir.rglob("*.json"))
    assert len(files) == len(page_urls(site))
    catalog = Catalog(archive.catalog_path)
    by_id = {c.record_id: c for c in catalog.captures()}
    rows = {r["json_path"]: r for r in catalog.articles()}
    catalog.close()
    for path in files:
        article = json.loads(path.read_text(encoding="utf-8"))
        relative = path.relative_to(archive.root)
        assert relative.parts[:2] == ("articles", "127.0.0.1") and relative.parts[2] == "2024"
        capture = article["capture"]
        assert set(capture) >= {"warc_file", "offset", "length", "record_id", "warc_date", "payload_digest"}
        assert by_id[capture["record_id"]].url == article["url"]
        assert rows[relative.as_posix()]["capture_record_id"] == capture["record_id"]
        assert rows[relative.as_posix()]["headline"] == article["headline"]


def test_run_feed_has_a_reference_to_each_article_as_json_lines(site, archive):
    [feed] = list((archive.root / "runs").glob("article-*.jsonl"))
    lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["url"] for a in lines) == sorted(page_urls(site))
    assert all(list(a) == list(REFERENCE_FIELDS) and a["capture"]["record_id"] for a in lines)  # no body
    catalog = Catalog(archive.catalog_path)
    for line in lines:  # each leads to its article's JSON
        [row] = catalog.versions(line["id"])
        stored = json.loads((archive.root / row["json_path"]).read_text(encoding="utf-8"))
        assert stored["capture"] == line["capture"] and stored["headline"] == line["headline"]
    catalog.close()


def test_an_article_in_no_archive_is_written_whole_to_the_references_feed():
    output = io.BytesIO()
    exporter = ArticleReferenceExporter(output)
    exporter.export_item(Article(url="http://a.test/1", id="1", body="Text.", capture={"record_id": "r"}))
    exporter.export_item(Article(url="http://a.test/2", id="2", body="Text."))
    first, second = (json.loads(line) for line in output.getvalue().splitlines())
    assert first == {"id": "1", "url": "http://a.test/1", "headline": None, "published": None, "fetched_at": None,
                     "capture": {"record_id": "r"}}
    assert second["body"] == "Text." and second["id"] == "2"


def test_cdxj_index_sorted_and_pointing_at_the_captures(archive):
    lines = archive.index_path.read_text(encoding="utf-8").splitlines()
    catalog = Catalog(archive.catalog_path)
    captures = {(c.warc_file, c.offset): c for c in catalog.captures()}
    catalog.close()
    assert lines == sorted(lines) and len(lines) == len(captures)
    for line in lines:
        key, timestamp, fields = line.split(" ", 2)
        fields = json.loads(fields)
        capture = captures[(fields["filename"], int(fields["offset"]))]
        assert key.startswith("1,0,0,127:") and fields["url"] == capture.url
        assert timestamp == capture.timestamp and fields["length"] == str(capture.length)
        assert "sha1:" + fields["digest"] == capture.payload_digest


def test_unchanged_pages_become_revisits_and_changed_ones_new_versions(site, tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    urls = page_urls(site, numbers=(3,))
    crawl(urls, layout.root)
    crawl(urls, layout.root)
    catalog = Catalog(layout.catalog_path)
    for url in urls + [f"{site.base}/img/3.png", f"{site.base}/img/3-2x.png"]:
        first, second = catalog.captures_of(url)
        assert (first.record_type, second.record_type) == ("response", "revisit")
        assert first.payload_digest == second.payload_digest
    revisits = [r for _, r, _ in records(layout) if r.rec_type == "revisit"]
    assert len(revisits) == len(urls) + 2
    for revisit in revisits:
        [original] = [c for c in catalog.captures_of(revisit.rec_headers.get_header("WARC-Target-URI"))
                      if c.record_type == "response"]
        assert revisit.rec_headers.get_header("WARC-Refers-To-Target-URI") == original.url
        assert revisit.rec_headers.get_header("WARC-Refers-To-Date") == original.warc_date
        assert revisit.rec_headers.get_header("WARC-Refers-To") == original.record_id
    assert len(list(layout.articles_dir.rglob("*.json"))) == len(urls)  # unchanged: no new version
    site.edition = 2
    try:
        crawl(urls, layout.root)
    finally:
        site.edition = 1
    assert [c.record_type for c in catalog.captures_of(urls[0])] == ["response", "revisit", "response"]
    assert len(list(layout.articles_dir.rglob("*.json"))) == 2 * len(urls)
    assert len(catalog.articles()) == 2 * len(urls)
    catalog.close()
    assert check_all(layout).returncode == 0


def test_responses_from_the_http_cache_are_not_written_again(site, tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    cache = ("HTTPCACHE_ENABLED=1", f"HTTPCACHE_DIR={tmp_path / 'cache'}")
    crawl(page_urls(site, numbers=(4,)), layout.root, *cache)
    catalog = Catalog(layout.catalog_path)
    first = catalog.captures()
    crawl(page_urls(site, numbers=(4,)), layout.root, *cache)
    assert catalog.captures() == first and len(first) == len(KINDS) + 2
    catalog.close()


def test_rotation_at_a_small_max_size(site, tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    crawl(page_urls(site, numbers=(5, 6, 7)), layout.root, "WARC_MAX_SIZE=3000")
    files = sorted(layout.warc_dir.iterdir())
    assert len(files) >= 3 and all(f.name.endswith(".warc.gz") for f in files)
    assert all(f.stat().st_size >= 3000 for f in files[:-1])
    for path in files:
        with open(path, "rb") as handle:
            types = [r.rec_type for r in ArchiveIterator(handle)]
        assert types[0] == "warcinfo" and types.count("warcinfo") == 1
    assert check_all(layout).returncode == 0
    assert len(responses(layout)) == 3 * len(KINDS) + 3 * 2


def test_archive_dir_from_the_environment(site, tmp_path):
    archive = tmp_path / "from-env"
    command = crawl_command([f"{site.base}/news/8.html"], archive)
    at = command.index(f"ARCHIVE_DIR={archive}")
    del command[at - 1:at + 1]
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True, timeout=180,
                   env={**os.environ, "ARCHIVE_DIR": str(archive)})
    assert len(list((archive / "warc").glob("*.warc.gz"))) == 1
    assert len(list((archive / "articles").rglob("*.json"))) == 1


def test_pictures_are_not_fetched_when_archive_images_is_off(site, tmp_path):
    layout = ArchiveLayout(tmp_path / "archive")
    crawl([f"{site.base}/news/9.html"], layout.root, "ARCHIVE_IMAGES=0")
    assert list(responses(layout)) == [f"{site.base}/news/9.html"]
