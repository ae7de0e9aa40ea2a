"""The web UI and JSON API of ``newsarchive serve`` (newsarchive/web/app.py),
through Starlette's test client; the browser tests drive the real server."""
import re

import pytest
from starlette.testclient import TestClient

from newsarchive.archive.layout import ArchiveLayout
from newsarchive.web.app import Archive, build_app
from web_archive import FIRST_ID, FIRST_URL, PICTURE, PICTURE_URL, SECOND_ID, build_archive

PYWB_PORT = 8999


@pytest.fixture(scope="module")
def layout(tmp_path_factory) -> ArchiveLayout:
    return ArchiveLayout(build_archive(tmp_path_factory.mktemp("web") / "archive"))


@pytest.fixture()
def client(layout) -> TestClient:
    return TestClient(build_app(Archive(layout, replay_port=PYWB_PORT)))


def test_the_list_is_newest_first_with_a_search_box(client):
    page = client.get("/")
    assert page.status_code == 200
    assert page.text.index("Council meets") < page.text.index("Harbour reopens")
    assert '<form class="search" action="/" method="get"' in page.text and 'name="q"' in page.text
    assert "2 articles, newest first" in page.text and "2 versions" in page.text
    assert "Harbour reopens &lt;at last&gt;" in page.text  # escaped


def test_a_search_is_a_url_with_ranked_highlighted_results(client):
    page = client.get("/", params={"q": "harbour"})
    assert "1 article matching “harbour”" in page.text
    assert "<mark>Harbour</mark> reopens &lt;at last&gt;" in page.text
    assert "<mark>harbour</mark> reopened" in page.text
    assert client.get("/", params={"q": "buses"}).text.count('<li class="article">') == 1


