"""The archive in a real browser: headless Chromium (Debian's, driven by
Playwright; ``make test`` installs it) on ``newsarchive serve``: search,
an article, its replay with its picture from the archive, a diff; and a
hostile archived page that must achieve nothing.  Every request the
browser makes is recorded: none may leave 127.0.0.1."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive_site import PROJECT
from archives import storage_at
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.warc.records import Exchange
from test_archive_replay import PLAIN, PYWB, free_port

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and (PYWB / "wayback").exists()),
                                reason="needs Debian's chromium and pywb: `make test` installs them")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-domain-reliability"]
HOSTILE_URL = "http://news.test/2024/06/01/hostile.html"
HOSTILE_ID = "00000000000bad01"


def hostile_page(ui: str) -> bytes:
    """An archived article whose script goes for the UI: its cookies, its
    API, the top window; a link out of the archive, a refresh to the live web."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Hostile</title>
<meta http-equiv="refresh" content="4; url=http://live.example.com/gotcha">
</head><body><h1>Council votes on the harbour budget</h1>
<p>The council voted on Tuesday to keep the harbour budget as it was.</p>
<a id="escape" href="../../etc/passwd">more</a>
<script>
var report = {{}};
try {{ report.cookie = document.cookie; }} catch (e) {{ report.cookie = "blocked: " + e.name; }}
try {{ report.parent = window.parent.document.title; }} catch (e) {{ report.parent = "blocked: " + e.name; }}
try {{ window.top.location.href = "{ui}/?hijacked=1"; report.top = "navigated"; }} catch (e) {{ report.top = "blocked: " + e.name; }}
try {{ report.popup = String(window.open("{ui}/api/articles") !== null); }} catch (e) {{ report.popup = "blocked"; }}
var done = function (what) {{ report.api = what; document.body.setAttribute("data-report", JSON.stringify(report)); }};
fetch("{ui}/api/articles", {{credentials: "include"}}).then(function (r) {{ return r.text(); }})
  .then(function (t) {{ done("read: " + t.slice(0, 80)); }}, function (e) {{ done("failed: " + e.name); }});
