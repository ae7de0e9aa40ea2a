"""pywb replays what a crawl of the demo site archived.

pywb lives in a virtualenv of its own (``make test`` creates ``.venv-pywb``,
as it pins old dependencies).  Two collections: ``demo`` indexed by pywb
itself (``wb-manager add``), ``ours`` served from the project's own CDXJ
index, so that both the WARC files and the index are checked.
"""
import gzip
import html
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from archive_site import PROJECT, crawl
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.demo.catalogue import ARTICLES

PYWB = PROJECT / ".venv-pywb" / "bin"
pytestmark = pytest.mark.skipif(not (PYWB / "wayback").exists(),
                                reason="pywb is not installed: `make test` installs it in .venv-pywb")
#: A plain article with pictures, and a live page (served chunked); both gzip-encoded.
PLAIN = next(a for a in ARTICLES if not a.live)
LIVE = next(a for a in ARTICLES if a.live)


class Fetched:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def decoded(self) -> bytes:
        """The body, decoded only if the headers say it is encoded."""
        return gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body


def fetch(url: str, **headers) -> Fetched:
    """GET without decoding anything: the body as served."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
            return Fetched(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.headers, error.read())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def archive(demo_site, tmp_path_factory) -> ArchiveLayout:
    layout = ArchiveLayout(tmp_path_factory.mktemp("replay") / "archive")
    crawl([demo_site + PLAIN.path, demo_site + LIVE.path], layout.root)
    return layout


@pytest.fixture(scope="module")
def wayback(archive, tmp_path_factory) -> str:
    """pywb serving the archive's WARC files on a loopback port."""
    root = tmp_path_factory.mktemp("pywb")
    warcs = sorted(archive.warc_dir.glob("*.warc.gz"))
    for collection in ("demo", "ours"):
        subprocess.run([PYWB / "wb-manager", "init", collection], cwd=root, check=True, capture_output=True)
    subprocess.run([PYWB / "wb-manager", "add", "demo", *warcs], cwd=root, check=True, capture_output=True)
    for warc in warcs:
        shutil.copy(warc, root / "collections" / "ours" / "archive")
    shutil.copy(archive.index_path, root / "collections" / "ours" / "indexes" / "index.cdxj")
    port = free_port()
    server = subprocess.Popen([PYWB / "wayback", "-p", str(port), "-b", "127.0.0.1"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(origin + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=30)


def stored_article(archive: ArchiveLayout, url: str) -> dict:
    [article] = [a for a in map(json.loads, (p.read_text(encoding="utf-8")
                                              for p in archive.articles_dir.rglob("*.json"))) if a["url"] == url]
    return article


@pytest.mark.parametrize("collection", ["demo", "ours"])
def test_pywb_replays_the_article_with_its_lead_image(demo_site, archive, wayback, collection):
    article = stored_article(archive, demo_site + PLAIN.path)
    timestamp = article["capture"]["warc_date"][:4]
    page = fetch(f"{wayback}/{collection}/{timestamp}mp_/{article['url']}")
    assert page.status == 200
    assert article["headline"] in html.unescape(page.decoded.decode("utf-8"))
    lead = next((i for i in article["images"] if i["lead"]), article["images"][0])
    image = fetch(f"{wayback}/{collection}/{timestamp}id_/{lead['url']}")
    assert image.status == 200
    assert image.decoded == fetch(lead["url"]).body


@pytest.mark.parametrize("path", [PLAIN.path, LIVE.path], ids=["gzip", "gzip+chunked"])
def test_encoded_responses_replay_with_headers_that_match_the_body(demo_site, archive, wayback, path):
    """The classic mismatch: a decoded body replayed under Content-Encoding: gzip."""
    live = fetch(demo_site + path, **{"Accept-Encoding": "identity"}).body
    replayed = fetch(f"{wayback}/demo/2id_/{demo_site + path}", **{"Accept-Encoding": "gzip"})
    assert replayed.status == 200
    assert replayed.decoded == live
    rewritten = fetch(f"{wayback}/demo/2mp_/{demo_site + path}", **{"Accept-Encoding": "gzip"})
    assert rewritten.status == 200
    assert b"</html>" in rewritten.decoded.lower()
