"""The headline: candidates stripped of site names, then a weighted vote."""
import json

import pytest

from newsarchive.extraction.evidence import gather_evidence
from newsarchive.extraction.headline import fill_headline, strip_site_name
from newsarchive.items import Article

URL = "https://www.dailytest.example/world/2024/05/rain-returns"


def page(head: str = "", body: str = "", ld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{head}{script}</head><body>{body}<p>Some text.</p></body></html>"


def headline(html: str, url: str = URL) -> tuple[str | None, str | None]:
    article = Article(url=url)
    fill_headline(article, gather_evidence(html, url))
    return article.headline, article.sources.get("headline")


@pytest.mark.parametrize("title", [
    "Rain returns to the valley | The Daily Test",
    "Rain returns to the valley - The Daily Test",
    "Rain returns to the valley – Daily Test News",
    "The Daily Test: Rain returns to the valley",
    "The Daily Test | Rain returns to the valley",
    "Rain returns to the valley | dailytest.example",
])
def test_site_name_is_stripped_from_the_title(title):
    html = page(f'<title>{title}</title><meta property="og:site_name" content="The Daily Test">')
    assert headline(html)[0] == "Rain returns to the valley"


def test_site_name_known_from_the_host_when_no_meta_names_it():
    assert headline(page("<title>Rain returns to the valley - Dailytest</title>"))[0] == \
        "Rain returns to the valley"


def test_japanese_full_width_separator():
    html = page('<meta property="og:title" content="宮崎県で震度5弱、津波注意報：朝日新聞デジタル">'
                '<meta property="og:site_name" content="朝日新聞デジタル">')
    assert headline(html)[0] == "宮崎県で震度5弱、津波注意報"


def test_date_and_byline_parts_are_stripped():
    html = page('<title>Rain returns | The Daily Test | by Jane Roe</title>'
                '<meta property="og:site_name" content="The Daily Test">'
                '<meta name="twitter:title" content="Rain returns | Daily Test | 28.04.2023">')
    assert headline(html)[0] == "Rain returns"


def test_section_suffix_goes_when_another_candidate_is_the_bare_headline():
    html = page('<meta property="og:title" content="Rain returns | Europe | DT | 28.04.2023">'
                '<meta name="twitter:title" content="Rain returns">')
    assert headline(html)[0] == "Rain returns"


def test_section_prefix_goes_when_the_h1_is_the_bare_headline():
    html = page('<meta property="og:title" content="Opinion | Rain is good for you">',
                "<article><h1>Rain is good for you</h1></article>")
    assert headline(html)[0] == "Rain is good for you"


def test_a_dash_inside_the_headline_stays():
    html = page('<meta property="og:title" content="Kinder im Netz - was Eltern wissen müssen">')
    assert headline(html)[0] == "Kinder im Netz - was Eltern wissen müssen"


def test_visible_h1_and_og_title_outvote_an_seo_json_ld_headline():
    html = page('<meta property="og:title" content="Rain is back, and farmers are glad">',
                "<article><h1>Rain is back, and farmers are glad</h1></article>",
                {"@type": "NewsArticle", "headline": "Rain returns: what it means for farmers in 2024"})
    assert headline(html) == ("Rain is back, and farmers are glad", "page")


def test_json_ld_backed_by_the_title_outvotes_h1_and_og_title():
    seo = "Rain returns: what it means for farmers in 2024"
    html = page(f'<title>{seo}</title><meta property="og:title" content="Rain is back, and farmers are glad">',
                "<article><h1>Rain is back, and farmers are glad</h1></article>",
                {"@type": "NewsArticle", "headline": seo})
    assert headline(html) == (seo, "json-ld")


def test_json_ld_outweighs_a_single_other_source():
    html = page('<meta property="og:title" content="Rain! Finally!">',
                ld={"@type": "NewsArticle", "headline": "Rain returns to the valley after a dry month"})
    assert headline(html) == ("Rain returns to the valley after a dry month", "json-ld")


def test_a_truncated_json_ld_headline_votes_for_the_full_h1():
    full = "Hunter diagnosed with plague after eating a rabbit, third case in the region this year"
    html = page(f"<title>{full}</title>", f"<article><h1>{full}</h1></article>",
                {"@type": "NewsArticle", "headline": full[:60], "name": full[:60]})
    assert headline(html)[0] == full


def test_h1_in_breadcrumb_or_teaser_is_not_the_headline():
    html = page('<meta property="og:title" content="Rain returns">',
                '<nav class="breadcrumb"><ol><li><h1>Weather</h1></li></ol></nav>'
                '<div class="teaser"><h1>Other story</h1></div>')
    assert headline(html) == ("Rain returns", "meta")


def test_h1_inside_the_article_is_preferred():
    html = page("", '<header><h1>The Daily Test</h1></header><article><h1>Rain returns</h1></article>')
    assert headline(html) == ("Rain returns", "page")


def test_entities_and_spaces_are_cleaned():
    html = page("", ld={"@type": "NewsArticle", "headline": "Rain &amp;  wind\u200b return"})
    assert headline(html)[0] == "Rain & wind return"


def test_no_candidate_leaves_the_headline_empty():
    assert headline("<html><body><p>Nothing here.</p></body></html>") == (None, None)


def test_strip_site_name_keeps_a_headline_that_is_only_a_site_like_word():
    assert strip_site_name("Golem", {"golem"}) == "Golem"


def test_a_part_that_only_starts_like_a_short_site_name_stays():
    html = page('<meta property="og:title" content="Playoffs - Dwight Howard returns">')
    assert headline(html, "https://www.dw.com/en/a-1")[0] == "Playoffs - Dwight Howard returns"


def test_markup_and_doubly_escaped_entities_in_json_ld_are_undone():
    html = page("", ld={"@type": "NewsArticle", "headline": "Rain &amp;quot;returns&amp;quot; to <em>the</em> valley"})
    assert headline(html)[0] == 'Rain "returns" to the valley'
