"""The demo news site answers as a news site does: pages, feed, sitemaps,
robots.txt, images, 404s, gzip and chunked responses."""
import gzip
import http.client
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import Request, urlopen

import lxml.html
import pytest

from newsarchive.demo.catalogue import ARTICLES, SECTIONS
from newsarchive.demo.server import accepts_gzip

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}
IMAGE_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


def fetch(url: str, **headers) -> tuple[int, http.client.HTTPMessage, bytes]:
    try:
        with urlopen(Request(url, headers=headers), timeout=5) as response:
            return response.status, response.headers, response.read()
    except HTTPError as error:
        return error.code, error.headers, error.read()


def page(url: str):
    status, headers, body = fetch(url)
    assert status == 200, url
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return lxml.html.document_fromstring(body.decode("utf-8"), base_url=url)


def links(tree) -> set[str]:
    return {urlsplit(urljoin(tree.base_url, href)).path for href in tree.xpath("//a/@href")}


def test_the_site_is_served_on_loopback_only(demo_site):
    assert demo_site.startswith("http://127.0.0.1:")


def test_home_page_links_every_section_and_article(demo_site):
    home = links(page(demo_site + "/"))
    assert {f"/{slug}/" for slug in SECTIONS} <= home
    assert {a.path for a in ARTICLES} <= home


@pytest.mark.parametrize("slug", SECTIONS)
def test_a_section_page_lists_the_articles_of_its_section(demo_site, slug):
    tree = page(f"{demo_site}/{slug}/")
    teasers = {urlsplit(h).path for h in tree.xpath("//article[@class='teaser']//a/@href")}
    assert teasers == {a.path for a in ARTICLES if a.section == slug}
    assert tree.findtext(".//h1") == SECTIONS[slug]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.path)
def test_every_article_page_is_served_with_its_own_absolute_urls(demo_site, article):
    tree = page(demo_site + article.path)
    html = lxml.html.tostring(tree, encoding="unicode")
    assert article.headline in html
    assert "{{site}}" not in html
    absolute = tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    assert all(url == demo_site + article.path for url in absolute)


def test_the_rss_feed_lists_every_article(demo_site):
    status, headers, body = fetch(demo_site + "/feed.xml")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(body).find("channel")
    items = {item.findtext("link"): item for item in channel.iter("item")}
    assert set(items) == {demo_site + a.path for a in ARTICLES}
    for article in ARTICLES:
        item = items[demo_site + article.path]
        assert item.findtext("title") == article.headline
        assert item.findtext("pubDate")


def test_the_news_sitemap_lists_every_article_with_its_news_metadata(demo_site):
    status, _, body = fetch(demo_site + "/sitemap.xml")
    assert status == 200
    entries = {url.findtext("s:loc", namespaces=NS): url for url in ET.fromstring(body).iterfind("s:url", NS)}
    assert set(entries) == {demo_site + a.path for a in ARTICLES}
    for article in ARTICLES:
        news = entries[demo_site + article.path].find("news:news", NS)
        assert news.findtext("news:title", namespaces=NS) == article.headline
        assert news.findtext("news:publication_date", namespaces=NS) == article.published
        assert news.findtext("news:publication/news:language", namespaces=NS) == article.language


def test_robots_txt_allows_all_and_points_to_the_sitemap_index(demo_site):
    status, _, body = fetch(demo_site + "/robots.txt")
    assert status == 200
    lines = body.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {demo_site}/sitemap-index.xml" in lines
    index = ET.fromstring(fetch(demo_site + "/sitemap-index.xml")[2])
    sitemaps = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    assert sitemaps == [demo_site + "/sitemap.xml", demo_site + "/sitemap-sections.xml"]
    sections = ET.fromstring(fetch(demo_site + "/sitemap-sections.xml")[2])
    assert {loc.text for loc in sections.iterfind("s:url/s:loc", NS)} == \
        {demo_site + "/"} | {f"{demo_site}/{slug}/" for slug in SECTIONS}


def image_urls(tree) -> set[str]:
    """Every image URL a page names: src, lazy data-src, srcset candidates,
    <picture> sources, og:image."""
    urls = tree.xpath("//img/@src | //img/@data-src | //meta[@property='og:image']/@content")
    for srcset in tree.xpath("//@srcset | //@data-srcset"):
        urls += [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]
    return {urljoin(tree.base_url, url) for url in urls if not url.startswith("data:")}


