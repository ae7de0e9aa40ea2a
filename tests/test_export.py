"""``newsarchive export``: a WACZ 1.1.1 checked against the spec's rules
(``wacz validate`` passes broken files) and replayed in pywb; the articles
as JSON Lines, CSV and Parquet."""
import csv
from datetime import datetime
import gzip
import hashlib
import json
import subprocess
import time
import urllib.request
import zipfile
from io import BytesIO

import pyarrow.parquet as pq
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

from newsarchive.cli import main
from test_archive_replay import PYWB, free_port

WACZ_FILES = {"indexes/index.cdx.gz", "indexes/index.idx", "pages/pages.jsonl", "datapackage.json",
              "datapackage-digest.json"}


def check_wacz(path) -> dict:
    """The WACZ 1.1.1 rules, each asserted; the pages it lists."""
    with zipfile.ZipFile(path) as wacz:
        names = set(wacz.namelist())
        warcs = {n for n in names if n.startswith("archive/")}
        assert names == WACZ_FILES | warcs and warcs and all(n.endswith(".warc.gz") for n in warcs)
        for name in warcs | {"indexes/index.cdx.gz"}:  # read by range: stored, never compressed again
            assert wacz.getinfo(name).compress_type == zipfile.ZIP_STORED
        data = {name: wacz.read(name) for name in names}
    package = json.loads(data["datapackage.json"])
    assert package["profile"] == "data-package" and package["wacz_version"] == "1.1.1"
    listed = {r["path"]: r for r in package["resources"]}
    assert set(listed) == names - {"datapackage.json", "datapackage-digest.json"}
    for name, resource in listed.items():
        assert resource["hash"] == "sha256:" + hashlib.sha256(data[name]).hexdigest()
        assert resource["bytes"] == len(data[name])
    digest = json.loads(data["datapackage-digest.json"])
    assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(data["datapackage.json"]).hexdigest()}
    # the index: gzip blocks of sorted CDXJ, each found by index.idx (cdxj-gzip-1.0)
    meta, *blocks = data["indexes/index.idx"].decode().splitlines()
    assert meta.startswith("!meta 0 ") and json.loads(meta.split(" ", 2)[2]) == {
        "format": "cdxj-gzip-1.0", "filename": "index.cdx.gz"}
    compressed, position, lines = data["indexes/index.cdx.gz"], 0, []
    for block in blocks:
        key, where = block.split(" {", 1)
        where = json.loads("{" + where)
        assert where["offset"] == position  # the blocks follow each other
        chunk = gzip.decompress(compressed[position:position + where["length"]]).decode().splitlines()
        assert " ".join(chunk[0].split(" ", 2)[:2]) == key  # a block is found by its first line
        lines += chunk
        position += where["length"]
    assert position == len(compressed) and lines == sorted(lines)
    # every index line points at a record of its URL
    entries = [json.loads(line.split(" ", 2)[2]) | {"ts": line.split(" ")[1]} for line in lines]
    for entry in entries:
        stream = BytesIO(data["archive/" + entry["filename"]])
        stream.seek(int(entry["offset"]))
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
    # pages: the header, then one line an article, each with a capture at its time
    header, *pages = map(json.loads, data["pages/pages.jsonl"].decode().splitlines())
    assert header["format"] == "json-pages-1.0"
    captured = {(e["url"], e["ts"]) for e in entries}
    for page in pages:
        assert set(page) >= {"url", "ts", "title", "text"} and page["ts"].endswith("Z")
        ts = datetime.fromisoformat(page["ts"].replace("Z", "+00:00")).strftime("%Y%m%d%H%M%S")
        assert (page["url"], ts) in captured
    return {"pages": pages, "entries": entries}


@pytest.fixture(scope="module")
def wacz(demo_archive, tmp_path_factory):
    path = tmp_path_factory.mktemp("wacz") / "demo.wacz"
    assert main(["export", "--wacz", str(path), "--archive-dir", str(demo_archive.root)]) == 0
    return path


def test_the_wacz_follows_the_spec(wacz, demo_archive):
    found = check_wacz(wacz)
    assert len(found["pages"]) == 13
    with open(demo_archive.index_path) as index:
        assert len(found["entries"]) == sum(1 for _ in index)  # every capture of the archive


def test_a_wacz_of_a_selection_has_only_its_pages_and_pictures(demo_archive, tmp_path, capsys):
    from newsarchive.archive.catalog import Catalog
    path = tmp_path / "selected.wacz"
    with Catalog(demo_archive.catalog_path) as catalog:
        [newest] = [row["fetched_at"] for row in catalog.latest_versions()][-1:]
    assert main(["export", "--wacz", str(path), "--archive-dir", str(demo_archive.root),
                 "--site", "127.0.0.1", "--since", newest]) == 0
    found = check_wacz(path)
    urls = {e["url"] for e in found["entries"]}
    assert {p["url"] for p in found["pages"]} <= urls
    assert not any(url.endswith(("robots.txt", "sitemap.xml")) for url in urls)
    assert any(url.endswith((".jpg", ".png", ".webp")) for url in urls)  # the pages' pictures


def test_pywb_replays_the_wacz(wacz, tmp_path):
    if not (PYWB / "wayback").exists():
        pytest.skip("pywb is not installed: `make test` installs it in .venv-pywb")
    subprocess.run([PYWB / "wb-manager", "init", "w"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run([PYWB / "wb-manager", "add", "--unpack-wacz", "w", wacz], cwd=tmp_path, check=True,
                   capture_output=True)
    with zipfile.ZipFile(wacz) as archive:
        _, page, *_ = map(json.loads, archive.read("pages/pages.jsonl").decode().splitlines())
    port = free_port()
    server = subprocess.Popen([PYWB / "wayback", "-p", str(port), "-b", "127.0.0.1"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/w/{iso_date_to_timestamp(page['ts'])[:14]}mp_/"
                                                f"{page['url']}", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        assert answer.status == 200
        assert page["title"].split()[0] in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_articles_as_jsonl_csv_and_parquet(demo_archive, tmp_path, capsys):
    root = str(demo_archive.root)
    for kind in ("jsonl", "csv", "parquet"):
        assert main(["export", f"--{kind}", str(tmp_path / f"a.{kind}"), "--archive-dir", root]) == 0
    assert "13 articles" in capsys.readouterr().out
    articles = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert len(articles) == 13 and all(a["capture"]["warc_file"] for a in articles)
    rows = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    by_id = {a["id"]: a for a in articles}
    for row in rows:
        article = by_id[row["id"]]
        assert json.loads(row["authors"]) == article["authors"]  # JSON, never a Python repr
        assert json.loads(row["images"]) == article["images"] and json.loads(row["capture"]) == article["capture"]
        assert row["body"] == article["body"]
    table = pq.read_table(tmp_path / "a.parquet")
    assert str(table.schema.field("authors").type) == "list<element: string>"
    assert str(table.schema.field("images").type).startswith("list<element: struct<url: string, caption: string")
    parquet = {r["id"]: r for r in table.to_pylist()}
    for article_id, article in by_id.items():
        assert parquet[article_id]["images"] == article["images"] and parquet[article_id]["body"] == article["body"]
        assert json.loads(parquet[article_id]["capture"]) == article["capture"]


def test_an_export_of_nothing_usable_is_a_clear_error(tmp_path, capsys):
    assert main(["export", "--csv", str(tmp_path / "a.csv"), "--archive-dir", str(tmp_path / "none")]) == 2
    with pytest.raises(SystemExit):
        main(["export", "--csv", "a.csv", "--jsonl", "b.jsonl"])
    assert "not allowed with argument" in capsys.readouterr().err
