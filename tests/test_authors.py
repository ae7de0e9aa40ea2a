"""Authors: bylines split into names; structured data first, the visible
byline when structured data names no person."""
import json

import pytest

from newsarchive.extraction.authors import fill_authors, split_byline
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.items import Article

URL = "https://www.dailytest.example/world/2024/05/rain-returns"


def page(head: str = "", body: str = "", ld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (f'<html><head><meta property="og:site_name" content="The Daily Test">{head}{script}</head>'
            f"<body>{body}</body></html>")


def authors(html: str) -> tuple[list[str], str | None]:
    article = Article(url=URL)
    fill_authors(article, gather_evidence(html, URL))
    return article.authors, article.sources.get("authors")


@pytest.mark.parametrize("byline, names", [
    ("By Jane Roe, John Doe and Ann Lee", ["Jane Roe", "John Doe", "Ann Lee"]),
    ("Von Anna Muster und Karl Beispiel", ["Anna Muster", "Karl Beispiel"]),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Por Juan Pérez y Ana López", ["Juan Pérez", "Ana López"]),
    ("Door Jan Jansen en Piet Pieters", ["Jan Jansen", "Piet Pieters"]),
    ("Af Ole Hansen og Kari Nordmann", ["Ole Hansen", "Kari Nordmann"]),
    ("di Viviana Rossi", ["Viviana Rossi"]),
    ("글 김철수 기자", ["김철수"]),
    ("松岡大地 記者", ["松岡大地"]),
    ("Jane Roe/AP", ["Jane Roe", "AP"]),
    ("Hans Meier (dpa)", ["Hans Meier", "dpa"]),
    ("Elena Ober (obe)", ["Elena Ober"]),
    ("Emma Mackenzie Lifestyle Writer", ["Emma Mackenzie"]),
    ("Tom Davies, Senior Reporter", ["Tom Davies"]),
    ("Staff Writer Tom Davies", ["Tom Davies"]),
    ("Korrespondentin Eva Klein", ["Eva Klein"]),
    ("Hans Meier in Berlin", ["Hans Meier"]),
    ("Paul Sawers 11:00 AM PDT • May 16, 2024", ["Paul Sawers"]),
    ("Mike Ward and Malcolm Owen Monday, November 18, 2019", ["Mike Ward", "Malcolm Owen"]),
    ("Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch", ["Eva Kirchner-Rätsch"]),
    ("By Jane Roe jane.roe@dailytest.example @janeroe", ["Jane Roe"]),
    ("Updated 3 hours ago", []),
    ("Euronews with Agencies", ["Euronews"]),
    ("Jane Roe, Professor of History at the University of Nowhere and Elsewhere, Dailytest.de",
     ["Jane Roe"]),
    ("mbl.is", ["mbl.is"]),
    ("IN-Redaktion", ["IN-Redaktion"]),
    ("Miguel A. Herguedas", ["Miguel A. Herguedas"]),
    ("Dr. Max Kolter", ["Dr. Max Kolter"]),
    ("Ji Da-gyum Ji Da-gyum", ["Ji Da-gyum"]),
    ("JANE ROE, Jane Roe", ["Jane Roe"]),
])
def test_split_byline(byline, names):
    assert split_byline(byline) == names


def test_json_ld_persons_lists_and_given_family_names():
    ld = {"@type": "NewsArticle", "author": [
        {"@type": "Person", "name": "Jane Roe"},
        {"@type": "Person", "givenName": "Anna Giulia", "familyName": "Fink"},
        "John Doe and Ann Lee",
        {"@type": "Person", "name": "https://www.dailytest.example/authors/jane"},
    ]}
    assert authors(page(ld=ld)) == (["Jane Roe", "Anna Giulia Fink", "John Doe", "Ann Lee"], "json-ld")


def test_json_ld_author_reference_is_resolved_in_the_graph():
    ld = {"@graph": [
        {"@type": "NewsArticle", "headline": "Rain", "author": [{"@id": "https://x.example/#/person/1"}]},
        {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Paul Sawers"},
    ]}
    assert authors(page(ld=ld)) == (["Paul Sawers"], "json-ld")


def test_json_ld_person_and_organisation_both_credited_are_kept():
    ld = {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Julian Seiferth"},
                                             {"@type": "Organization", "name": "t-online"}]}
    assert authors(page(ld=ld))[0] == ["Julian Seiferth", "t-online"]


def test_the_site_named_inside_a_json_ld_person_entry_is_their_affiliation():
    ld = {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Roe and John Doe, The Daily Test"}}
    assert authors(page(ld=ld)) == (["Jane Roe", "John Doe"], "json-ld")


def test_json_ld_publisher_as_author_gives_way_to_a_visible_byline():
    ld = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "The Daily Test"}}
    body = '<article><div class="article__byline">By Jemima Kelly</div><p>Text.</p></article>'
    assert authors(page(body=body, ld=ld)) == (["Jemima Kelly"], "page")


