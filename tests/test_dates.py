"""Publication and modification dates: sources, trust order, offsets kept, none invented."""
import json

import pytest

from newsarchive.extraction.dates import fill_dates, parse_date, url_day
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.items import Article

URL = "https://news.test/politics/some-story-123"


def page(head: str = "", body: str = "", jsonld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return (f"<html><head><title>Story</title>{script}{head}</head>"
            f"<body><article><h1>Story</h1>{body}<p>Text of the story.</p></article></body></html>")


def dates(html: str, url: str = URL, language: str | None = None, fetched_at: str | None = None,
          headline: str | None = None) -> Article:
    article = Article(url=url, language=language, fetched_at=fetched_at, headline=headline)
    fill_dates(article, gather_evidence(html, url))
    return article


def news(**fields) -> dict:
    return {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Story", **fields}


# -- one value ------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2023-02-03T10:15:00+09:00", "2023-02-03T10:15:00+09:00"),
    ("2023-02-03T10:15:00Z", "2023-02-03T10:15:00+00:00"),
    ("2023-02-03T10:15:00.123+0100", "2023-02-03T10:15:00+01:00"),
    ("2023-02-03 10:15:00 +02:00", "2023-02-03T10:15:00+02:00"),
    ("2023-02-03T10:15", "2023-02-03T10:15:00"),
    ("2023-02-03", "2023-02-03"),
    ("20230203", "2023-02-03"),
    ("1675419300", "2023-02-03T10:15:00+00:00"),
    ("1675419300000", "2023-02-03T10:15:00+00:00"),
    ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),
    ("Tue Nov 19 2019 03:05:46 GMT+0000", "2019-11-19T03:05:46+00:00"),
    ("19 Nov 2019 07:09 GMT", "2019-11-19T07:09:00+00:00"),
    ("Published 7:07 PM EST Nov 19, 2019", "2019-11-19T19:07:00-05:00"),
    ("3. Februar 2023, 10:15 Uhr", "2023-02-03T10:15:00"),
    ("February 3, 2023", "2023-02-03"),
    ("on Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18T11:08:00"),
    ("2023年2月3日 10:15", "2023-02-03T10:15:00"),
    ("03.02.2023 um 10:15", "2023-02-03T10:15:00"),
    ("Do 25.04.24 | 14:07 Uhr", "2024-04-25T14:07:00"),
    ("3 février 2023", "2023-02-03"),
    ("3 de febrero de 2023, 10h15", "2023-02-03T10:15:00"),
    ("Friday 3rd of February 2023", "2023-02-03"),
    ("03-Feb-2023 10:15:00", "2023-02-03T10:15:00"),                    # dashes between day, month, year
    ("By: the editors on 03-feb-2023", "2023-02-03"),
    ("3 lutego 2023", "2023-02-03"),
    ("3 февраля 2023", "2023-02-03"),
    ("2023 m. vasario 3 d.", "2023-02-03"),
])
def test_parse_date_reads_machine_and_printed_forms(value, expected):
    assert parse_date(value).iso() == expected


