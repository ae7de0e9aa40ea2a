"""The body step: article text without page furniture."""
import lxml.html

from newsarchive.extraction.body import content_root, fill_body
from newsarchive.extraction.dateline import fill_dateline
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.items import Article

URL = "https://news.test/2024/05/harbour"
PROSE = [
    "The harbour authority said on Monday that the old pier would close for repairs, after divers found cracks in three of its pillars.",
    "Fishermen who moor their boats along the pier will be offered places in the marina, the authority said, at no extra cost this season.",
    "Work is expected to take four months, although the engineers warned that the schedule depends on the weather over the summer.",
    "The pier, built in 1902, was last repaired in the 1980s, when storms tore away a section of its deck and its iron railings.",
]


def body_of(html: str, url: str = URL) -> Article:
    article = Article(url=url)
    fill_body(article, gather_evidence(html, url))
    return article


def page(article_html: str) -> str:
    return f"""<html><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and analysis</a></li></ul></nav>
    <main>{article_html}</main>
    <footer><p>Copyright 2024 The Test Gazette, all rights reserved, including the right to reproduce.</p></footer>
    </body></html>"""


def test_body_keeps_paragraphs_subheadings_lists_and_quotes_in_order():
    html = page(f"""<article><h1>Old pier to close</h1>
        <p>{PROSE[0]}</p><h2>Boats move to the marina</h2><p>{PROSE[1]}</p>
        <ul><li>Moorings free until September</li><li>Parking at the north gate</li></ul>
        <blockquote><p>{PROSE[2]}</p></blockquote><p>{PROSE[3]}</p></article>""")
    assert body_of(html).body.split("\n\n") == [
        PROSE[0], "Boats move to the marina", PROSE[1], "Moorings free until September",
        "Parking at the north gate", PROSE[2], PROSE[3]]


def test_body_leaves_out_page_furniture():
    html = page(f"""<article>
        <div class="byline">By Ann Writer</div><time>May 2, 2024</time>
        <div class="article-share"><a href="https://x.test/share">Share on X</a> Share this story with friends</div>
        <div class="post-likes-widget"><h3>Like this:</h3><span>Like Loading...</span></div>
        <p>{PROSE[0]}</p>
        <figure><img src="a.jpg"><figcaption>The old pier at dawn, seen from the harbour wall last week.</figcaption></figure>
        <p>{PROSE[1]}</p>
        <div class="newsletter-signup"><p>Sign up for our morning newsletter and get the news before breakfast.</p></div>
        <p>{PROSE[2]}</p>
        <aside><p>Most read: the city council votes on the new bus lanes and the harbour plans.</p></aside>
        <p>{PROSE[3]}</p>
        <div class="related-articles"><h3>Related</h3><p>Storm damage along the coast is worse than expected, says mayor.</p></div>
        <section id="comments"><p>What a shame, I have fished from that pier every summer since I was a boy.</p></section>
        </article>""")
    assert body_of(html).body == "\n\n".join(PROSE)


def test_a_wrapper_named_like_furniture_is_not_dropped():
    # an ASP.NET page wraps everything in a form; a layout class names the sidebar
    html = f"""<html><body><form id="aspnetForm"><div class="content with-sidebar sidebar-layout">
        {''.join(f'<p>{p}</p>' for p in PROSE)}</div></form></body></html>"""
    assert body_of(html).body == "\n\n".join(PROSE)


def test_an_article_split_into_repeated_boxes_is_gathered_but_not_the_teasers_after_it():
    boxes = "".join(f'<div class="row"><div class="col"><div class="article-text"><p>{a}</p><p>{b}</p></div></div></div>'
                    f'<div class="row"><div class="col"><div class="ad-slot">Advertisement</div></div></div>'
                    for a, b in (PROSE[:2], PROSE[2:]))
    teasers = "".join(f'<div class="item"><h3><a href="/other/{i}">Other story {i}</a></h3>'
                      f'<p>A teaser paragraph about another story in the paper, number {i} of four.</p></div>'
                      for i in range(4))
    html = page(f'<div class="story">{boxes}</div><div class="more">{teasers}</div>')
    assert body_of(html).body == "\n\n".join(PROSE)


