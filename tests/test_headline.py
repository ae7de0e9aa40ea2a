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
    "dailytest.example Rain returns to the valley",
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


def test_the_visible_headline_wins_over_a_rewritten_seo_title():
    seo = "Rain returns: what it means for farmers in 2024"
    html = page(f'<title>{seo}</title><meta property="og:title" content="{seo}">',
                "<article><h1>Rain is back in 2024, and farmers are glad</h1></article>",
                {"@type": "NewsArticle", "headline": seo})
    assert headline(html) == ("Rain is back in 2024, and farmers are glad", "page")


def test_a_heading_the_metadata_does_not_confirm_gives_way_to_it():
    html = page('<meta property="og:title" content="Rain returns to the valley">',
                "<article><h1>Our blog</h1><p>Text.</p></article>",
                {"@type": "NewsArticle", "headline": "Rain returns to the valley"})
    assert headline(html) == ("Rain returns to the valley", "json-ld")


def test_a_heading_of_the_article_gives_way_to_no_lone_title():
    alone = page("<title>T</title>", "<article><h1>Harbour bridge reopens</h1></article>")
    assert headline(alone) == ("Harbour bridge reopens", "page")
    agreeing = page('<title>Ferry strike ends</title><meta name="twitter:title" content="Ferry strike ends">',
                    "<article><h1>Harbour bridge reopens</h1></article>")
    assert headline(agreeing)[0] == "Ferry strike ends"
    outside = page("<title>T</title>", "<h1>Harbour bridge reopens</h1><article><p>Text.</p></article>")
    assert headline(outside) == ("T", "page")


def test_a_heading_confirmed_by_the_metadata_wins_over_an_earlier_one_only_alike():
    html = page("<title>The valley diaries: rain returns</title>",
                "<h1>The valley diaries of a farmer</h1><article><h2>x</h2></article>"
                "<h1>Rain returns</h1>")
    assert headline(html)[0] == "Rain returns"


def test_a_heading_holding_the_site_name_or_logo_is_no_headline():
    html = page('<title>Rain returns to the valley</title>',
                '<h1 class="site-logo">The Daily Test</h1><h1>Dailytest.example</h1>'
                "<article><p>Text.</p></article>")
    assert headline(html) == ("Rain returns to the valley", "page")


def test_a_heading_in_capitals_takes_the_words_as_typed_in_the_metadata():
    html = page('<meta property="og:title" content="Weekend Coding Agent">',
                "<article><h1>WEEKEND<br>CODING<br><span>AGENT</span></h1></article>")
    assert headline(html) == ("Weekend Coding Agent", "page")


def test_date_byline_and_trailing_furniture_of_a_heading_are_left_out():
    html = page('<meta property="og:title" content="Rain returns to the valley after a dry month">',
                '<article><h1><time datetime="2024-05-02">May 2</time> Rain returns to the valley '
                'after a dry month <span class="byline">by Jane Roe</span> (dailytest.example) 87</h1></article>')
    assert headline(html)[0] == "Rain returns to the valley after a dry month"


def article_with(header: str, og_title: str = "") -> Article:
    meta = f'<meta property="og:title" content="{og_title}">' if og_title else ""
    article = Article(url=URL)
    fill_headline(article, gather_evidence(page(meta, f"<article><header>{header}</header></article>"), URL))
    return article


def test_a_kicker_named_in_the_heading_goes_to_the_kicker():
    article = article_with('<h1><span class="article__kicker">Drought</span> '
                           '<span class="title">Rain returns to the valley</span></h1>')
    assert (article.kicker, article.headline) == ("Drought", "Rain returns to the valley")


def test_a_kicker_before_the_heading_goes_to_the_kicker():
    article = article_with('<p class="topline">Drought</p><h1>Rain returns to the valley</h1>')
    assert (article.kicker, article.headline) == ("Drought", "Rain returns to the valley")
    assert article.sources["kicker"] == "page"


def test_a_separator_for_screen_readers_splits_kicker_and_headline():
    article = article_with('<h1><span>Drought<span class="visually-hidden">:</span></span> '
                           '<span>Rain returns to the valley</span></h1>')
    assert (article.kicker, article.headline) == ("Drought", "Rain returns to the valley")


def test_a_title_printed_whole_as_the_heading_keeps_its_part_before_a_colon():
    title = "Dailytest's 2026 forecast: Rain returns to the valley"
    html = page(f'<meta property="og:title" content="{title} | The Daily Test">'
                '<meta property="og:site_name" content="The Daily Test">', f"<article><h1>{title}</h1></article>")
    assert headline(html) == (title, "page")
    assert headline(page(f'<meta property="og:title" content="{title}">'))[0] == "Rain returns to the valley"


def test_a_part_that_is_the_whole_site_name_goes_however_long():
    html = page('<title>Rain returns - Centre for Valley Weather and Farming Studies</title>'
                '<meta property="og:site_name" content="Centre for Valley Weather and Farming Studies">')
    assert headline(html)[0] == "Rain returns"