def test_json_ld_organisation_stays_when_no_person_is_named():
    ld = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "The Daily Test"}}
    body = '<article><div class="byline">Quelle: dpa</div><p>Text.</p></article>'
    assert authors(page(body=body, ld=ld)) == (["The Daily Test"], "json-ld")


def test_meta_author_url_and_email_are_ignored():
    head = ('<meta property="article:author" content="https://www.facebook.com/dailytest">'
            '<meta name="author" content="jane.roe@dailytest.example">')
    body = '<article><p class="meta">von <a href="/autoren/name/max-kolter">Dr. Max Kolter</a></p></article>'
    assert authors(page(head, body)) == (["Dr. Max Kolter"], "page")


def test_meta_author_names():
    head = '<meta name="author" content="Jill Doe, The Daily Test">'
    assert authors(page(head)) == (["Jill Doe"], "meta")


def test_rel_author_link():
    body = '<article><p>By <a rel="author" href="/people/jr">Jane Roe</a></p></article>'
    assert authors(page(body=body)) == (["Jane Roe"], "page")


def test_byline_printed_twice_beside_the_author_photo_is_listed_once():
    body = """<div class="view_tit_byline"><div class="byline-l">
      <a href="/list.php?writer=ji"><span class="name">Ji Da-gyum</span></a></div></div>
      <div class="author-box"><img alt="" src="/photo.jpg">
      <span class="writer_name">Ji Da-gyum</span><span>The Korea Herald</span></div>
      <article><p>SEOUL – North Korea on Thursday said ...</p></article>"""
    assert authors(page(body=body)) == (["Ji Da-gyum"], "page")


def test_bylines_of_teasers_comments_and_photo_credits_are_not_the_authors():
    body = """<aside class="related"><span class="author">Other Writer</span></aside>
      <form class="comment-form"><label class="comment-form-author">Name</label></form>
      <figure><div class="bildautor">Foto: Max Lens</div></figure>
      <div class="comment-author">Some Reader</div>
      <article><span class="byline__author">Eva Klein</span><p>Text.</p></article>"""
    assert authors(page(body=body)) == (["Eva Klein"], "page")


def test_brand_before_the_byline_word_is_dropped():
    body = '<article><div class="authors"><span>capital</span> von <b>Jemima Kelly</b> 05. Nov</div></article>'
    assert authors(page(body=body))[0] == ["Jemima Kelly"]


def test_no_byline_no_authors():
    assert authors(page(body="<article><p>Plain text.</p></article>")) == ([], None)


def test_links_to_the_author_index_are_not_bylines():
    body = """<header><a href="/autoren/">Unsere Autoren</a><a href="/authors/">Authors</a></header>
      <article><p class="byline">Von <a href="/autoren/eva-klein">Eva Klein</a></p></article>"""
    assert authors(page(body=body))[0] == ["Eva Klein"]