@pytest.mark.parametrize("value, language, expected", [
    ("3. Mai 2024, 10:00 Uhr MESZ", "de", "2024-05-03T10:00:00+02:00"),
    ("3. Januar 2024 um 10:00 Uhr (MEZ)", "de", "2024-01-03T10:00:00+01:00"),
    ("3 May 2024, 10:00 CEST", "en", "2024-05-03T10:00:00+02:00"),
    ("3 January 2024, 10:00 CET", "en", "2024-01-03T10:00:00+01:00"),
    ("3 May 2024 10:00 BST", "en-gb", "2024-05-03T10:00:00+01:00"),
    ("3 May 2024 10:00 GMT", "en-gb", "2024-05-03T10:00:00+00:00"),
    ("May 3, 2024 at 10:00 UTC", "en", "2024-05-03T10:00:00+00:00"),
    ("May 3, 2024, 10:00 a.m. ET", "en", "2024-05-03T10:00:00-04:00"),
    ("January 3, 2024, 10:00 a.m. ET", "en", "2024-01-03T10:00:00-05:00"),
    ("May 3, 2024 10:00 a.m. EDT", "en", "2024-05-03T10:00:00-04:00"),
    ("May 3, 2024 10:00 PT", "en", "2024-05-03T10:00:00-07:00"),
    ("January 3, 2024 10:00 PST", "en", "2024-01-03T10:00:00-08:00"),
    ("January 3, 2024 10:00 CT", "en", "2024-01-03T10:00:00-06:00"),
    ("May 3, 2024 10:00 MT", "en", "2024-05-03T10:00:00-06:00"),
    ("2024-05-03 10:00 KST", "ko", "2024-05-03T10:00:00+09:00"),
    ("2024年5月3日 10:00 JST", "ja", "2024-05-03T10:00:00+09:00"),
    ("3 May 2024 10:00 AEST", "en-au", "2024-05-03T10:00:00+10:00"),
    ("3 January 2024 10:00 AEDT", "en-au", "2024-01-03T10:00:00+11:00"),
    ("May 3, 2024 10:00 IST", "en-in", "2024-05-03T10:00:00+05:30"),
    ("May 3, 2024 10:00 IST", "en-ie", "2024-05-03T10:00:00+01:00"),
    ("May 3, 2024 10:00 IST", "he", "2024-05-03T10:00:00+02:00"),
    ("May 3, 2024 10:00 CST", "en-us", "2024-05-03T10:00:00-06:00"),
    ("2024-05-03 10:00 CST", "zh-cn", "2024-05-03T10:00:00+08:00"),
])
def test_a_zone_the_page_names_gives_its_offset(value, language, expected):
    assert parse_date(value, language).iso() == expected


@pytest.mark.parametrize("value, language", [
    ("3. Mai 2024 um 10:00 Uhr ist es soweit", "de"),       # a word, not a zone
    ("3 mai 2024 à 10h00 et à 12h00", "fr"),
    ("3. MAI 2024, 10:00 UHR IST DER TERMIN", "de"),        # IST on a German page names no zone
    ("May 3, 2024 10:00 XYZ", "en"),
])
def test_no_offset_is_invented_from_words_that_are_no_zone(value, language):
    stamp = parse_date(value, language)
    assert stamp.has_time and not stamp.has_offset


@pytest.mark.parametrize("value", ["hace 2 horas", "vor 2 Stunden", "0001-01-01T00:00:00Z", "2023-02-30",
                                   "Seite 12", "", None, True])
def test_parse_date_refuses_relative_impossible_and_empty_values(value):
    assert parse_date(value) is None


def test_slashed_dates_read_month_first_only_in_us_english():
    assert parse_date("02/03/2023", "en").iso() == "2023-02-03"
    assert parse_date("02/03/2023", "en-us").iso() == "2023-02-03"
    assert parse_date("02/03/2023", "en-gb").iso() == "2023-03-02"
    assert parse_date("02/03/2023", "fr").iso() == "2023-03-02"
    assert parse_date("25/03/2023", "en").iso() == "2023-03-25"


def test_the_pages_country_decides_how_a_printed_slashed_date_reads():
    html = page('<meta property="og:locale" content="en_GB">', body='<span class="date">02/03/2023</span>')
    assert dates(html, url="https://news.test/story", language="en").published == "2023-03-02"


def test_url_day():
    assert str(url_day("https://x.test/2024/04/25/story/")) == "2024-04-25"
    assert str(url_day("https://x.test/west/statements/2019/nov/18/who/")) == "2019-11-18"
    assert str(url_day("https://x.test/n1/2024/0424/c1001-40223222.html")) == "2024-04-24"
    assert url_day("https://x.test/story-1235010328/") is None
    assert url_day("https://x.test/2024/04/story/") is None


# -- sources and trust ------------------------------------------------------------

