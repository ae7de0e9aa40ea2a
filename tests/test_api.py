"""The library API: ``from newsarchive import extract_article``, typed,
cheap to import, with a site's selectors as a crawl of that site applies
them, also to ``newsarchive extract --sites``."""
import json
import subprocess
import sys
from importlib import resources

import pytest

import bad_pages
import newsarchive
from bad_pages import GERMAN, URL
from newsarchive import Article, NotAnArticle, PageError, extract_article
from newsarchive.cli import main
from test_reextract import write_warc

PAGE = bad_pages.article('<p class="who">Anna Muster</p>' + bad_pages.paragraphs(GERMAN))
SITES = """
[[site]]
name = "news"
start_urls = ["https://news.example/"]
allowed_domains = ["news.example", "news.test"]
[site.selectors]
authors = ".who"
kicker = "//p[@class='who']"
"""


def test_importing_the_package_leaves_the_extraction_unloaded():
    code = "import sys, newsarchive; print('newsarchive.extraction' in sys.modules, 'lxml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["False", "False"]


def test_the_api_names_are_the_extraction_s():
    from newsarchive import extraction, items
    assert (extract_article, NotAnArticle, PageError) == \
        (extraction.extract_article, extraction.NotAnArticle, extraction.PageError)
    assert Article is items.Article
    assert set(newsarchive.__all__) <= set(dir(newsarchive))
    with pytest.raises(AttributeError):
        newsarchive.no_such_name  # noqa: B018


def test_the_package_says_it_is_typed():
    assert resources.files("newsarchive").joinpath("py.typed").is_file()


def test_an_article_from_text_or_bytes():
    article = extract_article(PAGE, URL)
    assert isinstance(article, Article)
    assert (article.headline, article.published) == ("Neue Wirtschaftspolitik", "2024-05-03T10:00:00+02:00")
    from_bytes = extract_article(PAGE.encode("utf-8"), URL, content_type="text/html; charset=utf-8",
                                 fetched_at="2024-05-04T00:00:00+00:00")
    assert (from_bytes.body, from_bytes.fetched_at) == (article.body, "2024-05-04T00:00:00+00:00")


def test_selectors_override_the_fields_they_match():
    article = extract_article(PAGE, URL, selectors={"authors": ".who", "headline": "h1.none"})
    assert article.authors == ["Anna Muster"] and article.sources["authors"] == "selector"
    assert article.headline == "Neue Wirtschaftspolitik" and article.sources["headline"] != "selector"


@pytest.mark.parametrize("selectors, message", [
    ({"bylines": ".who"}, "unknown field 'bylines'"),
    ({"authors": "p[["}, "authors: not a valid CSS selector"),
    ({"authors": "//p[@"}, "authors: not a valid XPath selector"),
    ({"authors": 3}, "authors: expected a CSS or XPath selector"),
])
def test_a_bad_selector_is_a_clear_error(selectors, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        extract_article(PAGE, URL, selectors=selectors)


def test_a_page_that_is_none_or_no_article_is_a_clear_error():
    with pytest.raises(PageError):
        extract_article(b"", URL)
    with pytest.raises(NotAnArticle):
        extract_article("<html><body><ul><li><a href='/a'>A</a></li></ul></body></html>", URL)


def test_extract_with_a_sites_file_applies_the_site_s_selectors(tmp_path, capsys):
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["extract", str(page), "--url", URL, "--sites", str(sites)]) == 0
    article = json.loads(capsys.readouterr().out)
    assert (article["authors"], article["kicker"]) == (["Anna Muster"], "Anna Muster")
    assert main(["extract", str(page), "--url", "https://elsewhere.example/a", "--sites", str(sites)]) == 0
    assert json.loads(capsys.readouterr().out)["kicker"] is None


def test_extract_warc_with_a_sites_file_applies_the_site_s_selectors(tmp_path, capsys):
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES.replace('"//p[@class=\'who\']"', '"h1"'), encoding="utf-8")
    warc = tmp_path / "test.warc.gz"
    write_warc(warc)
    assert main(["extract", "--warc", str(warc), "--sites", str(sites)]) == 0
    [article] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert article["kicker"] == "Harbour reopens" and article["sources"]["kicker"] == "selector"


def test_a_bad_sites_file_stops_extract_before_any_page(tmp_path, caplog):
    sites = tmp_path / "sites.toml"
    sites.write_text(SITES.replace('authors = ".who"', 'bylines = ".who"'), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["extract", str(page), "--sites", str(sites)]) == 2
    assert "unknown field 'bylines'" in caplog.text