</script></body></html>""".encode()


@pytest.fixture(scope="module")
def served(demo_archive, tmp_path_factory):
    """The demo archive, with a second version of one article and a hostile
    page, served by ``newsarchive serve`` on a free port."""
    layout = ArchiveLayout(Path(shutil.copytree(demo_archive.root, tmp_path_factory.mktemp("browser") / "archive")))
    port = free_port()
    ui = f"http://127.0.0.1:{port}"
    storage = storage_at(layout.root)
    storage.open()
    try:
        article = next(a for a in (storage.read_version(r["json_path"]) for r in storage.catalog.latest_versions())
                       if a["url"].endswith(PLAIN.path))
        edited = {**article, "headline": article["headline"] + " (updated)",
                  "fetched_at": article["fetched_at"][:3] + str(int(article["fetched_at"][3]) + 1) + article["fetched_at"][4:]}
        storage.store_article(edited)
        capture = storage.archive(Exchange(HOSTILE_URL, "GET", [], b"", "HTTP/1.1", 200,
                                           [("Content-Type", "text/html; charset=utf-8")], hostile_page(ui)))
        storage.store_article({"url": HOSTILE_URL, "id": HOSTILE_ID, "headline": "Council votes on the harbour budget",
                               "body": "The council voted on Tuesday to keep the harbour budget as it was.",
                               "authors": [], "images": [], "fetched_at": capture.warc_date[:19] + "+00:00",
                               "capture": capture.to_dict()})
    finally:
        storage.close()
    server = subprocess.Popen([Path(sys.executable).with_name("newsarchive"), "serve", "--archive-dir",
                               str(layout.root), "--port", str(port)], cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert f"at {ui}/" in line and "replay by pywb on port" in line, line + server.stderr.read()
        yield {"ui": ui, "pywb_port": int(re.search(r"pywb on port (\d+)", line).group(1)), "article": edited}
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture()
def browser_page(served):
    """A page of headless Chromium that records every request; one that
    would leave 127.0.0.1 is aborted and recorded too."""
    requests: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": "ui_secret", "value": "s3cret", "url": served["ui"]}])

        def route(route):
            requests.append(route.request.url)
            if urlsplit(route.request.url).hostname != "127.0.0.1":
                route.abort()
            else:
                route.continue_()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page, requests
        finally:
            browser.close()
    assert requests and all(urlsplit(url).hostname == "127.0.0.1" for url in requests), requests


def test_search_open_an_article_its_replay_with_its_picture_and_a_diff(served, browser_page):
    page, requests = browser_page
    article = served["article"]
    page.goto(served["ui"] + "/")
    word = max(re.findall(r"[A-Za-z]{6,}", article["body"]), key=len)
    page.fill("form.search input[name=q]", word)
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"\?q="))
    assert page.locator("ol.articles mark").count() > 0
    page.click(f"a[href='/articles/{article['id']}']")
    page.wait_for_url(f"**/articles/{article['id']}")
    assert page.inner_text("article.clean h1") == article["headline"]
    assert page.eval_on_selector("article.clean figure img", "img => img.complete && img.naturalWidth > 0")
    page.click("a.replay")
    frame_element = page.wait_for_selector("iframe.replay")
    assert frame_element.get_attribute("sandbox") == "allow-scripts"
    frame = frame_element.content_frame()
    frame.wait_for_selector("img")
    pywb = f"http://127.0.0.1:{served['pywb_port']}/archive/"
    frame.wait_for_function(f"Array.from(document.images).some(i => i.complete && i.naturalWidth > 0 "
                            f"&& i.currentSrc.startsWith('{pywb}'))")
    loaded = frame.evaluate("Array.from(document.images).filter(i => i.naturalWidth > 0).map(i => i.currentSrc)")
    assert all(src.startswith((pywb, "data:")) for src in loaded)  # from the archive, through pywb
    assert article["headline"].split(" (updated)")[0].split()[0] in frame.inner_text("body")
    page.go_back()
    page.click("ol.timeline a.diff")
    page.wait_for_url(re.compile(r"/diff\?a=1&b=2"))
    assert page.inner_text(".diff ins") == "(updated)"
    demo_port = urlsplit(article["url"]).port
    assert not any(urlsplit(url).port == demo_port for url in requests)  # never the site itself


def test_a_hostile_archived_page_achieves_nothing(served, browser_page):
    page, requests = browser_page
    ui = served["ui"]
    api_answers = []
    page.on("response", lambda r: r.url.startswith(ui + "/api/") and api_answers.append(r.status))
    page.goto(f"{ui}/articles/{HOSTILE_ID}")
    page.click("a.replay")
    replay_url = page.url
    frame = page.wait_for_selector("iframe.replay").content_frame()
    frame.wait_for_selector("body[data-report]")
    report = frame.evaluate("JSON.parse(document.body.getAttribute('data-report'))")
    assert "s3cret" not in str(report) and report["cookie"].startswith("blocked")
    assert report["parent"].startswith("blocked")
    assert not report["api"].startswith("read: {")  # the API's data never reached the page
    assert report["popup"] in ("false", "blocked") and len(page.context.pages) == 1
    assert page.url == replay_url and "hijacked" not in page.url  # the top window stayed
    assert all(status == 403 for status in api_answers)
    # the refresh to the live web goes to the archive (pywb's "not in the archive")
    with page.expect_request(lambda r: "gotcha" in r.url, timeout=10_000) as refresh:
        pass
    assert refresh.value.url.startswith(f"http://127.0.0.1:{served['pywb_port']}/archive/")
    # a link out of the archive stays in it too, never a file
    page.reload()
    frame = page.wait_for_selector("iframe.replay").content_frame()
    with page.expect_response(lambda r: "etc/passwd" in r.url) as answer:
        frame.click("#escape")
    assert answer.value.status == 404 and answer.value.url.startswith(f"http://127.0.0.1:{served['pywb_port']}/")
    assert "root:" not in answer.value.text()
    assert not any(urlsplit(url).hostname == "live.example.com" for url in requests)