def test_jsonld_dates_of_the_article_object_come_first():
    html = page('<meta property="article:published_time" content="2023-02-01T08:00:00+01:00">',
                jsonld=news(datePublished="2023-02-03T10:15:00+09:00", dateModified="2023-02-04T09:00:00+09:00"))
    article = dates(html)
    assert article.published == "2023-02-03T10:15:00+09:00"
    assert article.modified == "2023-02-04T09:00:00+09:00"
    assert article.sources["published"] == "json-ld"


def test_meta_tags_when_there_is_no_jsonld_date():
    html = page('<meta property="article:published:time" content="2024-10-23T15:48:15+00:00">'
                '<meta property="og:updated_time" content="2024-10-23T16:00:00+00:00">')
    article = dates(html)
    assert article.published == "2024-10-23T15:48:15+00:00"
    assert article.modified == "2024-10-23T16:00:00+00:00"
    assert article.sources["published"] == "meta"


def test_a_meta_tag_named_published_is_the_publication_date():
    assert dates(page(head='<meta name="published" content="2024-02-01T10:00:00+01:00">')).published \
        == "2024-02-01T10:00:00+01:00"


def test_a_day_only_meta_date_stays_a_day():
    article = dates(page('<meta name="publishdate" content="2024-04-24">'))
    assert article.published == "2024-04-24"


def test_naive_jsonld_date_takes_the_offset_meta_states_for_the_same_time():
    html = page('<meta property="article:published_time" content="2023-02-03T10:15:00+01:00">',
                jsonld=news(datePublished="2023-02-03T10:15:00"))
    assert dates(html).published == "2023-02-03T10:15:00+01:00"


def test_utc_date_is_written_with_the_local_offset_the_page_gives_for_the_same_instant():
    html = page(body='<time datetime="2024-04-25 04:21:02.000000-0400">April 25, 2024</time>',
                jsonld=news(datePublished="2024-04-25T08:21:02Z"))
    assert dates(html).published == "2024-04-25T04:21:02-04:00"


def test_a_naive_date_never_gets_an_invented_offset():
    html = page(body='<time datetime="2023-02-03T12:00:00+01:00">3.2.2023</time>',
                jsonld=news(datePublished="2023-02-03T10:15:00"))
    assert dates(html).published == "2023-02-03T10:15:00"


def test_day_only_jsonld_date_gains_the_time_of_the_articles_time_element_on_that_day():
    html = page(body='<time class="published" datetime="2025-06-30T07:48:14+02:00">30. Juni 2025</time>',
                jsonld=news(datePublished="2025-06-30"))
    assert dates(html).published == "2025-06-30T07:48:14+02:00"


def test_implausible_jsonld_date_falls_through_to_the_printed_date():
    html = page(body='<div class="publish-date">Published 7:07 PM EST Nov 19, 2019</div>',
                jsonld=news(datePublished="0001-01-01T00:00:00Z"))
    assert dates(html).published == "2019-11-19T19:07:00-05:00"


def test_a_date_later_than_the_fetch_is_not_the_publication_date():
    html = page('<meta property="article:published_time" content="2024-01-05T10:00:00+00:00">',
                jsonld=news(datePublished="2031-01-01T00:00:00Z"))
    assert dates(html, fetched_at="2024-01-06T00:00:00+00:00").published == "2024-01-05T10:00:00+00:00"


def test_modified_before_published_is_dropped():
    html = page(jsonld=news(datePublished="2023-05-15T09:00:37Z", dateModified="2023-05-12T18:50:46Z"))
    article = dates(html)
    assert article.published == "2023-05-15T09:00:37+00:00"
    assert article.modified is None


# -- the visible page ---------------------------------------------------------------

def test_microdata_time_element():
    html = page(body='<time itemprop="datePublished" datetime="2023-08-30T16:45+0100">30 August 2023</time>')
    article = dates(html)
    assert article.published == "2023-08-30T16:45:00+01:00"
    assert article.sources["published"] == "microdata"


