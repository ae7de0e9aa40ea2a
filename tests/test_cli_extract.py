"""``newsarchive extract``: JSON on stdout, errors on stderr, a batch that
goes on past bad pages and bad manifest lines."""
import gzip
import json
import subprocess
import sys

import pytest

import bad_pages
from bad_pages import GERMAN, URL
from newsarchive import cli


def run_cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def good_page() -> bytes:
    return bad_pages.article(bad_pages.paragraphs(GERMAN))


def test_page_file_and_url_give_the_article_as_json(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(good_page(), encoding="utf-8")
    assert cli.main(["extract", str(page), "--url", URL]) == 0
    article = json.loads(capsys.readouterr().out)
    assert article["url"] == URL
    assert article["headline"] == "Neue Wirtschaftspolitik"
    assert article["body"].startswith(GERMAN)


def test_gzipped_page_is_read(tmp_path, capsys):
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(good_page().encode()))
    assert cli.main(["extract", str(page), "--url", URL]) == 0
    assert json.loads(capsys.readouterr().out)["body"].startswith(GERMAN)


def test_missing_file_is_a_clear_error_on_stderr(tmp_path):
    result = run_cli("extract", tmp_path / "nope.html")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "nope.html: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_page_that_is_no_page_is_a_clear_error(tmp_path, capsys):
    page = tmp_path / "picture.html"
    page.write_bytes(bad_pages.png())
    assert cli.main(["extract", str(page)]) == 1
    assert capsys.readouterr().out == ""


def test_manifest_run_writes_a_line_per_case_and_goes_on(tmp_path):
    pages = {
        "empty": bad_pages.empty(),
        "png": bad_pages.png(),
        "random": bad_pages.random_bytes(),
        "truncated": bad_pages.truncated(),
        "huge": bad_pages.huge(),
        "euc-kr": bad_pages.mislabelled(bad_pages.KOREAN, "euc-kr", "utf-8"),
        "deep": bad_pages.deep(10_000),
        "broken-gzip": gzip.compress(good_page().encode())[:200],
    }
    lines = []
    for name, data in pages.items():
        (tmp_path / f"{name}.html.gz").write_bytes(data)
        lines.append(json.dumps({"id": name, "file": f"{name}.html.gz", "url": URL}))
    lines[3:3] = ["{not json", '{"id": "no-file"}',
                  json.dumps({"id": "missing", "file": "missing.html", "url": URL}), ""]
    (tmp_path / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = run_cli("extract", "--manifest", tmp_path / "cases.jsonl")

    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["empty", "png", "random", None, "no-file", "missing",
                                          "truncated", "huge", "euc-kr", "deep", "broken-gzip"]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert errors["empty"] == "empty page"
    assert errors["png"] == errors["random"] == "binary data, not HTML"
    assert errors[None].startswith("bad manifest line, not JSON")
    assert errors["no-file"].startswith("bad manifest line")
    assert "No such file or directory" in errors["missing"]
    assert errors["broken-gzip"].startswith("broken gzip file")
    articles = {r["id"]: r for r in records if "error" not in r}
    assert set(articles) == {"truncated", "huge", "euc-kr", "deep"}
    assert articles["euc-kr"]["body"].startswith(bad_pages.KOREAN)
    assert GERMAN in articles["deep"]["body"]
    assert "11 cases, 4 articles, 7 errors in" in result.stderr


def test_unreadable_manifest_is_an_error(tmp_path):
    result = run_cli("extract", "--manifest", tmp_path / "none.jsonl")
    assert result.returncode == 1
    assert "cannot read manifest" in result.stderr


def test_page_and_manifest_together_is_a_usage_error(tmp_path):
    assert cli.main(["extract", str(tmp_path / "a.html"), "--manifest", str(tmp_path / "m.jsonl")]) == 2


def test_a_manifest_starting_with_a_bom_keeps_its_first_case(tmp_path):
    (tmp_path / "page.html").write_text(good_page(), encoding="utf-8")
    case = json.dumps({"id": "first", "file": "page.html", "url": URL})
    (tmp_path / "cases.jsonl").write_text("\ufeff" + case + "\n", encoding="utf-8")
    result = run_cli("extract", "--manifest", tmp_path / "cases.jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["first"]
    assert records[0]["body"].startswith(GERMAN)


def test_a_manifest_case_with_a_bad_url_is_a_clear_error_and_the_run_goes_on(tmp_path):
    (tmp_path / "page.html").write_text(good_page(), encoding="utf-8")
    cases = [{"id": "number", "file": "page.html", "url": 5}, {"id": "ftp", "file": "page.html", "url": "ftp://x.test/a"},
             {"id": "good", "file": "page.html", "url": URL}]
    (tmp_path / "cases.jsonl").write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    result = run_cli("extract", "--manifest", tmp_path / "cases.jsonl")
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["number"]["error"] == 'bad manifest line: "url" is int, not a string'
    assert records["ftp"]["error"] == "bad manifest line: \"url\": not an http(s) URL: 'ftp://x.test/a'"
    assert records["good"]["url"] == URL
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url, message", [
    ("not a url", "--url: not an http(s) URL: 'not a url'"),
    ("ftp://news.example/a.html", "--url: not an http(s) URL"),
    ("/politik/story.html", "--url: not an http(s) URL"),
    ("http://[::1/story", "--url: not a valid URL"),
    ("https://a..test/story", "--url: not a valid URL: 'https://a..test/story': bad host name 'a..test'"),
])
def test_a_url_that_is_no_web_address_is_refused(url, message, tmp_path, capsys, caplog):
    page = tmp_path / "page.html"
    page.write_text(good_page(), encoding="utf-8")
    assert cli.main(["extract", str(page), "--url", url]) == 2
    assert capsys.readouterr().out == ""
    assert message in caplog.text


@pytest.mark.parametrize("source", [["--manifest", "cases.jsonl"], ["--warc", "a.warc.gz"]])
def test_url_with_a_manifest_or_warc_files_is_refused_not_ignored(source, caplog):
    assert cli.main(["extract", *source, "--url", URL]) == 2
    assert "--url goes with a PAGE file" in caplog.text