def test_a_user_name_slug_in_meta_gives_way_to_the_byline():
    head = '<meta name="parsely-author" content="emma-mackenzie">'
    body = '<article><div class="byline"><span>By</span> <a href="/authors/emma">Emma Mackenzie</a></div></article>'
    assert authors(page(head, body)) == (["Emma Mackenzie"], "page")


def test_chinese_editor_credit_line_when_there_is_no_byline():
    body = "<article><p>正文。</p><p>(责编：牛镛、岳弘彬)</p></article>"
    assert authors(page(body=body)) == (["牛镛", "岳弘彬"], "page")


def test_a_byline_in_capitals_gives_the_name_in_its_usual_case():
    assert split_byline("By ELLIE GRANT") == ["Ellie Grant"]
    assert split_byline("By MARY-JANE O'NEIL and J. R. SMITH") == ["Mary-Jane O'Neil", "J. R. Smith"]
    assert split_byline("AFP") == ["AFP"]


@pytest.mark.parametrize("byline, names", [
    ("By Jane Roe Last updated May 2, 2024", ["Jane Roe"]),
    ("Posted by Jane Roe on Friday, May 2", ["Jane Roe"]),
])
def test_a_byline_ends_where_its_date_starts(byline, names):
    assert split_byline(byline) == names


def test_the_name_of_an_author_box_is_read_apart_from_the_role_and_bio_beside_it():
    html = page(body='<article><p>Text.</p><div class="author-box"><h4 class="author-box__name">Jane Roe</h4>'
                     '<p class="author-box__role">Former Valley Consultant</p>'
                     '<div class="author-box__bio">Jane Roe writes about rain.</div></div></article>')
    assert authors(html) == (["Jane Roe"], "page")


BIO = "is a growth-focused marketing professional who writes about search, content and the rain. " * 3


@pytest.mark.parametrize("box", [
    f'<div class="blog_author-box"><div>Jane Roe</div><div>Jane Roe {BIO}</div></div>',
    f'<div class="blog-author"><img src="/j.jpg"><h4>Jane Roe</h4><p>Jane {BIO}</p></div>',
])
def test_an_author_box_with_a_long_biography_gives_the_name_it_opens_with(box):
    assert authors(page(body=f"<article><p>Text.</p>{box}</article>")) == (["Jane Roe"], "page")


def test_a_box_a_byline_label_opens_gives_the_name_after_it_not_the_bio():
    box = f"<div class='leading-tight'><div>Written by</div><div>Jane Roe</div><p>Hi! I'm Jane. She {BIO}</p></div>"
    assert authors(page(body=f"<article><p>Text.</p>{box}</article>")) == (["Jane Roe"], "page")


def test_a_label_in_a_box_named_like_an_author_box_is_no_name():
    box = f'<div id="reporter-tool"><p><b>Website:</b> <a href="/r">https://example.org</a></p><p>{BIO}</p></div>'
    assert authors(page(body=f"<article><p>Text.</p>{box}</article>"))[0] == []


def test_several_names_marked_up_alike_are_all_read():
    html = page(body='<article><div class="byline">By <span class="author-name">Jane Roe</span> and '
                     '<span class="author-name">John Doe</span></div></article>')
    assert authors(html)[0] == ["Jane Roe", "John Doe"]


def test_text_for_screen_readers_only_is_no_name():
    html = page(body='<article><div class="authors"><span class="authors__brand">'
                     '<span class="visually-hidden">capital</span></span>'
                     '<span class="authors__item">von Jane Roe</span></div></article>')
    assert authors(html)[0] == ["Jane Roe"]


def test_a_byline_in_the_footer_of_the_article_counts_but_not_one_in_the_page_footer():
    inside = page(body='<article><p>Text.</p><footer><div class="author">Jane Roe</div></footer></article>')
    assert authors(inside)[0] == ["Jane Roe"]
    outside = page(body='<article><p>Text.</p></article><footer><div class="author">Jane Roe</div></footer>')
    assert authors(outside)[0] == []