def test_every_image_of_every_article_answers_with_image_bytes(demo_site):
    urls = set().union(*(image_urls(page(demo_site + a.path)) for a in ARTICLES))
    for path in ("/images/2023/02/02/20230202000725_0.jpeg",  # img src
                 "/images/science/coral-garden-400.jpg",  # data-srcset only
                 "/images/politics/night-bus-2560.jpg",  # <picture> source, 2x
                 "/images/logos/herald.png"):
        assert demo_site + path in urls
    for url in sorted(urls):
        status, headers, body = fetch(url)
        assert status == 200, url
        assert body.startswith(IMAGE_MAGIC[headers["Content-Type"]]), url
        assert int(headers["Content-Length"]) == len(body)


def test_a_jpeg_ends_with_its_end_of_image_marker(demo_site):
    status, headers, body = fetch(demo_site + "/images/2023/02/02/20230202000725_0.jpeg")
    assert headers["Content-Type"] == "image/jpeg" and body.endswith(b"\xff\xd9")


@pytest.mark.parametrize("path", ["/no/such/page.html", "/images/logo.gif", "/static/../catalogue.py",
                                  "/world"])
def test_an_unknown_path_is_a_404_page(demo_site, path):
    status, headers, body = fetch(demo_site + path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Page not found" in body


@pytest.mark.parametrize("path", ["/", "/feed.xml", ARTICLES[0].path])
def test_text_is_gzip_encoded_only_for_a_client_that_accepts_it(demo_site, path):
    _, plain_headers, plain = fetch(demo_site + path)
    _, headers, body = fetch(demo_site + path, **{"Accept-Encoding": "gzip, deflate"})
    assert plain_headers["Content-Encoding"] is None
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain


@pytest.mark.parametrize("header, accepted", [
    ("gzip", True), ("deflate, gzip;q=0.8", True), ("*", True), ("GZip", True),
    ("gzip;q=0", False), ("gzip; q=0.0", False), ("identity", False), (None, False), ("br, zstd", False),
])
def test_accept_encoding_is_read_with_its_quality_values(header, accepted):
    assert accepts_gzip(header) is accepted


def test_the_live_page_is_streamed_chunked(demo_site):
    live = next(a for a in ARTICLES if a.live)
    connection = http.client.HTTPConnection(urlsplit(demo_site).netloc, timeout=5)
    try:
        connection.request("GET", live.path)
        response = connection.getresponse()
        assert response.getheader("Transfer-Encoding") == "chunked"
        assert response.getheader("Content-Length") is None
        body = response.read().decode("utf-8")  # http.client joins the chunks
    finally:
        connection.close()
    assert body.rstrip().endswith("</html>")
    assert live.headline in body


def jsonld_types(tree) -> set[str]:
    types = set()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        data = json.loads(script)
        for obj in data.get("@graph", [data]):
            types.add(obj["@type"])
    return types


def test_the_articles_cover_the_markup_variants_of_real_publishers(demo_site):
    trees = [page(demo_site + a.path) for a in ARTICLES]
    types = [jsonld_types(t) for t in trees]
    assert sum("NewsArticle" in t for t in types) >= 5
    assert sum(not t for t in types) >= 4  # no JSON-LD at all
    assert sum("LiveBlogPosting" in t for t in types) == 1
    assert sum(bool(t.xpath("//*[@itemtype='https://schema.org/NewsArticle']")) for t in trees) == 1
    assert sum(bool(t.xpath("//img[@data-src]")) for t in trees) >= 2
    assert sum(bool(t.xpath("//picture/source")) for t in trees) >= 2
    assert sum(bool(t.xpath("//noscript//img")) for t in trees) >= 2
    assert {a.language for a in ARTICLES} >= {"en", "de", "ko", "fr"}


@pytest.mark.parametrize("port, message", [("70000", "70000 is not a port: give 0 to 65535"),
                                           ("-1", "-1 is not a port"), ("http", "not a port number: 'http'")])
def test_demo_site_with_a_port_out_of_range_is_a_usage_error(port, message):
    done = subprocess.run([sys.executable, "-m", "newsarchive.cli", "demo-site", "--port", port],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert f"argument --port: {message}" in done.stderr
    assert "Traceback" not in done.stderr
