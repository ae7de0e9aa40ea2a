"""Bad input to extract_article: a clear PageError / NotAnArticle or a
result, never another exception."""
import pytest

import bad_pages
from bad_pages import GERMAN, JAPANESE, KOREAN, RUSSIAN, URL
from newsarchive.extraction import PageError, extract_article
from newsarchive.extraction.evidence import MAX_DEPTH, parse_html
from newsarchive.extraction.nesting import flatten_nesting


def depth_of(tree) -> int:
    return max(sum(1 for _ in el.iterancestors()) + 1 for el in tree.iter())


@pytest.mark.parametrize("data,reason", [
    (bad_pages.empty(), "empty page"),
    (b" \r\n\t ", "empty page"),
    (bad_pages.png(), "binary data"),
    (bad_pages.random_bytes(), "binary data"),
    (bad_pages.binary_tail(), "binary data"),
], ids=["empty", "white-space", "png", "random", "text-then-binary"])
def test_unreadable_input_is_a_page_error_saying_why(data, reason):
    with pytest.raises(PageError, match=reason):
        extract_article(data, URL)


def test_truncated_page_gives_the_text_before_the_cut():
    article = extract_article(bad_pages.truncated(), URL)
    assert article.headline == "Neue Wirtschaftspolitik"
    assert article.body.startswith(GERMAN)
    assert "\ufffd" not in article.body


def test_a_stray_nul_byte_does_not_make_a_page_binary():
    data = bad_pages.article("<p>Vorweg\x00.</p>" + bad_pages.paragraphs(GERMAN)).encode()
    article = extract_article(data, URL)
    assert GERMAN in article.body


def test_stray_control_bytes_spread_over_a_long_page_do_not_make_it_binary():
    stray = "".join(f"<p>{GERMAN}\x07 ({n})\x00</p>" for n in range(200))
    article = extract_article(bad_pages.article(stray).encode(), URL)
    assert article.body.startswith(GERMAN)


def test_xhtml_page_with_an_xml_declaration_is_parsed():
    html = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + bad_pages.article(bad_pages.paragraphs(GERMAN))
    article = extract_article(html.encode("cp1252"), URL)
    assert article.body.startswith(GERMAN)


def test_20mb_page_is_extracted():
    data = bad_pages.huge()
    assert len(data) > 20_000_000
    article = extract_article(data, URL)
    assert article.body.startswith(GERMAN)
    assert "Lorem ipsum" not in article.body


@pytest.mark.parametrize("text,real,declared", [
    (KOREAN, "euc-kr", "utf-8"),
    (JAPANESE, "shift_jis", "iso-8859-1"),
    (RUSSIAN, "cp1251", "utf-8"),
    (RUSSIAN, "cp1251", "iso-8859-1"),
    (RUSSIAN, "cp1251", "koi8-r"),
    (RUSSIAN, "koi8-r", "windows-1251"),
    (RUSSIAN, "cp1251", "mac-cyrillic"),
], ids=["euc-kr-as-utf-8", "shift_jis-as-latin-1", "cp1251-as-utf-8", "cp1251-as-latin-1", "cp1251-as-koi8-r",
        "koi8-r-as-windows-1251", "cp1251-as-mac-cyrillic"])
def test_page_in_another_charset_than_declared_is_readable(text, real, declared):
    article = extract_article(bad_pages.mislabelled(text, real, declared), URL)
    assert article.headline == text[:12]
    assert article.body.startswith(text)


def test_markup_nested_10000_deep_keeps_all_text():
    tree = parse_html(bad_pages.deep(10_000).decode(), URL)
    assert depth_of(tree) <= MAX_DEPTH
    text = tree.text_content()
    assert GERMAN in text
    assert text.rstrip().endswith("Nach der tiefen Verschachtelung geht der Text weiter.")


@pytest.mark.parametrize("depth", [MAX_DEPTH - 10, 10_000])
def test_deeply_nested_article_is_extracted(depth):
    article = extract_article(bad_pages.deep(depth), URL)
    assert GERMAN in article.body


def test_ordinary_page_is_parsed_as_written():
    html = bad_pages.deep(40).decode()
    assert depth_of(parse_html(html, URL)) == 40 + 4  # html, body, article, div*40, p


def test_flatten_nesting_caps_depth_and_keeps_order():
    html = "<div><section>" + "<span>x" * 10 + "</span>" * 10 + "</section><p>after</p></div>"
    flat = flatten_nesting(html, 4)
    tree = parse_html(flat, URL)
    assert depth_of(tree) <= 4 + 2  # html and body come on top
    assert tree.text_content() == "x" * 10 + "after"
    assert tree.xpath("//p/text()") == ["after"]


def test_flatten_nesting_ignores_tags_in_scripts_and_void_elements():
    html = '<div><script>var s = "<div><div><div>";</script><br><img src=a.png><b>t</b></div>'
    assert flatten_nesting(html, 2) == html


def ld_article(ld: str) -> bytes:
    return bad_pages.article(bad_pages.paragraphs(GERMAN),
                             head=f'<script type="application/ld+json">{ld}</script>').encode()


@pytest.mark.parametrize("ld", [
    '{"@type": 1, "headline": "Eins"}',
    '{"@type": true}',
    '{"@graph": [{"@type": 2.5}, {"@type": ["NewsArticle", 7], "headline": "Neue Wirtschaftspolitik"}]}',
    '{"@type": "NewsArticle", "author": {"@type": 5, "name": "Anna Schmidt"}}',
], ids=["number", "true", "in-graph", "author"])
def test_json_ld_types_that_are_not_strings_name_no_type(ld):
    article = extract_article(ld_article(ld), URL)
    assert article.headline == "Neue Wirtschaftspolitik"
    assert article.body.startswith(GERMAN)


def test_json_ld_nested_too_deep_is_skipped_with_the_reason_logged(caplog):
    deep = '{"@type": "NewsArticle", "headline": "Tief", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    article = extract_article(ld_article(deep + '</script><script type="application/ld+json">'
                                         '{"@type": "NewsArticle", "author": "Anna Schmidt"}'), URL)
    assert article.body.startswith(GERMAN)
    assert article.authors == ["Anna Schmidt"]  # the other JSON-LD block is read
    assert f"{URL}: skipped a JSON-LD block: nested too deep to read" in caplog.text



def test_control_characters_and_invisible_marks_do_not_reach_the_article():
    body = "".join(f"<p>{GERMAN[:40]}\x07\x1b\x00 \u200e{GERMAN[40:]}\u2062\u202b ({n})</p>" for n in range(6))
    article = extract_article(bad_pages.article(body, headline="Neue\x1b Wirtschafts\u200fpolitik").encode(), URL)
    assert article.headline == "Neue Wirtschaftspolitik"
    assert article.body.startswith(GERMAN[:40] + " " + GERMAN[40:])
    assert not any(c in article.body for c in "\x07\x1b\x00\ufffd\u200e\u2062\u202b")


def test_a_nul_byte_inside_a_word_is_ignored_as_browsers_do():
    page = bad_pages.article(bad_pages.paragraphs(GERMAN.replace("Montag", "Mon\x00tag")))
    article = extract_article(page.encode(), URL)
    assert article.body.startswith(GERMAN)