def test_time_elements_of_teasers_are_not_the_articles():
    teaser = ('<aside class="related"><article class="news-card"><h3><a href="/other">Other</a></h3>'
              '<time class="entry-date published" datetime="2026-01-20T07:27:26+01:00">20. Januar</time>'
              '</article></aside>')
    html = (f"<html><head><title>Story</title></head><body>{teaser}<article><h1>Story</h1>"
            '<time class="entry-date published" datetime="2026-01-27T12:13:17+01:00">27. Januar 2026</time>'
            "<p>Text.</p></article></body></html>")
    assert dates(html).published == "2026-01-27T12:13:17+01:00"


def test_time_element_without_datetime_is_read_from_its_text():
    html = page(body="<time>April 26, 2023 2:20pm EDT</time>")
    assert dates(html, language="en").published == "2023-04-26T14:20:00-04:00"


def test_updated_time_element_is_the_modification_date():
    html = page(body='<time class="published" datetime="2024-02-01T10:00:00+01:00">1.2.</time>'
                     '<time class="updated" datetime="2024-02-02T11:00:00+01:00">2.2.</time>')
    article = dates(html)
    assert article.published == "2024-02-01T10:00:00+01:00"
    assert article.modified == "2024-02-02T11:00:00+01:00"


def test_date_printed_in_the_byline_container():
    html = page(body='<p class="about"><span>Von</span> <span><a class="author-link" href="/a/m">M. B.</a></span>'
                     "<span>publiziert am 25. September 2018</span></p>")
    article = dates(html, language="de")
    assert article.published == "2018-09-25"
    assert article.sources["published"] == "page"


def test_date_printed_in_a_teaser_link_is_ignored():
    html = page(body='<div class="lineinfo"><span class="author">Eva K.</span> Do 25.04.24 | 14:07 Uhr</div>'
                     '<a href="/other"><h2>Other story <span class="date">24.04.2024</span></h2>'
                     "<p>A teaser of another story, long enough to be more than a date.</p></a>")
    assert dates(html, url="https://news.test/kultur/story.html").published == "2024-04-25T14:07:00"


def test_a_widget_printing_todays_date_is_not_the_articles_date():
    html = ('<html><body><div class="block-date"><p id="todays-date">Friday, December 19, 2025</p></div>'
            '<article><h1>Story</h1><div class="post-date">December 12, 2025</div><p>Text.</p></article></body></html>')
    assert dates(html, language="en", fetched_at="2025-12-19T10:00:00+00:00").published == "2025-12-12"


def test_printed_date_that_contradicts_the_urls_day_is_skipped():
    html = page(body='<p class="statement__meta">said on Sunday, October 13th, 2019</p>'
                     '<p class="article__meta">By <a href="/staff/m">M. D.</a>'
                     '<span class="article__meta">on Monday, November 18th, 2019 at 11:08 a.m.</span></p>')
    article = dates(html, url="https://news.test/statements/2019/nov/18/who/what/", language="en")
    assert article.published == "2019-11-18T11:08:00"


def test_printed_date_labelled_as_an_update_comes_after_the_publication_date():
    html = page(body='<p class="meta">Aktualisiert am 04.02.2023, 09:00 Uhr</p>'
                     '<p class="date">03.02.2023, 10:15 Uhr</p>')
    assert dates(html, url="https://news.test/story", language="de").published == "2023-02-03T10:15:00"


def test_a_printed_date_labelled_as_the_first_publication_comes_first():
    html = page(body='<p class="byline">By M. D. 30 Sep 2022, 11:07am</p>' + "<p>Text of the story.</p>" * 10
                + '<p class="post-info">This article was originally published on 26 Sep 2019 at 4:12pm</p>')
    assert dates(html, url="https://news.test/story", language="en").published == "2019-09-26T16:12:00"
    without_label = html.replace("originally published", "shared")
    assert dates(without_label, url="https://news.test/story", language="en").published == "2022-09-30T11:07:00"


def test_relative_printed_date_is_not_used():
    html = page(body='<span class="date">vor 2 Stunden</span>')
    article = dates(html, url="https://news.test/story")
    assert article.published is None
    assert "published" not in article.sources