def test_the_author_a_meta_tag_labelled_written_by_names():
    html = page('<meta name="twitter:label1" content="Reading time"><meta name="twitter:data1" content="5 min">'
                '<meta name="twitter:label2" content="Written by"><meta name="twitter:data2" content="Jane Roe">')
    assert authors(html) == (["Jane Roe"], "meta")


@pytest.mark.parametrize("body", [
    '<article><div><span>Written by</span><span>Jane Roe</span></div><p>Text.</p></article>',
    '<article><p>By Jane Roe</p><p>Text.</p></article>',
    '<article><div class="meta">Published May 2, 2024 by <a href="/x">Jane Roe</a></div></article>',
])
def test_a_byline_its_words_introduce_is_found_without_markup_naming_it(body):
    assert authors(page(body=body)) == (["Jane Roe"], "page")


@pytest.mark.parametrize("body", [
    "<article><p>Rain was explained\nby Valley Engineer Jane Roe: it comes from the sea.</p></article>",
    '<article><div class="topics">Maximale Anzahl von <a href="/t">Themen</a> gewählt</div></article>',
    "<article><table><tr><td>Por</td><td>0.77</td></tr></table></article>",
])
def test_by_inside_a_sentence_or_a_table_is_no_byline(body):
    assert authors(page(body=body))[0] == []


@pytest.mark.parametrize("byline, names", [
    ("Jane Roe - Product marketer", ["Jane Roe"]),
    ("Jane Roe, Co-Founder, CEO", ["Jane Roe"]),
    ("Jane Roe Senior QA Engineer", ["Jane Roe"]),
    ("Jane Roe, Head of Marketing and Community Development", ["Jane Roe"]),
    ("Insights from", []),
    ("Sat, 20 Dec, 2025 - 06:36", []),
    ("The Valley Ritualist", ["The Valley Ritualist"]),
])
def test_roles_labels_and_dates_beside_a_name_are_left_out(byline, names):
    assert split_byline(byline) == names


def test_a_user_name_in_the_structured_data_gives_way_to_the_visible_byline():
    html = page(body='<article><p class="byline">By Jane Roe</p><p>Text.</p></article>',
                ld={"@type": "NewsArticle", "author": {"@type": "Person", "name": "jane.roe.web"}})
    assert authors(html) == (["Jane Roe"], "page")
    alone = page(ld={"@type": "NewsArticle", "author": {"@type": "Person", "name": "jane.roe.web"}})
    assert authors(alone) == (["jane.roe.web"], "json-ld")


def test_the_names_of_social_networks_in_an_author_box_are_no_names():
    html = page(body='<div class="author-box"><ul class="author-links">'
                     '<li><a href="https://bsky.app/profile/x"><svg><title>Bluesky</title></svg></a></li>'
                     '</ul>'
                     '<p class="author-name">By <a href="/authors/ann-lee">Ann Lee</a></p></div>'
                     "<article><p>Text of the story, long enough to be read as the story itself.</p></article>")
    assert authors(html)[0] == ["Ann Lee"]


def test_a_utility_class_naming_a_grid_area_is_no_sidebar():
    html = page(body='<article><div class="mb-6 md:[grid-area:sidebar]"><p class="author">By Ann Lee</p></div>'
                     "<p>Text of the story, long enough to be read as the story itself.</p></article>")
    assert authors(html)[0] == ["Ann Lee"]


def test_a_newsletter_issue_is_an_article_its_byline_counts():
    html = page(body='<main><div class="newsletter-email"><div class="post-meta"><p class="byline">by '
                     '<a href="/a">Jane Roe</a></p></div><p>Text of the issue.</p></div></main>')
    assert authors(html)[0] == ["Jane Roe"]