def test_text_of_divs_and_between_line_breaks_becomes_paragraphs():
    html = page(f'<div class="entry"><div>{PROSE[0]}</div><div>{PROSE[1]}<br><br>{PROSE[2]}<br>{PROSE[3]}</div></div>')
    assert body_of(html).body.split("\n\n") == PROSE


def test_a_table_row_is_one_paragraph():
    html = page(f"<article><p>{PROSE[0]}</p><p>{PROSE[1]}</p><table><tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr>"
                f"</table><p>{PROSE[2]}</p></article>")
    assert "1 Kyle Busch 5040" in body_of(html).body.split("\n\n")


def test_a_link_paragraph_is_kept_when_it_cites_another_site_not_when_it_promotes_the_site():
    html = page(f"""<article><p>{PROSE[0]}</p>
        <p><a href="https://harbour-authority.test/report.pdf">Read the engineers' report on the pier</a></p>
        <p><a href="/2024/04/storm">READ MORE: Storm tears roof off the harbour master's office</a></p>
        <p>{PROSE[1]}</p><p>{PROSE[2]}</p></article>""")
    body = body_of(html).body
    assert "Read the engineers' report on the pier" in body
    assert "READ MORE" not in body


def test_a_dateline_printed_apart_is_joined_to_its_paragraph():
    article = body_of(page(f'<article><span class="dateline">AUBURN, Wash. —&nbsp;</span><p>{PROSE[0]}</p>'
                           f"<p>{PROSE[1]}</p></article>"))
    assert article.body.split("\n\n")[0] == f"AUBURN, Wash. — {PROSE[0]}"
    fill_dateline(article, None)
    assert article.dateline == "AUBURN, Wash."


def test_short_lines_above_the_first_paragraph_are_left_out_but_not_a_subheading():
    article = body_of(page(f"""<article><p class="dachzeile">Theaterkritik</p><p>Jonas Weber und Lea Hoffmann</p>
        <p><time datetime="2024-09-14">14.09.2024</time></p><div>Updated daily —</div><h2>The repairs</h2>
        <p>{PROSE[0]}</p><p>{PROSE[1]}</p></article>"""))
    assert article.body.split("\n\n") == ["The repairs", PROSE[0], PROSE[1]]


def test_the_tree_is_left_as_it_was_and_the_content_root_is_shared():
    html = page(f'<article><div class="share">Share</div><div class="body">{"".join(f"<p>{p}</p>" for p in PROSE)}</div></article>')
    ev = gather_evidence(html, URL)
    before = lxml.html.tostring(ev.tree)
    fill_body(Article(url=URL), ev)
    assert lxml.html.tostring(ev.tree) == before
    assert content_root(ev).get("class") == "body"
    assert content_root(ev) is content_root(ev)