def test_dateparser_reads_printed_forms_the_patterns_do_not_know_in_the_pages_language():
    html = page(body='<span class="date">3 tháng 2 năm 2023</span>')
    article = dates(html, url="https://news.test/story", language="vi")
    assert article.published == "2023-02-03"
    assert article.sources["published"] == "page"


def test_a_printed_date_keeps_the_zone_it_names_and_the_locale_reads_an_ambiguous_one():
    german = page(body='<div class="date">3. Mai 2024, 10:00 Uhr MESZ</div>')
    assert dates(german, language="de").published == "2024-05-03T10:00:00+02:00"
    irish = page(head='<meta property="og:locale" content="en_IE">',
                 body='<div class="date">Fri May 3 2024 - 10:00 IST</div>')
    assert dates(irish, language="en").published == "2024-05-03T10:00:00+01:00"


# -- printed where nothing marks it -----------------------------------------------

def test_a_date_line_printed_beside_the_headline_is_the_publication_day():
    html = ("<html><body><article><header><p>Section</p><h1>Story</h1><p>20 December 2025</p></header>"
            "<p>Text of the story.</p></article></body></html>")
    assert dates(html).published == "2025-12-20"
    assert dates(html).sources["published"] == "page"


@pytest.mark.parametrize("html, headline", [
    # nested deeper than the heading's siblings
    ("<html><body><p>Spring fair on 3 March 2024</p><article><header>"
     "<div><div><div><h1>Harbour bridge reopens</h1></div></div></div>"
     "<div><div><div><p>Share</p><div><span>By Ann Lee</span><div><span>20 December 2025</span></div>"
     "</div></div></div></div></header><p>Text of the story.</p></article></body></html>", None),
    # the headline (from the structured data) printed in no heading
    ("<html><body><p>Spring fair on 3 March 2024</p><div class='wrap'><div class='t'>Harbour bridge reopens</div>"
     "<div><div><span>20 December 2025</span></div></div><p>Text of the story.</p></div></body></html>",
     "Harbour bridge reopens"),
])
def test_a_date_line_after_the_headline_beats_a_date_printed_before_the_article(html, headline):
    assert dates(html, headline=headline).published == "2025-12-20"


def test_a_caption_beside_the_headline_gives_no_date():
    html = ("<html><head><title>Story, 1 May 2023</title></head><body><article><h1>Story</h1>"
            "<figure><img src='a.jpg'><figcaption>Rain, 24 April 2023</figcaption></figure>"
            "<p>Text of the story.</p></article></body></html>")
    assert dates(html).published == "2023-05-01"


def test_a_date_printed_anywhere_is_the_last_resort():
    html = ("<html><body><div class='content'><p>Text of the story, long enough to read.</p>"
            "<p>Posted to the blog 2021-05-17</p></div></body></html>")
    assert dates(html).published == "2021-05-17"


def test_a_year_alone_is_no_publication_day():
    html = "<html><body><div class='content'><p>Text of the story.</p><p>© 2024 The Valley Notes</p></div></body></html>"
    assert dates(html).published is None


def test_a_publication_date_stamped_again_on_every_save_gives_way_to_the_printed_one():
    html = page(body='<p class="date">Published 26 April 2023</p>',
                jsonld=news(datePublished="2025-08-21T10:00:00Z", dateModified="2025-08-20T10:00:00Z"))
    assert dates(html).published == "2023-04-26"
    kept = page(body='<p class="date">Published 26 April 2023</p>',
                jsonld=news(datePublished="2025-08-21T10:00:00Z", dateModified="2025-09-20T10:00:00Z"))
    assert dates(kept).published == "2025-08-21T10:00:00+00:00"
    same_clock = page(head='<meta property="article:published_time" content="2024-07-05T14:20:08+00:00">'
                           '<meta property="article:modified_time" content="2024-07-05T14:20:08-04:00">',
                      body='<p class="date">March 1, 2024</p>')  # one save's time, written with two offsets
    assert dates(same_clock).published == "2024-03-01"


