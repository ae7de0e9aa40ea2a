"""WARC records built from an HTTP exchange, written and read back with warcio."""
import base64
import gzip
import hashlib
import io

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from newsarchive.archive.warc.records import (Exchange, capture_of, request_record, response_record,
                                         revisit_record, warc_date)

PAGE = b"<html><body><p>Hello</p></body></html>"
EXCHANGE = Exchange(
    url="http://news.test:8080/a/story.html?id=7&x=%20y#top", method="GET",
    request_headers=[("User-Agent", "newsarchive-test"), ("Accept-Encoding", "gzip")], request_body=b"",
    protocol="HTTP/1.1", status=200,
    response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                      ("Transfer-Encoding", "chunked")],
    body=gzip.compress(PAGE), ip_address="127.0.0.1")


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def write_and_read(*records):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    for record in records:
        writer.write_record(record)
    buffer.seek(0)
    return [(r, r.content_stream().read()) for r in ArchiveIterator(buffer, check_digests=True)]


def test_response_keeps_the_encoded_body_and_drops_transfer_encoding():
    response = response_record(EXCHANGE, warc_date())
    [(record, payload)] = write_and_read(response)
    assert record.rec_headers.protocol == "WARC/1.1"
    assert record.http_headers.protocol == "HTTP/1.1"
    assert record.http_headers.statusline == "200 OK"
    assert record.http_headers.get_header("Content-Encoding") == "gzip"
    assert record.http_headers.get_header("Transfer-Encoding") is None
    assert record.raw_stream.read() == b""  # content_stream() decoded it; the stored bytes are gzip:
    assert payload == PAGE
    assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1_base32(EXCHANGE.body)
    assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert record.digest_checker.passed is True


def test_stored_payload_is_the_body_as_received():
    response = response_record(EXCHANGE, warc_date())
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=True, warc_version="1.1").write_record(response)
    buffer.seek(0)
    record = next(iter(ArchiveIterator(buffer)))
    assert record.raw_stream.read() == EXCHANGE.body


def test_request_has_path_query_and_host_and_points_at_its_response():
    response = response_record(EXCHANGE, warc_date())
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    request = request_record(EXCHANGE, response.rec_headers.get_header("WARC-Date"), response_id)
    [(_, _), (record, _)] = write_and_read(response, request)
    assert record.rec_type == "request"
    assert record.http_headers.protocol == "GET"
    assert record.http_headers.statusline == "/a/story.html?id=7&x=%20y HTTP/1.1"
    assert record.http_headers.get_header("Host") == "news.test:8080"
    assert record.http_headers.get_header("User-Agent") == "newsarchive-test"
    assert record.rec_headers.get_header("WARC-Concurrent-To") == response_id
    assert record.rec_headers.get_header("WARC-Date") == response.rec_headers.get_header("WARC-Date")


def test_reason_phrase_follows_the_status():
    moved = Exchange(**{**EXCHANGE.__dict__, "status": 301, "body": b""})
    [(record, _)] = write_and_read(response_record(moved, warc_date()))
    assert record.http_headers.statusline == "301 Moved Permanently"


def test_revisit_refers_to_the_original_and_has_no_body():
    original = response_record(EXCHANGE, "2024-01-02T03:04:05.000006Z")
    first = capture_of(original, "a.warc.gz", 0, 100)
    digest = original.rec_headers.get_header("WARC-Payload-Digest")
    [(record, payload)] = write_and_read(revisit_record(EXCHANGE, warc_date(), digest, first))
    headers = record.rec_headers
    assert record.rec_type == "revisit"
    assert headers.get_header("WARC-Profile") == \
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    assert headers.get_header("WARC-Refers-To-Target-URI") == EXCHANGE.url
    assert headers.get_header("WARC-Refers-To-Date") == "2024-01-02T03:04:05.000006Z"
    assert headers.get_header("WARC-Refers-To") == first.record_id
    assert headers.get_header("WARC-Payload-Digest") == digest
    assert record.http_headers.statusline == "200 OK"
    assert payload == b""


def test_capture_of_a_response_and_not_of_a_request():
    response = response_record(EXCHANGE, "2024-01-02T03:04:05.000006Z")
    capture = capture_of(response, "x.warc.gz", 10, 20)
    assert (capture.status, capture.mime, capture.timestamp) == (200, "text/html", "20240102030405")
    request = request_record(EXCHANGE, warc_date(), capture.record_id)
    assert capture_of(request, "x.warc.gz", 30, 20) is None