def test_the_kicker_of_a_seo_title_is_taken_when_the_page_prints_it():
    printed = article_with('<a href="/drought/">Drought</a><h1>Rain returns to the valley</h1>',
                           "Drought: Rain returns to the valley")
    assert (printed.kicker, printed.headline) == ("Drought", "Rain returns to the valley")
    unprinted = article_with("<h1>Rain returns to the valley</h1>", "Drought: Rain returns to the valley")
    assert (unprinted.kicker, unprinted.headline) == (None, "Rain returns to the valley")


def test_a_heading_of_kicker_and_title_is_cut_where_the_metadata_says():
    article = article_with("<h1>Blog: Rain returns to the valley</h1>", "Rain returns to the valley")
    assert (article.kicker, article.headline) == ("Blog", "Rain returns to the valley")


def test_a_standfirst_printed_in_the_heading_after_the_title_is_left_out():
    article = article_with("<h1>Rain returns to the valley<span>:</span><br><span>After a dry month the farmers "
                           "of the whole region count the days until the harvest starts again.</span></h1>",
                           "Rain returns to the valley")
    assert (article.kicker, article.headline) == (None, "Rain returns to the valley")


def test_the_site_name_a_theme_prints_after_the_heading_is_left_out():
    html = page('<meta property="og:site_name" content="The Daily Test">',
                "<article><h1>Rain returns to the valley – The Daily Test</h1></article>")
    assert headline(html) == ("Rain returns to the valley", "page")


def test_a_line_of_its_own_opening_the_heading_is_its_kicker():
    article = article_with("<h1><div>Weekend reading</div> <span>Rain returns to the valley</span></h1>",
                           "Rain returns to the valley")
    assert (article.kicker, article.headline) == ("Weekend reading", "Rain returns to the valley")


def test_a_bar_in_a_heading_sets_a_section_after_and_a_kicker_before_apart():
    assert article_with("<h1>Rain returns to the valley | Opinion</h1>").headline == "Rain returns to the valley"
    article = article_with("<h1>DROUGHT | Rain returns to the valley</h1>")
    assert (article.kicker, article.headline) == ("DROUGHT", "Rain returns to the valley")


def test_without_an_h1_a_heading_of_the_article_that_the_metadata_names_is_the_headline():
    html = page('<meta property="og:title" content="Europe: Rain returns to the valley, farmers glad">',
                '<nav class="breadcrumb"><h1>Europe</h1></nav><article><header>'
                '<h2><span class="kicker">Europe</span> <span>Rain returns to the valley, farmers glad</span></h2>'
                "</header><h2>What comes next</h2></article>")
    assert headline(html) == ("Rain returns to the valley, farmers glad", "page")


def test_a_subheading_of_the_body_is_not_taken_for_the_headline():
    html = page('<meta property="og:title" content="What comes next for the valley farmers">',
                "<article><p>Text.</p><h2>What comes next</h2></article>")
    assert headline(html) == ("What comes next for the valley farmers", "meta")


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
    assert strip_site_name("Dailytest", {"dailytest"}) == "Dailytest"


def test_a_part_that_only_starts_like_a_short_site_name_stays():
    html = page('<meta property="og:title" content="Playoffs - Dwight Howard returns">')
    assert headline(html, "https://www.pl.example/en/a-1")[0] == "Playoffs - Dwight Howard returns"


def test_markup_and_doubly_escaped_entities_in_json_ld_are_undone():
    html = page("", ld={"@type": "NewsArticle", "headline": "Rain &amp;quot;returns&amp;quot; to <em>the</em> valley"})
    assert headline(html)[0] == 'Rain "returns" to the valley'


def test_a_title_loses_its_tail_after_a_bar_then_the_site_name():
    html = page('<title>Rain returns to the valley - The Daily Test | Weather news of the hills</title>'
                '<meta property="og:site_name" content="The Daily Test">')
    assert headline(html)[0] == "Rain returns to the valley"
    longer = page("<title>History of rain | Origin, Spread, Farming, Rivers, Facts and Timeline</title>")
    assert headline(longer)[0] == "History of rain | Origin, Spread, Farming, Rivers, Facts and Timeline"


@pytest.mark.parametrize("template", ["single-post has-sidebar menu-open", "layout-related-posts"])
def test_the_class_of_body_or_main_names_the_template_not_furniture_round_the_heading(template):
    heading = "Keeping Your Home Spotless: Top Cleaning Trends"
    seo = '<meta property="og:title" content="Keeping Your Home Spotless: Latest Trends with Example Maids">'
    for body in (f'<body class="{template}"><div><h1>{heading}</h1></div><p>Some text.</p></body>',
                 f'<body><main class="{template}"><div><h1>{heading}</h1></div><p>Some text.</p></main></body>'):
        assert headline(f"<html><head>{seo}</head>{body}</html>")[0] == heading