@pytest.mark.parametrize("printed", ['<time datetime="2000-04-24">24 Apr 2000</time>',
                                     "<p><span>24 Apr 2000</span> • 3 min read</p>"])
def test_a_publication_date_stamped_again_gives_way_to_the_time_element_or_the_line_by_the_headline(printed):
    html = page(body=printed, jsonld=news(datePublished="2025-12-01T05:10:15Z", dateModified="2025-12-01T05:10:15Z"))
    assert dates(html, headline="Story").published.startswith("2000-04-24")


def test_a_body_class_naming_the_template_does_not_make_the_date_a_teasers():
    html = ("<html><head><title>Story, 1 May 2024</title></head>"
            "<body class='single-post has-comments popular-layout'><div class='content'><h1>Story</h1>"
            "<p class='date'>3 May 2024</p><p>Text of the story.</p></div></body></html>")
    assert dates(html).published == "2024-05-03"


def test_an_article_promoted_to_the_front_page_is_no_teaser():
    html = ("<html><body><article class='node node--type-blog-post node--promoted'><h1>Story</h1>"
            "<div class='blog-pubdate'>September 18, 2024</div><p>Text of the story.</p></article>"
            "<div class='views-row'><article class='node--type-blog-post'><h3>Another story</h3>"
            "<span class='other-info'>March 11, 2026</span></article></div></body></html>")
    assert dates(html).published == "2024-09-18"


def test_declared_publication_dates_that_disagree_are_decided_by_the_date_the_page_prints():
    head = '<meta property="article:published_time" content="2025-11-25">'
    byline = '<p class="byline">By M. D. <span class="date">Nov 25, 2025 5:00 am PST</span></p>'
    html = page(head=head, body=byline, jsonld=news(datePublished="2024-08-29T10:00:00Z"))
    assert dates(html).published == "2025-11-25"
    assert dates(page(head=head, jsonld=news(datePublished="2024-08-29T10:00:00Z"))).published == \
        "2024-08-29T10:00:00+00:00"                                  # nothing printed: the first declared


def test_a_declared_publication_at_the_moment_of_the_modification_is_no_choice():
    head = ('<meta property="article:published_time" content="2025-12-19T18:06:00">'
            '<meta property="article:modified_time" content="2025-12-19T18:06:00+00:00">')
    html = page(head=head, body='<time datetime="2025-12-19T13:06:00-05:00">Dec 19, 2025</time>',
                jsonld=news(datePublished="2018-04-03T16:50:31Z"))
    assert dates(html).published == "2018-04-03T16:50:31+00:00"


def test_dates_in_a_menu_are_not_the_articles_and_the_articles_type_names_no_teaser():
    html = ("<html><body><header><div class='menu'><div class='views-row'><a href='/n/1'>Other news</a>"
            "<time datetime='2025-01-31T12:00:00Z'>01/31/2025</time></div></div></header>"
            "<main><article class='node node--type-newsletter-article'><h1>Story</h1>"
            "<div class='node__meta'><time datetime='2017-03-01T12:00:00Z'>03/01/2017</time></div>"
            "<p>Text of the story.</p></article></main></body></html>")
    assert dates(html).published == "2017-03-01T12:00:00+00:00"


def test_a_newsletter_issue_is_an_article_its_printed_date_counts():
    html = page(body="<div class='newsletter-details-wrapper'><p>November 2, 2022</p></div>",
                jsonld=news(datePublished="2025-06-12", dateModified="2025-06-10"))  # stamped on a later save
    assert dates(html).published == "2022-11-02"


def test_a_date_in_any_text_far_from_the_article_is_no_publication_date():
    # htmldate's extensive search would take this side box's date for the page's
    html = page(body="<p>More text of the story here.</p>" * 3).replace(
        "</article>", "</article><aside><ul><li>Events calendar</li><li>Open until 14 November 2025</li></ul></aside>")
    assert dates(html).published is None
