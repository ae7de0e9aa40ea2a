"""Property-based fuzzing (Hypothesis) of the parsers that read what
hostile sites send: page decoding, feeds and sitemaps, the URL rule, WARC
scanning and the sites file.  Whatever the input, no exception escapes but
the one each documents."""
import gzip
import io

from hypothesis import HealthCheck, given, settings, strategies as st

from newsarchive.archive.warc.scan import scan_warc
from newsarchive.extraction import PageError, decode_html, gather_evidence
from newsarchive.extraction.urls import http_url_error, page_url, registrable_domain
from newsarchive.sites import SitesFileError, read_sites
from newsarchive.utils.feed import parse_feed
from newsarchive.utils.listing import ListingError, listing_kind
from newsarchive.utils.sitemap import parse_sitemap, sitemap_body

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Bytes that look like markup often enough to get past the first checks.
MARKUP = st.lists(st.sampled_from([b"<", b">", b"</", b"<?xml version='1.0'?>", b"<!DOCTYPE x [", b"]>",
                                   b"<!ENTITY e 'x'>", b"&e;", b"<urlset>", b"<sitemapindex>", b"<url><loc>",
                                   b"</loc></url>", b"<rss><channel><item><link>", b"<feed><entry>",
                                   b"<link href='", b"'/>", b"http://a.test/", b"file:///etc/passwd", b"\x00",
                                   b"\xff\xfe", b"\xef\xbb\xbf", b"<meta charset=", b"utf-16", b"{\"items\": [",
                                   b"jsonfeed.org", b"]}", b"\"", b" "]), max_size=40).map(b"".join) | st.binary(
    max_size=400)
URLISH = st.lists(st.sampled_from(list("htps:/.[]@%?#:0123456789abcü-_ \t\n") + ["file:", "ftp://", "http://",
                                                                                "xn--", "//", "[::1]"]),
                  max_size=30).map("".join)


@FUZZ
@given(MARKUP, st.sampled_from([None, "text/html", "text/html; charset=utf-16", "text/html; charset=bogus"]))
def test_page_decoding_and_parsing_raise_only_page_error(data, content_type):
    try:
        evidence = gather_evidence(decode_html(data, content_type), "https://a.test/x.html")
    except PageError:
        return
    assert evidence.tree is not None


@FUZZ
@given(MARKUP)
def test_listings_raise_only_listing_error_and_give_only_web_page_urls_from_feeds(data):
    assert listing_kind(data, "https://a.test/feed") in (None, "feed", "sitemap")
    try:
        entries = parse_feed(data, "https://a.test/feed")
    except ListingError:
        entries = []
    assert all(http_url_error(entry.url) is None for entry in entries)
    try:
        is_index, _ = parse_sitemap(sitemap_body(data, 10_000))
    except ListingError:
        return
    assert is_index in (True, False)


@FUZZ
@given(st.binary(max_size=300))
def test_a_gzipped_sitemap_is_read_within_its_limit_or_refused(data):
    try:
        body = sitemap_body(gzip.compress(data) + data[:10], 200)
    except ListingError:
        return
    assert len(body) <= 200


@FUZZ
@given(URLISH, URLISH)
def test_the_url_rule_answers_for_any_text(base, url):
    error = http_url_error(url)
    assert error is None or isinstance(error, str)
    joined = page_url("https://a.test/dir/", url)
    assert joined is None or http_url_error(joined) is None
    assert isinstance(registrable_domain(base), str)


@FUZZ
@given(st.binary(max_size=600))
def test_scanning_a_damaged_warc_file_reports_damage_and_never_raises(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("warc") / "x.warc.gz"
    record = (b"WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
              b"Content-Length: 2\r\n\r\nhi\r\n\r\n")
    path.write_bytes(gzip.compress(record) + data)
    scan = scan_warc(path)
    assert scan.good_end <= path.stat().st_size
    assert scan.records and scan.records[0].record_type == "warcinfo"


@FUZZ
@given(st.text(max_size=300) | st.lists(st.sampled_from(["[[site]]\n", 'name = "a"\n', "start_urls = [", '"http://a.test/"',
                                                          '"file:///x"', "]\n", "max_pages = ", "-1", "0", "5\n",
                                                          'article_urls = ["(("]\n', 'revisit = ["1x"]\n', "=",
                                                          '"', "\n"]), max_size=30).map("".join))
def test_a_sites_file_is_read_or_refused_with_sites_file_error(text):
    try:
        sites = read_sites(text, "sites.toml")
    except SitesFileError:
        return
    assert all(http_url_error(url) is None for site in sites for url, _ in site.starts())
