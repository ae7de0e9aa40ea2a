"""Identity and descriptive metadata."""
import json

import pytest

from newsarchive.extraction.evidence import gather_evidence
from newsarchive.extraction.metadata import article_id, fill_identity, fill_metadata, plain_text
from newsarchive.items import Article

URL = "https://www.dailytest.example/world/2024/05/rain-returns?utm_source=x"


def page(head: str = "", ld: dict | list | None = None, lang: str = "") -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    attr = f' lang="{lang}"' if lang else ""
    return f"<html{attr}><head>{head}{script}</head><body><p>Text.</p></body></html>"


def metadata(html: str, url: str = URL) -> Article:
    article = Article(url=url)
    ev = gather_evidence(html, url)
    fill_identity(article, ev)
    fill_metadata(article, ev)
    return article


def test_canonical_link_gives_url_and_stable_id():
    a = metadata(page('<link rel="canonical" href="/world/2024/05/rain-returns">'))
    assert a.canonical_url == "https://www.dailytest.example/world/2024/05/rain-returns"
    assert a.sources["canonical_url"] == "page"
    assert a.id == article_id("https://WWW.dailytest.example/world/2024/05/rain-returns#top")
    assert len(a.id) == 16


def test_og_url_then_page_url_when_no_canonical_link():
    assert metadata(page('<meta property="og:url" content="https://dailytest.example/a">')).canonical_url == \
        "https://dailytest.example/a"
    a = metadata(page())
    assert (a.canonical_url, a.sources["canonical_url"]) == (URL, "url")


def test_canonical_link_to_the_home_page_is_ignored_on_an_article():
    a = metadata(page('<link rel="canonical" href="https://www.dailytest.example/">'))
    assert a.canonical_url == URL


@pytest.mark.parametrize("bad", ["https://[domain]/story.html", "http://[::1/story", "http://news.test:99999/a",
                                 "https://news..test/a", "javascript:void(0)", "mailto:desk@news.test"])
def test_a_malformed_canonical_url_is_no_evidence(bad):
    a = metadata(page(f'<link rel="canonical" href="{bad}"><meta property="og:url" content="https://dailytest.example/a">'))
    assert (a.canonical_url, a.sources["canonical_url"]) == ("https://dailytest.example/a", "meta")
    a = metadata(page(f'<meta property="og:url" content="{bad}">'))
    assert (a.canonical_url, a.sources["canonical_url"]) == (URL, "url")


def test_description_prefers_json_ld_and_drops_markup_and_double_entities():
    ld = {"@type": "NewsArticle", "description": "<p>Here&amp;#x27;s the  rain</p>"}
    a = metadata(page('<meta property="og:description" content="Other">', ld))
    assert (a.description, a.sources["description"]) == ("Here's the rain", "json-ld")


def test_description_from_og_description():
    assert metadata(page('<meta property="og:description" content="The standfirst.">')).description == \
        "The standfirst."


def test_publisher_from_json_ld_reference_then_site_name():
    ld = {"@graph": [{"@type": "NewsArticle", "headline": "Rain", "publisher": {"@id": "#org"}},
                     {"@type": "NewsMediaOrganization", "@id": "#org", "name": "The Daily Test"}]}
    assert metadata(page(ld=ld)).publisher == "The Daily Test"
    assert metadata(page('<meta property="og:site_name" content="Daily Test">')).publisher == "Daily Test"


def test_a_url_is_no_publisher_name():
    html = page('<meta name="application-name" content="https://www.dailytest.example">')
    assert metadata(html).publisher is None


@pytest.mark.parametrize("html, language", [
    (page(ld={"@type": "NewsArticle", "inLanguage": "de-AT"}, lang="en"), "de"),
    (page('<meta property="og:locale" content="en_US">', lang="pt-BR"), "pt"),
    (page('<meta property="og:locale" content="fr_FR">'), "fr"),
    (page(lang="not a language"), None),
])
def test_language_two_letters(html, language):
    assert metadata(html).language == language


def test_section_and_access():
    ld = {"@type": "NewsArticle", "articleSection": ["Politik", "Inland"], "isAccessibleForFree": "False"}
    a = metadata(page(ld=ld))
    assert (a.section, a.is_free) == ("Politik", False)
    assert metadata(page(ld={"@type": "NewsArticle", "isAccessibleForFree": True})).is_free is True
    assert metadata(page()).is_free is None


def test_a_paywalled_part_means_not_free():
    ld = {"@type": "NewsArticle", "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False}}
    assert metadata(page(ld=ld)).is_free is False


def test_tags_from_json_ld_keywords_split_cleaned_and_deduplicated():
    ld = {"@type": "NewsArticle", "keywords": ["Rain, Weather", "weather", "_Prio_3",
                                               "26157981-b4f7-4929-adc1-e860c6f03636", "The Daily Test"]}
    a = metadata(page('<meta property="og:site_name" content="The Daily Test">', ld))
    assert (a.tags, a.sources["tags"]) == (["Rain", "Weather"], "json-ld")


def test_tags_from_article_tag_then_keywords_meta():
    head = '<meta property="article:tag" content="Rain"><meta property="article:tag" content="Valley">'
    assert metadata(page(head)).tags == ["Rain", "Valley"]
    assert metadata(page('<meta name="keywords" content="rain; valley">')).tags == ["rain", "valley"]


def test_space_separated_cjk_keywords_are_split():
    assert metadata(page('<meta name="keywords" content="深空探测 探月工程 航天技术">')).tags == \
        ["深空探测", "探月工程", "航天技术"]


def test_plain_text():
    assert plain_text("R&amp;amp;D <b>rises</b>") == "R&D rises"