def test_a_page_without_text_gives_an_empty_body():
    article = body_of("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert article.body == "" and "body" not in article.sources


def test_a_list_of_teasers_inside_the_article_is_dropped_but_not_a_list_of_sources():
    teasers = "".join(f'<div class="card"><h2><a href="/2024/05/story-{i}">Other story {i}</a></h2>'
                      f'<p>A teaser paragraph about another story in the paper, number {i}.</p></div>'
                      for i in range(4))
    sources = "".join(f'<p><a href="https://archive-{i}.test/doc">https://archive-{i}.test/doc</a></p>' for i in range(4))
    html = page(f'<article>{"".join(f"<p>{p}</p>" for p in PROSE[:3])}{sources}<p>{PROSE[3]}</p>'
                f'<section><h3>More from the Gazette</h3>{teasers}</section></article>')
    body = body_of(html).body
    assert "https://archive-2.test/doc" in body
    assert "teaser paragraph" not in body and "Other story" not in body


def test_label_lines_of_adverts_and_link_boxes_are_dropped_in_any_language():
    html = page(f"""<article><p>{PROSE[0]}</p><div>Anzeige</div><p>{PROSE[1]}</p><div>ADVERTISEMENT</div>
        <p>{PROSE[2]}</p><h4>Read more:</h4><p>{PROSE[3]}</p><p>More</p></article>""")
    assert body_of(html).body == "\n\n".join(PROSE)
    toc = '<ul><li><a href="#repairs">Repairs</a></li><li><a href="#boats">Boats</a></li></ul>'
    for title in ("Table of contents", "Inhaltsverzeichnis", "Sommaire"):
        html = page(f"<article><h3>{title}</h3>{toc}<p>{PROSE[0]}</p><p>{PROSE[1]}</p></article>")
        assert body_of(html).body == "\n\n".join(PROSE[:2])


def test_photo_boxes_without_figure_markup_are_dropped():
    html = page(f"""<article><p>{PROSE[0]}</p><div class="photo-wrapper"><img src="p.jpg">
        <div>Divers inspect the pillars of the old pier last week (Image: Harbour Authority)</div></div>
        <p>{PROSE[1]}</p><p>{PROSE[2]}</p></article>""")
    assert body_of(html).body == "\n\n".join(PROSE[:3])


def test_the_json_ld_article_body_stands_in_for_a_page_rendered_by_scripts():
    text = "\n\n".join(PROSE)
    html = f"""<html><head><script type="application/ld+json">
        {{"@type": "NewsArticle", "headline": "Old pier to close", "articleBody": {text!r}}}</script></head>
        <body><div id="app">Loading…</div></body></html>""".replace("'", '"')
    article = body_of(html)
    assert article.body == text and article.sources["body"] == "json-ld"
    # a teaser in articleBody does not replace the page's text
    teaser = page("".join(f"<p>{p}</p>" for p in PROSE)).replace(
        "<body>", f'<body><script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{PROSE[0][:60]}"}}</script>')
    assert body_of(teaser).body == text and body_of(teaser).sources["body"] == "page"


def test_a_box_of_readers_comments_under_a_comments_heading_is_dropped():
    html = page(f"""<article>{"".join(f"<p>{p}</p>" for p in PROSE)}
        <div class="leserkommentare"><h2>Kommentare (2)</h2>
        <p><b>Theaterfreund:</b> Endlich wieder volles Haus! Wir waren alle begeistert, bravo.</p></div></article>""")
    assert body_of(html).body == "\n\n".join(PROSE)


def test_the_standfirst_marked_as_the_description_in_microdata_is_left_out():
    html = page(f"""<article itemscope itemtype="https://schema.org/NewsArticle">
        <p class="chapo" itemprop="description">The pier closes for four months while divers and engineers repair it.</p>
        {"".join(f"<p>{p}</p>" for p in PROSE)}</article>""")
    assert body_of(html).body == "\n\n".join(PROSE)


def test_text_after_an_inline_element_inside_a_link_is_link_text():
    html = page(f"""<article><p>{PROSE[0]}</p>
        <p><a href="/2024/05/buses">See <em>also</em> our story on the council vote on the new overnight bus lanes</a></p>
        <p>{PROSE[1]}</p><p>{PROSE[2]}</p></article>""")
    assert "council vote" not in body_of(html).body


def test_standfirst_byline_and_date_printed_in_the_article_are_not_body():
    from newsarchive.extraction import extract_article
    html = """<html><head><meta name="description" content="The new season opens with Brecht and a full house.">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Theatre opens its season",
     "author": [{"@type": "Person", "name": "Jonas Weber"}, {"@type": "Person", "name": "Lea Hoffmann"}]}</script>
    </head><body><article><h1>Theatre opens its season</h1>
    <p class="intro">The new season opens with Brecht and a full house.</p>
    <p>Jonas Weber und Lea Hoffmann</p>
    <p><time datetime="2024-09-14T19:30:00+02:00">14.09.2024, 19:30 Uhr</time></p>
    <p>On Saturday evening the city theatre opened its first season under its new director, with Brecht.</p>
    <p>The staging moves the action into a run-down car park, with the orchestra on the stage itself.</p>
    <p>Lea Hoffmann and Jonas Weber spoke to the director after the premiere about her plans.</p>
    </article></body></html>"""
    body = extract_article(html, URL).body
    assert body.startswith("On Saturday evening")
    assert "full house" not in body and "Jonas Weber und" not in body and "19:30" not in body
    assert "Lea Hoffmann and Jonas Weber spoke" in body  # prose that names the authors stays


def test_a_class_hidden_is_a_state_but_text_for_screen_readers_only_is_dropped():
    # an accordion panel closed until clicked, a box for wide screens: the reader can see them
    html = page(f"""<article><p>{PROSE[0]}</p><h2 class="visually-hidden">Article content</h2>
        <div class="panel hidden"><p>{PROSE[1]}</p></div><div class="overflow-hidden"><p>{PROSE[2]}</p></div>
        <span class="sr-only">Continue reading below the advertisement</span><p>{PROSE[3]}</p></article>""")
    assert body_of(html).body == "\n\n".join(PROSE)


def test_a_subheading_linked_to_its_own_anchor_is_kept_and_is_no_teaser():
    sections = "".join(f'<section><h2><a href="#part-{i}">Part {i} of the repairs</a></h2><p>{p}</p></section>'
                       for i, p in enumerate(PROSE))
    body = body_of(page(f"<article>{sections}</article>")).body
    assert body.split("\n\n") == [x for i, p in enumerate(PROSE) for x in (f"Part {i} of the repairs", p)]


def test_a_box_of_the_article_holding_a_list_of_teasers_keeps_its_paragraphs():
    # markup left unclosed puts the end of the article in the box of a "More from" list
    cards = "".join(f'<div class="card"><h3><a href="/2024/05/story-{i}">Other story {i}</a></h3>'
                    f'<p><a href="/authors/{i}">Writer {i}</a></p></div>' for i in range(4))
    html = page(f'<article><p>{PROSE[0]}</p><p>{PROSE[1]}</p><div class="cta">'
                f'<div class="collection"><h2>More from the Gazette</h2>{cards}</div>'
                f'<p>{PROSE[2]}</p><p>{PROSE[3]}</p></div></article>')
    assert body_of(html).body == "\n\n".join(PROSE)


def test_an_id_made_from_a_heading_names_no_furniture_but_a_short_id_does():
    html = page(f"""<article><p>{PROSE[0]}</p>
        <section id="how-popular-are-the-moorings"><h2>How popular are the moorings</h2><p>{PROSE[1]}</p></section>
        <div id="related"><p>Storm damage along the coast is worse than expected, says the mayor.</p></div>
        <p>{PROSE[2]}</p><p>{PROSE[3]}</p></article>""")
    assert body_of(html).body.split("\n\n") == [PROSE[0], "How popular are the moorings", *PROSE[1:]]


def test_an_article_split_into_boxes_of_one_kind_named_like_furniture_is_kept():
    # each box alone holds a small share of the page's prose, together they are the article
    boxes = "".join(f'<div class="venue-excerpt"><h2>Stop {i}</h2><p>{p}</p></div>' for i, p in enumerate(PROSE))
    html = page(f'<div class="story">{boxes}</div><div class="sidebar"><p>{PROSE[0][::-1]}</p></div>')
    assert body_of(html).body.split("\n\n") == [x for i, p in enumerate(PROSE) for x in (f"Stop {i}", p)]


def widget(html: str) -> str:
    """A block of text as page builders wrap it: a section, a column, a widget."""
    return (f'<section class="builder-section"><div class="builder-container"><div class="builder-column">'
            f'<div class="builder-widget"><div class="widget-body">{html}</div></div></div></div></section>')


def test_an_article_whose_paragraphs_sit_in_boxes_nested_deep_is_gathered_whole():
    long = [p + " " + p for p in PROSE]
    html = page('<div class="entry">' + widget(f"<p>{long[0]}</p><p>{PROSE[0]}</p>") + widget("<h2>The repairs</h2>")
                + "".join(widget(f"<p>{p}</p>") for p in long[1:]) + "</div>")
    assert body_of(html).body.split("\n\n") == [long[0], PROSE[0], "The repairs", *long[1:]]


def test_teasers_around_a_small_article_do_not_join_it():
    teasers = "".join(f'<li><a href="/2024/05/story-{i}"><div>Other story {i}</div></a>'
                      f'<p>A teaser paragraph about another story in the paper, number {i} of six.</p></li>'
                      for i in range(6))
    html = page(f'<div class="columns"><article><p>{PROSE[0]}</p><p>{PROSE[1]}</p></article>'
                f'<ol class="list">{teasers}</ol></div>')
    assert content_root(gather_evidence(html, URL)).tag == "article"
    assert body_of(html).body == "\n\n".join(PROSE[:2])


def test_an_article_the_parser_put_inside_a_button_left_open_is_read():
    # libxml2 does not close a <button> at the </div> around it: the rest of the page goes in it
    html = f"""<html><body><header><div class="menu"><button class="menu-button"><div>
        </button></div>
        <main><article><h1>Old pier to close</h1>{"".join(f"<p>{p}</p>" for p in PROSE)}</article></main>
        </header></body></html>"""
    assert body_of(html).body == "\n\n".join(PROSE)
    assert body_of(page(f"<p>{PROSE[0]}</p><button>Share <b>this</b></button><p>{PROSE[1]}</p>")).body == (
        "\n\n".join(PROSE[:2]))


def test_a_page_that_keeps_its_text_in_hidden_markup_for_scripts_is_read():
    # streamed server rendering: a visible skeleton, the page in a hidden element that scripts move
    html = f"""<html><body><div id="skeleton">Loading…</div>
        <div hidden id="S:0"><main><article><h1>Old pier to close</h1>{"".join(f"<p>{p}</p>" for p in PROSE)}
        </article></main></div></body></html>"""
    assert body_of(html).body == "\n\n".join(PROSE)
    # a page showing a teaser of its article, the article in a hidden element
    streamed = page(f'<div class="teaser"><p>{PROSE[0]} {PROSE[1]}</p><p>{PROSE[2]}</p></div>'
                    f'<div hidden id="S:1"><article>{"".join(f"<p>{p}</p>" for p in PROSE * 3)}</article></div>')
    assert body_of(streamed).body == "\n\n".join(PROSE * 3)
    # a page that shows its article keeps its hidden elements out
    shown = page(f'<article>{"".join(f"<p>{p}</p>" for p in PROSE)}<div hidden><p>{PROSE[0][::-1]}</p></div></article>')
    assert body_of(shown).body == "\n\n".join(PROSE)


def test_a_table_in_a_figure_is_article_text_and_its_rows_do_not_make_it_the_article():
    rows = "".join(f"<tr><td>{i}</td><td>Harbour Board Holdings {i}</td><td>1{i},764,591</td><td>16.{i}</td></tr>"
                   for i in range(1, 40))
    html = page(f'<article><p>{PROSE[0]}</p><p>{PROSE[1]}</p><figure class="wp-block-table"><table>{rows}</table>'
                f'<figcaption>Source: the harbour authority</figcaption></figure><p>{PROSE[2]}</p><p>{PROSE[3]}</p></article>')
    body = body_of(html).body.split("\n\n")
    assert body[:2] == PROSE[:2] and body[-2:] == PROSE[2:]
    assert "1 Harbour Board Holdings 1 11,764,591 16.1" in body
    assert "Source: the harbour authority" not in body


def test_an_ancestor_scoring_nearly_as_well_as_the_best_box_holds_the_article():
    inner = "".join(f"<p>{p}</p>" for p in PROSE)
    html = page(f'<article class="story"><p>{PROSE[1]}</p><p>{PROSE[2]}</p><div class="more">{inner}</div></article>')
    assert content_root(gather_evidence(html, URL)).get("class") == "story"


def test_a_box_named_like_furniture_holding_more_prose_than_the_rest_of_the_page_is_the_article():
    # the body of a newsletter issue, in a box named after the newsletter, beside a short intro
    aside = f'<aside><p>{PROSE[1][::-1]}</p><p>{PROSE[2][::-1]}</p></aside>'
    html = page(f"""<section class="intro"><p>{PROSE[3]}</p></section>
        <div class="rich-text-newsletter">{"".join(f"<p>{p}</p>" for p in PROSE[:3])}</div>{aside}""")
    assert body_of(html).body.split("\n\n")[-3:] == PROSE[:3]
    # but not a box of teasers
    teasers = "".join(f'<div><a href="/2024/05/story-{i}">Another story of the harbour, number {i}</a>'
                      f'<p>{p}</p></div>' for i, p in enumerate(PROSE[:3]))
    html = page(f'<article><p>{PROSE[3]}</p></article><div class="related">{teasers}</div>{aside}')
    assert body_of(html).body == PROSE[3]


def test_a_list_of_items_each_linked_to_the_site_with_a_long_text_is_the_article():
    # "14 plants for dark rooms": each plant's name links to its page on the site, its text is no summary
    items = "".join(f'<div class="item"><h2><a href="/plants/{i}">{i}. Plant number {i}</a></h2>'
                    f'<p>{PROSE[i]} {PROSE[(i + 1) % 4]} {PROSE[(i + 2) % 4]}</p>'
                    f'<p><a href="/plants/{i}/pictured">Pictured: variety {i}</a></p></div>' for i in range(4))
    html = page(f'<article><p>{PROSE[0]}</p><p>{PROSE[3]}</p><div class="holder">{items}</div></article>')
    body = body_of(html).body.split("\n\n")
    assert [p for p in body if p.startswith(PROSE[1])] == [f"{PROSE[1]} {PROSE[2]} {PROSE[3]}"]


def test_a_subheading_linked_to_another_site_is_kept_one_linked_to_the_site_is_a_box_title():
    html = page(f"""<article><p>{PROSE[0]}</p><h2><a href="https://harbour-museum.test/">The harbour museum</a></h2>
        <p>{PROSE[1]}</p><p>{PROSE[2]}</p><h3><a href="/2024/04/storm">Storm tears roof off the office</a></h3></article>""")
    assert body_of(html).body.split("\n\n") == [PROSE[0], "The harbour museum", PROSE[1], PROSE[2]]


def test_a_box_named_like_furniture_beside_the_pages_main_element_is_furniture_whatever_it_holds():
    # a footer of disclaimers holding more prose than the short article in <main>
    disclaimers = "".join(f"<p>{p[::-1]}</p>" for p in PROSE)
    html = (f'<html><body><main><article><p>{PROSE[0]}</p></article></main>'
            f'<footer class="site-footer">{disclaimers}</footer></body></html>')
    assert body_of(html).body == PROSE[0]


def test_a_box_of_testimonials_beside_a_small_article_does_not_join_it():
    said = ["This is the one newsletter I read every single week, from the first line to the last, without fail.",
            "Clear, practical and kind: it changed how I plan my mornings, and my family noticed it before I did.",
            "I forward every issue to my colleagues, who now read it too, and we talk about it over lunch on Mondays.",
            "Worth every minute of my Sunday morning: the best thing in my inbox, and I get a lot of email each day."]
    cards = "".join(f'<div class="card"><blockquote><p>{text}</p></blockquote></div>' for text in said)
    text = "".join(f"<p>{p}</p>" for p in PROSE[:3])
    html = page(f'<section><div class="wrapper"><div class="box"><div class="rich-text">{text}</div></div></div></section>'
                f'<section><h2>What readers say</h2><div class="cards">{cards}</div></section>')
    assert body_of(html).body == "\n\n".join(PROSE[:3])


def test_a_short_box_of_the_roots_own_kind_beside_it_joins_the_article():
    # the first box of an article split by a call to action holds its introduction only
    rest = "".join(f"<p>{p}</p>" for p in PROSE[1:] * 3)
    html = page(f'<div class="post"><div class="rich-text"><p>{PROSE[0]}</p></div>'
                f'<div class="cta"><a href="/signup">Get a quote</a></div><div class="rich-text">{rest}</div></div>')
    assert body_of(html).body.split("\n\n") == PROSE[:1] + PROSE[1:] * 3


def test_a_box_repeating_the_text_of_an_earlier_one_for_another_screen_is_left_out():
    text = f"<h3>The repairs</h3><p>{PROSE[0]}</p><p>{PROSE[1]}</p>"
    html = page(f'<div class="post"><div class="variant hidden-phone">{text}</div>'
                f'<div class="variant hidden-desktop">{text}</div><p>{PROSE[2]}</p><p>{PROSE[3]}</p></div>')
    assert body_of(html).body.split("\n\n") == ["The repairs", *PROSE]
    # a paragraph the article repeats is kept
    html = page(f'<div class="post"><p>{PROSE[0]}</p><p>{PROSE[1]}</p><p>{PROSE[0]}</p><p>{PROSE[2]}</p></div>')
    assert body_of(html).body.split("\n\n") == [PROSE[0], PROSE[1], PROSE[0], PROSE[2]]


def test_a_long_box_of_prose_beside_a_long_article_joins_it():
    # under a fifth of the article's prose, but a long text of its own with few links
    long, box = [f"{p} ({i})" for i in range(16) for p in PROSE], [f"{p} [{i}]" for i in range(3) for p in PROSE]
    html = page(f'<div class="post"><div class="body">{"".join(f"<p>{p}</p>" for p in long)}</div>'
                f'<section class="questions">{"".join(f"<p>{p}</p>" for p in box)}</section></div>')
    assert body_of(html).body.split("\n\n") == long + box
