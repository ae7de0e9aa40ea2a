"""The body step's second opinion: asked when it is unsure of the text it
found, taken when it holds that text and much more article text."""
import json

import pytest

from newsarchive.extraction import body, opinion
from newsarchive.extraction.body import analysis, extends, fill_body
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.items import Article

URL = "https://news.test/2024/05/harbour"
PROSE = [
    "The harbour authority said on Monday that the old pier would close for repairs, after divers found cracks in three of its pillars.",
    "Fishermen who moor their boats along the pier will be offered places in the marina, the authority said, at no extra cost this season.",
    "Work is expected to take four months, although the engineers warned that the schedule depends on the weather over the summer.",
    "The pier, built in 1902, was last repaired in the 1980s, when storms tore away a section of its deck and its iron railings.",
]
ARTICLE = "\n\n".join(PROSE)


def test_a_text_holding_ours_and_more_paragraphs_extends_it():
    assert extends(ARTICLE, PROSE[1], frozenset())
    assert extends(ARTICLE, "", frozenset())  # nothing found: any article text extends it


@pytest.mark.parametrize("other", [
    PROSE[1] + "\n\n" + PROSE[2][:40],  # not much longer
    "\n\n".join(PROSE[2:] + [PROSE[3][::-1]]),  # does not hold ours
    # what it adds is short lines
    "\n\n".join([PROSE[1], "Home", "World", "Sport", "Share on X", "Print this page", "Log in"] * 3),
    "",
])
def test_a_text_that_does_not_hold_ours_or_adds_no_paragraphs_does_not_extend_it(other):
    assert not extends(other, PROSE[1], frozenset())


def test_a_notice_repeated_with_small_changes_is_not_article_text():
    notices = [f"Free standard shipping on orders {price} or more. For more information on shipping rates "
               "and timelines, please visit our international page." for price in ("$40", "65€", "480kr", "¥990")]
    assert not extends("\n\n".join([PROSE[1], *notices]), PROSE[1], frozenset())
    assert extends("\n\n".join([PROSE[1], *notices[:1], PROSE[2], PROSE[3]]), PROSE[1], frozenset())


def test_the_teasers_of_the_page_are_not_article_text():
    assert not extends(ARTICLE, PROSE[1], frozenset({PROSE[0], PROSE[2], PROSE[3]}))


def unsure_page() -> str:
    """A short article in a page whose furniture holds most of its prose."""
    return (f"<html><body><header><p>{PROSE[0][::-1]}</p></header><main><article><p>{PROSE[1]}</p></article>"
            f"</main><aside><p>{PROSE[2][::-1]}</p></aside><footer><p>{PROSE[3][::-1]}</p></footer></body></html>")


def test_an_unsure_step_takes_a_second_opinion_that_extends_its_text(monkeypatch):
    ev = gather_evidence(unsure_page(), URL)
    assert analysis(ev).unsure
    monkeypatch.setattr(body, "second_opinion", lambda ev: ARTICLE)
    article = Article(url=URL)
    fill_body(article, ev)
    assert article.body == ARTICLE and article.sources["body"] == "page"


def test_a_second_opinion_that_does_not_extend_the_text_is_left(monkeypatch):
    monkeypatch.setattr(body, "second_opinion", lambda ev: "Home\n\nWorld\n\nSport")
    article = Article(url=URL)
    fill_body(article, gather_evidence(unsure_page(), URL))
    assert article.body == PROSE[1]


def test_a_sure_step_asks_for_no_second_opinion(monkeypatch):
    def asked(ev):
        raise AssertionError("asked for a second opinion")
    monkeypatch.setattr(body, "second_opinion", asked)
    article = Article(url=URL)
    fill_body(article, gather_evidence(f"<html><body><article>{''.join(f'<p>{p}</p>' for p in PROSE)}"
                                       f"</article></body></html>", URL))
    assert article.body == ARTICLE


def test_a_text_of_quotes_is_unsure():
    quotes = f"<blockquote><p>{PROSE[0]}</p><p>{PROSE[2]}</p></blockquote>"
    ev = gather_evidence(f"<html><body><article>{quotes}<p>{PROSE[1]}</p></article></body></html>", URL)
    assert analysis(ev).unsure


def test_the_second_opinion_is_trafilaturas_text_of_the_page():
    html = f"""<html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Old pier to close</h1>{"".join(f"<p>{p}</p>" for p in PROSE)}</article></body></html>"""
    assert opinion.second_opinion(gather_evidence(html, URL)).split("\n\n")[-4:] == PROSE


def test_a_failing_second_opinion_is_none(monkeypatch):
    def fails(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(opinion, "bare_extraction", fails)
    assert opinion.second_opinion(gather_evidence(unsure_page(), URL)) == ""


def article_with_jsonld(article_body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "Old pier to close", "articleBody": article_body})
    return (f'<html><head><script type="application/ld+json">{data}</script></head><body><main><article>'
            f'{"".join(f"<p>{p}</p>" for p in PROSE[:2])}</article></main></body></html>')


def test_text_disagreeing_with_the_json_ld_article_body_is_unsure_and_extended_by_it(monkeypatch):
    asked = []
    monkeypatch.setattr(body, "second_opinion", lambda ev: asked.append(ev.url) or "")
    longer = "\n\n".join(PROSE + [PROSE[0][::-1]])  # the page shows the first two paragraphs of five
    article = Article(url=URL)
    fill_body(article, gather_evidence(article_with_jsonld(longer), URL))
    assert asked == [URL] and article.body == longer and article.sources["body"] == "json-ld"
    # an articleBody that does not hold the page's text leaves it
    article = Article(url=URL)
    fill_body(article, gather_evidence(article_with_jsonld("\n\n".join(p[::-1] for p in PROSE[:3])), URL))
    assert article.body == "\n\n".join(PROSE[:2]) and article.sources["body"] == "page"
