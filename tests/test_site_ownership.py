"""Which site an article belongs to: its id and folder are its own site's,
whatever another site's page declares, and hosts never share a folder."""
import pytest

from archives import storage_at
from hostile_site import forged_article
from archive_site import article_html
from newsarchive.archive.articles import host_folder, site_of
from newsarchive.extraction import extract_article
from newsarchive.extraction.metadata import article_id
from newsarchive.extraction.urls import registrable_domain, same_site

FETCHED = "2024-05-02T10:00:00+00:00"


def test_a_page_cannot_declare_itself_a_version_of_another_sites_article(tmp_path):
    storage = storage_at(tmp_path / "archive")
    original = extract_article(article_html("a", 99, 1), "https://news.example.org/a/99.html", fetched_at=FETCHED)
    forged = extract_article(forged_article("https://news.example.org/a/99.html"), "https://evil.example.net/f.html",
                             fetched_at="2024-05-02T11:00:00+00:00")
    assert forged.canonical_url == "https://evil.example.net/f.html" and forged.sources["canonical_url"] == "url"
    assert forged.id == article_id("https://evil.example.net/f.html") != original.id
    assert storage.store_article(original.to_dict()).outcome == "new"
    assert storage.store_article(forged.to_dict()).outcome == "new"  # an article of its own site
    versions = storage.catalog.versions(original.id)
    assert [v["headline"] for v in versions] == ["Story number 99 (a)"]
    storage.close()


@pytest.mark.parametrize("page, canonical", [
    ("https://www.example.co.uk/story?utm=1", "https://example.co.uk/story"),   # same registrable domain
    ("http://m.example.com/a", "https://www.example.com/a"),                     # scheme aside
    ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a"),                      # an IP address: port aside
])
def test_a_canonical_url_on_the_same_site_is_trusted(page, canonical):
    article = extract_article(forged_article(canonical), page, fetched_at=FETCHED)
    assert article.canonical_url == canonical and article.id == article_id(canonical)


@pytest.mark.parametrize("a, b, same", [
    ("https://a.github.io/x", "https://b.github.io/x", False),  # a private suffix: two sites
    ("https://news.bbc.co.uk/", "https://www.bbc.co.uk/", True),
    ("https://example.co.uk/", "https://other.co.uk/", False),
    ("http://localhost:1/", "http://127.0.0.1:1/", False),
])
def test_sites_are_told_apart_by_the_public_suffix_list(a, b, same):
    assert same_site(a, b) is same


def test_the_public_suffix_list_is_the_shipped_snapshot():
    assert registrable_domain("WWW.Example.CO.UK.") == "example.co.uk"
    assert registrable_domain("www.bücher.example") == "bücher.example"  # an unlisted TLD: the last two labels
    assert registrable_domain("127.0.0.1") == "127.0.0.1" and registrable_domain("localhost") == "localhost"


def test_international_host_names_get_folders_of_their_own():
    folders = {site_of({"url": f"https://{host}/a.html"}) for host in ("bücher.example", "bächer.example")}
    assert folders == {"xn--bcher-kva.example", "xn--bcher-gra.example"}
    assert host_folder("www.example.com") == "www.example.com"
    assert host_folder("a" * 70 + "ü.test") != host_folder("a" * 70 + "ö.test")  # IDNA refuses both