def test_filters_and_pages(client):
    assert "1 article, newest first" in client.get("/", params={"site": "other.test"}).text
    assert "Harbour" in client.get("/", params={"author": "Ana Lind"}).text
    assert "Council" not in client.get("/", params={"section": "Business"}).text
    assert "0 articles" in client.get("/", params={"since": "2024-05-04"}).text
    first = client.get("/", params={"per_page": 1})
    assert "page 1 of 2" in first.text and 'rel="next" href="?per_page=1&amp;page=2"' in first.text
    second = client.get("/", params={"per_page": 1, "page": 2})
    assert "Harbour reopens" in second.text and 'rel="prev"' in second.text
    bad = client.get("/", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since: &#39;yesterday&#39; is not a day" in bad.text


def test_the_article_page_has_the_clean_article_versions_and_captures(client, layout):
    page = client.get(f"/articles/{FIRST_ID}")
    assert page.status_code == 200
    text = page.text
    for shown in ("Storms", "Harbour reopens &lt;at last&gt;", "Fishing boats went back to sea.", "By Ana Lind",
                  '<span class="dateline">CALDER</span>', "inspected twice", "The quay at dawn.", "Jo Snap"):
        assert shown in text
    assert '<img src="/picture?url=http%3A//news.test/img/quay.png" alt="A quay"' in text
    assert "1. 2024" in text or "1. 20" in text
    assert "first version" in text and "changed: headline, body" in text
    assert f'href="/articles/{FIRST_ID}/diff?a=1&amp;b=2"' in text
    [warc] = [p.name for p in layout.warc_dir.glob("*.warc.gz")]
    assert text.count(warc) == 2 and text.count("urn:uuid:") == 2 and "sha1:" in text
    assert 'class="button replay" href="/replay?url=http%3A%2F%2Fnews.test%2F2024%2F05%2F02%2Fharbour.html' in text
    older = client.get(f"/articles/{FIRST_ID}", params={"v": 1})
    assert "Version 1 of 2" in older.text and "were checked" in older.text
    assert client.get(f"/articles/{FIRST_ID}", params={"v": 3}).status_code == 404
    assert client.get("/articles/ffffffffffffffff").status_code == 404
    assert client.get("/articles/" + FIRST_URL.replace("http://", "http:/")).status_code == 404


def test_pictures_come_from_the_archive_and_only_pictures(client):
    picture = client.get("/picture", params={"url": PICTURE_URL})
    assert picture.status_code == 200 and picture.content == PICTURE
    assert picture.headers["content-type"] == "image/png"
    assert "sandbox" in picture.headers["content-security-policy"]
    assert client.get("/picture", params={"url": FIRST_URL}).status_code == 404  # a page, not a picture
    assert client.get("/picture", params={"url": "http://news.test/nothing.png"}).status_code == 404


def test_the_diff_between_two_versions_marks_words(client):
    page = client.get(f"/articles/{FIRST_ID}/diff", params={"a": 1, "b": 2})
    assert page.status_code == 200
    assert "Harbour reopens <ins>&lt;at last&gt;</ins>" in page.text
    assert "<del>checked.</del> <ins>inspected twice.</ins>" in page.text
    assert client.get(f"/articles/{FIRST_ID}/diff", params={"a": 0}).status_code == 404


def test_the_replay_page_frames_pywb_sandboxed_on_another_origin(client):
    page = client.get("/replay", params={"url": FIRST_URL, "ts": "20240502100000", "article": FIRST_ID})
    [frame] = re.findall(r"<iframe[^>]*>", page.text)
    assert f'src="http://testserver:{PYWB_PORT}/archive/20240502100000mp_/{FIRST_URL}"' in frame
    assert 'sandbox="allow-scripts"' in frame  # no allow-same-origin, allow-top-navigation, allow-popups
    policy = page.headers["content-security-policy"]
    assert f"frame-src http://testserver:{PYWB_PORT};" in policy and "frame-ancestors 'none'" in policy
    assert client.get("/replay", params={"url": "file:///etc/passwd", "ts": "1"}).status_code == 400


def test_without_pywb_the_replay_page_says_why(layout):
    client = TestClient(build_app(Archive(layout, replay_note="pywb is not installed")))
    page = client.get("/replay", params={"url": FIRST_URL, "ts": "20240502100000"})
    assert "<iframe" not in page.text and "Replay is off: pywb is not installed" in page.text
    assert "frame-src 'none'" in page.headers["content-security-policy"]


def test_runs_are_listed(client):
    page = client.get("/runs")
    assert "sites.toml" in page.text and "<td>42</td><td>7</td><td>3</td>" in page.text
    assert client.get("/api/runs").json()[0]["pages_fetched"] == 42


def test_the_api_gives_articles_search_versions_and_diffs(client):
    listed = client.get("/api/articles").json()
    assert listed["total"] == 2 and [a["article_id"] for a in listed["articles"]] == [SECOND_ID, FIRST_ID]
    found = client.get("/api/search", params={"q": "quays"}).json()
    assert found["total"] == 1 and "<mark>quays</mark>" in found["articles"][0]["snippet_html"]
    assert client.get("/api/search").status_code == 400
    article = client.get(f"/api/articles/{FIRST_ID}").json()
    assert article["article"]["headline"] == "Harbour reopens <at last>"
    assert [v["number"] for v in article["versions"]] == [1, 2] and len(article["captures"]) == 2
    assert "checked" in client.get(f"/api/articles/{FIRST_ID}/versions/1").json()["body"]
    diff = client.get(f"/api/articles/{FIRST_ID}/diff", params={"a": 1, "b": 2}).json()
    assert diff["changed"] == ["headline", "body"] and "{+<at last>+}" in diff["diff"]
    missing = client.get("/api/articles/ffffffffffffffff")
    assert missing.status_code == 404 and "no archived article" in missing.json()["error"]


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_browser_request_from_another_origin_is_refused(client, site):
    assert client.get("/api/articles", headers={"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "cors"}).status_code == 403
    assert client.get("/api/articles", headers={"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate"}).status_code == 403
    assert client.get("/", headers={"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate"}).status_code == 200
    assert client.get("/api/articles", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200


def test_static_files_do_not_escape_their_folder(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/../../../../etc/passwd").status_code == 404
    assert client.get("/static/%2e%2e/%2e%2e/app.py").status_code == 404
