"""Pages that are not articles are refused with a reason; articles, short ones too, pass."""
import json

import pytest

from newsarchive.extraction.classify import NotAnArticle, check_article
from newsarchive.extraction.evidence import gather_evidence
from newsarchive.extraction.headline import fill_headline
from newsarchive.items import Article

TEASERS = "".join(f'<article class="teaser"><h2><a href="/politik/story-{i}">Story {i}</a></h2>'
                  f"<p>Teaser {i}: what the story says, in a sentence or two, as section pages print it.</p>"
                  f"</article>" for i in range(12))
#: An article's text, for the pages whose body the tests give.
TEXT = "".join(f"<p>Paragraph {i} of the story, which goes on for a few sentences as articles do.</p>"
               for i in range(30))
NEWS_ARTICLE = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Rain returns"}


def html(title: str = "Rain returns", head: str = "", body: str = "", jsonld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return f"<html><head><title>{title}</title>{script}{head}</head><body>{body}</body></html>"


def check(page: str, url: str, body: str = "", published: str | None = None, authors=()) -> None:
    article = Article(url=url, body=body, published=published, authors=list(authors))
    evidence = gather_evidence(page, url)
    fill_headline(article, evidence)  # as in the pipeline, the headline step runs first
    check_article(article, evidence)


def refusal(page: str, url: str, body: str = "", published: str | None = None) -> str:
    with pytest.raises(NotAnArticle) as caught:
        check(page, url, body, published)
    return str(caught.value)


# -- not articles -------------------------------------------------------------------

def test_home_page_is_refused():
    page = html("The Daily Test", '<meta property="og:type" content="website">', TEASERS)
    assert "root URL" in refusal(page, "https://news.test/", body="Story 1. Teaser 1. " * 100)


def test_home_page_of_one_long_text_with_teasers_below_is_refused():
    page = html("The Daily Test", '<meta property="og:type" content="website">', f"<main>{TEXT}</main>{TEASERS}")
    assert "root URL" in refusal(page, "https://news.test/", body="Paragraph of the story. " * 100)


def test_a_site_whose_home_page_is_one_long_text_is_an_article():
    from newsarchive.extraction import extract_article
    page = html("About this blog", '<meta property="og:type" content="website">',
                f"<nav><a href='/posts'>Posts</a></nav><main><h1>About this blog</h1>{TEXT}</main>")
    assert extract_article(page, "https://blog.test/").body.startswith("Paragraph 0")


def test_section_page_is_refused():
    page = html("Politik", '<meta property="og:type" content="website">', TEASERS)
    reason = refusal(page, "https://news.test/politik/", body="Teaser. " * 50)
    assert "listing page" in reason and "teasers" in reason


@pytest.mark.parametrize("url", ["https://news.test/tag/ukraine/", "https://news.test/category/sport",
                                 "https://news.test/de/themen/wahlen", "https://news.test/search?q=rain",
                                 "https://news.test/author/jane-doe/"])
def test_tag_category_author_and_search_pages_are_refused(url):
    page = html("Ukraine", body=TEASERS)
    assert "listing URL" in refusal(page, url, body="Story 1. Teaser 1. " * 10)


def test_collection_page_declared_in_jsonld_is_refused():
    page = html("Wahlen", body=TEASERS, jsonld={"@context": "https://schema.org", "@type": "CollectionPage"})
    assert "collectionpage" in refusal(page, "https://news.test/wahlen-2024-ueberblick-123", body="x" * 500)


@pytest.mark.parametrize("title", ["Page not found | The Daily Test", "404 - Seite nicht gefunden",
                                   "Página no encontrada", "Страница не найдена", "ページが見つかりません"])
def test_error_pages_are_refused_in_several_languages(title):
    page = html(title, body="<h1>Oops</h1><p>Try the search.</p>")
    assert refusal(page, "https://news.test/politik/missing-story-123", body="Try the search.").startswith(
        "error page")


def test_error_page_that_calls_itself_an_article_is_refused_when_it_has_no_text():
    page = html("Not Found", '<meta property="og:type" content="article">')
    assert "error page" in refusal(page, "https://news.test/2024/04/gone-story", body="Sorry.")


def test_login_wall_without_text_is_refused():
    page = html("Sign in", body='<form><input name="user"><input type="password" name="pw"></form>')
    assert "login wall" in refusal(page, "https://news.test/account/story-123")


def test_page_without_any_text_or_article_sign_is_refused():
    assert "no article body" in refusal(html("Story", body="<div></div>"), "https://news.test/a/story-123")


# -- articles -------------------------------------------------------------------------

def test_short_article_declared_in_jsonld_passes_despite_related_teasers():
    page = html(body=TEASERS, jsonld=NEWS_ARTICLE)
    check(page, "https://news.test/politik/rain-returns-123", body="Rain came back.")


def test_article_declared_by_og_type_with_a_body_passes_despite_teasers():
    page = html(head='<meta property="og:type" content="article">', body=TEASERS)
    check(page, "https://news.test/politik/rain-returns-123", body="Rain came back.")


@pytest.mark.parametrize("head", ['<meta property="og:type" content="article">', ""])
def test_a_page_without_a_body_is_not_an_article_whatever_it_declares(head):
    page = html(head=head, body=TEASERS, jsonld=NEWS_ARTICLE)
    assert refusal(page, "https://news.test/politik/2024/05/03/rain-returns-123") == "no article body found"


def test_a_dated_url_and_some_text_without_a_headline_is_not_an_article():
    from newsarchive.extraction import NotAnArticle, extract_article
    with pytest.raises(NotAnArticle, match="no headline"):
        extract_article(b"<html><body><p>hello world</p></body></html>", "https://news.test/2024/05/03/story.html")
    page = html("", head='<meta property="og:type" content="article">', body="<p>hello world</p>")
    assert refusal(page, "https://news.test/2024/05/03/story.html", body="hello world") == "no headline"


def test_plain_short_article_without_metadata_passes():
    text = "After a dry month the rain came back on Sunday. Farmers said it came too late for most of the wheat."
    page = html(body=f"<article><h1>Rain returns</h1><p>{text}</p></article>")
    check(page, "http://news.test/2024/rain-returns", body=text)


@pytest.mark.parametrize("text", ["Hello world", "Coming soon", "読み込み中です"])
def test_a_page_of_a_few_words_is_not_an_article_unless_it_declares_one(text):
    page = html(body=f"<main><h1>Rain returns</h1><p>{text}</p></main>")
    assert refusal(page, "https://news.test/2024/05/03/rain-returns", body=text).startswith("too little text")
    check(html(body=f"<p>{text}</p>", jsonld=NEWS_ARTICLE), "https://news.test/2024/05/03/rain-returns", body=text)


def test_article_with_site_wide_og_type_website_and_teasers_passes_on_date_and_body():
    page = html(head='<meta property="og:type" content="website">', body=f"<article>{TEXT}</article>{TEASERS}")
    check(page, "https://news.test/kultur/beitrag/2024/04/theater.html", body="x" * 2000,
          published="2024-04-25T14:07:00")


def test_headline_mentioning_404_is_an_article_when_declared_one():
    page = html("Route 404 closed after landslide", body=TEASERS, jsonld=NEWS_ARTICLE)
    check(page, "https://news.test/region/route-404-closed", body="The road is closed. " * 40)


def test_short_article_of_a_site_calling_every_page_a_website_passes_on_date_and_byline():
    page = html(head='<meta property="og:type" content="website">', body=f"<article>{TEXT}</article>{TEASERS}")
    check(page, "https://news.test/lokales/2024/04/feuerwehr-rettet-katze-123", body="Kurzmeldung. " * 40,
          published="2024-04-25T14:07:00", authors=["Eva K."])


def test_plain_text_without_headline_or_article_markup_is_not_an_article():
    from newsarchive.extraction import NotAnArticle, extract_article
    with pytest.raises(NotAnArticle, match="no headline"):
        extract_article(b"just some text", "http://news.test/2024/05/some-story")


SECTION_TEASERS = "".join(
    f'<article class="post"><h2><a href="/politics/story-{i}-council-vote">Story {i} about the council vote</a></h2>'
    f'<p class="byline">By <a href="/author/ann-writer">Ann Writer</a></p>'
    f'<time datetime="2024-05-0{i + 1}T10:00:00Z">May {i + 1}, 2024</time>'
    f"<p>What the story says, in a sentence or two, as section pages print it under each headline.</p>"
    f'<a href="/politics/story-{i}-council-vote">Read more</a></article>' for i in range(9))


@pytest.mark.parametrize("url", ["https://news.test/politics", "https://news.test/news/politics/local"])
def test_a_section_page_of_teasers_with_their_dates_and_bylines_is_refused(url):
    from newsarchive.extraction import NotAnArticle, extract_article
    page = html("Politics | The Daily Test", body=f"<main><h1>Politics</h1>{SECTION_TEASERS}</main>")
    with pytest.raises(NotAnArticle, match="listing page: teasers"):
        extract_article(page, url)


def test_a_blog_post_whose_page_lists_other_posts_is_an_article():
    from newsarchive.extraction import extract_article
    post = "".join(f"<p>Paragraph {i} of the post, which goes on for a few sentences as posts do, with details.</p>"
                   for i in range(12))
    page = html("Rain returns", body=f"<main><article><h1>Rain returns</h1>{post}</article>"
                                     f"<section><h2>More posts</h2>{SECTION_TEASERS}</section></main>")
    assert extract_article(page, "https://news.test/politics/rain-returns").body.startswith("Paragraph 0")
