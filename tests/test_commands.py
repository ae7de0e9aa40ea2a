"""The commands behave alike: options, exit statuses, help, logs and summary
lines; and the commands a new user reaches for (fetch, extract from stdin,
the demo) do what the README says."""
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys

import pytest
from scrapy.exporters import CsvItemExporter
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from archive_runs import FAST, NEWSARCHIVE, PROJECT, write_sites_file
from newsarchive import settings as project
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.cli import build_parser, main
from newsarchive.demo.catalogue import ARTICLES
from newsarchive.extensions import unknown_settings
from newsarchive.items import Article, Image
from newsarchive.utils.timeutils import utc_seconds

#: The commands that work on an archive, with arguments that make them parse.
ARCHIVE_COMMANDS = {
    "crawl": ["--sites", "sites.toml"], "run": ["--sites", "sites.toml"], "fetch": ["http://a.test/1"],
    "extract": ["--warc"], "index": [], "verify": [], "history": ["0123456789abcdef"], "schedule": [],
    "demo": [],
}


def newsarchive(*args, cwd=PROJECT, stdin: bytes | None = None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([str(NEWSARCHIVE), *map(str, args)], cwd=cwd, input=stdin, capture_output=True,
                          timeout=timeout)


def fast(*settings: str) -> list[str]:
    return [word for setting in (*FAST, *settings) for word in ("-s", setting)]


@pytest.mark.parametrize("command", list(ARCHIVE_COMMANDS))
def test_every_archive_command_takes_archive_dir_and_verbose_alike(command, tmp_path):
    args = build_parser().parse_args([command, *ARCHIVE_COMMANDS[command], "--archive-dir", str(tmp_path), "-v"])
    assert args.archive_dir == tmp_path and args.verbose is True


def test_help_is_plain_text(capsys):
    commands = list(build_parser()._subparsers._group_actions[0].choices)
    for argv in [[], *([command] for command in commands)]:
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        out = capsys.readouterr().out
        assert "usage: newsarchive" in out and "`" not in out, argv


def test_the_same_mistake_gives_the_same_exit_status_in_every_command(tmp_path, monkeypatch, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sites.toml").write_text("[[site]]\n", encoding="utf-8")  # no name
    statuses = {command: main([command, "--sites", "sites.toml", "--archive-dir", "archive"])
                for command in ("crawl", "run", "schedule")}
    assert statuses == {"crawl": 2, "run": 2, "schedule": 2}
    assert caplog.text.count("missing key 'name'") == 3


def test_verify_names_the_archive_once(tmp_path, capsys):
    (tmp_path / "archive").mkdir()
    main(["verify", "--archive-dir", str(tmp_path / "archive")])
    first = capsys.readouterr().out.splitlines()[0]
    assert first == f"the archive in {tmp_path / 'archive'}:"


def test_an_unknown_setting_is_named_with_its_close_match():
    settings = Settings({"ARCHIVE_DIR": "a", "LOG_LEVEL": "INFO"})
    settings.set("ARCHIV_DIR", "/srv/archive", priority="cmdline")
    settings.set("LOG_LEVEL", "DEBUG", priority="cmdline")
    settings.set("NO_SUCH_THING_AT_ALL", "1", priority="cmdline")
    assert unknown_settings(settings, {"ARCHIVE_DIR", "LOG_LEVEL"}) == {"ARCHIV_DIR": ["ARCHIVE_DIR"],
                                                                        "NO_SUCH_THING_AT_ALL": []}


def test_csv_feeds_write_pictures_sources_and_lists_as_json():
    exporter_class = load_object(project.FEED_EXPORTERS["csv"])  # what -O articles.csv uses
    assert issubclass(exporter_class, CsvItemExporter)
    article = Article(url="http://a.test/1", authors=["Ann Writer", "Bo, Jr."], sources={"headline": "page"},
                      images=[Image(url="http://a.test/1.jpg", caption="A bus.", width=800)])
    out = io.BytesIO()
    exporter = exporter_class(out)
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    [row] = csv.DictReader(io.StringIO(out.getvalue().decode()))
    assert json.loads(row["authors"]) == ["Ann Writer", "Bo, Jr."]
    assert json.loads(row["sources"]) == {"headline": "page"}
    assert json.loads(row["images"])[0] == {"url": "http://a.test/1.jpg", "caption": "A bus.", "credit": None,
                                            "alt": None, "width": 800, "height": None, "lead": False}
    assert row["url"] == "http://a.test/1"


def test_extract_reads_a_page_from_stdin():
    page = (b"<html><head><title>Harbour bridge reopens | The Test</title></head><body><article>"
            b"<h1>Harbour bridge reopens</h1>"
            + b"<p>" + b"The harbour bridge reopened on Monday after two years of repairs. " * 6 + b"</p>"
            + b"<p>" + b"Traffic was light in the morning, the city said. " * 6 + b"</p></article></body></html>")
    done = newsarchive("extract", "-", "--url", "http://news.test/2024/05/02/bridge.html", stdin=page)
    assert done.returncode == 0, done.stderr
    article = json.loads(done.stdout)
    assert article["headline"] == "Harbour bridge reopens" and article["body"].startswith("The harbour bridge")


def test_crawl_takes_the_archive_dir_logs_quietly_with_times_and_ends_with_one_summary_line(demo_site, tmp_path):
    sites = write_sites_file(tmp_path, demo_site)
    done = newsarchive("crawl", "--sites", sites, "--archive-dir", tmp_path / "mine", "-o", tmp_path / "out.jsonl",
                       *fast(), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert ArchiveLayout(tmp_path / "mine").catalog_path.is_file() and not (tmp_path / "archive").exists()
    lines = err.splitlines()
    assert re.fullmatch(rf"\S+ \S+ INFO newsarchive: crawl finished in [\d.]+ s: \d+ pages fetched, {len(ARTICLES)} "
                        r"new articles, 0 new versions, 0 unchanged, 0 skipped \(not due\), 0 refused, 0 errors; articles in "
                        + re.escape(str(tmp_path / "out.jsonl")), lines[-1])
    assert all(line[:4].isdigit() and line[10] == " " for line in lines)  # each line starts with its time
    assert "DEBUG" not in err and "Enabled extensions" not in err and "Overridden settings" not in err
    # on an archive that has the articles, the empty output is explained
    again = newsarchive("crawl", "--sites", sites, "--archive-dir", tmp_path / "mine", "-o", tmp_path / "again.jsonl",
                        *fast("ARCHIV_DIR=x"), cwd=tmp_path)
    err = again.stderr.decode()
    assert again.returncode == 0 and (tmp_path / "again.jsonl").read_text() == ""
    assert (f"no article in this crawl's output: the {len(ARTICLES)} archived article(s) it found were not due "
            "for a revisit") in err
    assert "-s ARCHIV_DIR: no such setting, Scrapy and newsarchive ignore it: did you mean ARCHIVE_DIR?" in err


def test_crawl_shows_scrapys_own_lines_with_verbose(demo_site, tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nname = "demo"\nstart_urls = ["{demo_site}{ARTICLES[0].path}"]\n', encoding="utf-8")
    done = newsarchive("crawl", "--sites", sites, "--archive-dir", tmp_path / "a", "-v", *fast(), cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 0 and "DEBUG" in err and "Enabled extensions" in err


def test_fetch_archives_the_pages_given_and_prints_their_articles(demo_site, tmp_path):
    urls = [demo_site + ARTICLES[0].path, demo_site + ARTICLES[1].path]
    done = newsarchive("fetch", *urls, "--archive-dir", tmp_path / "a", *fast("ARCHIVE_IMAGES=0"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    articles = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert sorted(a["url"] for a in articles) == sorted(urls)
    assert {a["headline"] for a in articles} == {ARTICLES[0].headline, ARTICLES[1].headline}
    assert ArchiveLayout(tmp_path / "a").catalog_path.is_file()
    assert done.stderr.decode().splitlines()[-1].endswith("; 2 articles")
    # extracted again from the archive, each article has the fetch time the crawl gave it: its capture's
    extracted = newsarchive("extract", "--warc", "--archive-dir", tmp_path / "a", cwd=tmp_path)
    again = {a["url"]: a for a in map(json.loads, extracted.stdout.decode().splitlines())}
    for article in articles:
        assert again[article["url"]]["fetched_at"] == article["fetched_at"] == \
            utc_seconds(article["capture"]["warc_date"])
    listing = newsarchive("fetch", demo_site + "/world/", "--archive-dir", tmp_path / "a", *fast(), cwd=tmp_path)
    assert listing.returncode == 1 and listing.stdout == b""
    assert f"no article from {demo_site}/world/ (the lines above say why)" in listing.stderr.decode()
    assert "not an article" in listing.stderr.decode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_demo_keeps_its_own_archive_and_gives_the_same_articles_again(tmp_path):
    port = free_port()
    for _ in range(2):
        done = newsarchive("demo", "--port", port, cwd=tmp_path, timeout=180)
        assert done.returncode == 0, done.stderr.decode()
    assert not (tmp_path / "archive").exists()
    layout = ArchiveLayout(tmp_path / "output" / "demo-archive")
    versions = list(layout.articles_dir.rglob("*.json"))
    assert len(versions) == len(ARTICLES)  # the second demo found the same articles, unchanged
    assert "The archive is in output/demo-archive/:" in done.stdout.decode()


def test_the_scrapy_commands_work_outside_a_checkout_with_the_settings_module_named(demo_site, tmp_path):
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsarchive.settings", "ARCHIVE_DIR": str(tmp_path / "a")}
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", "-a",
                           f"url={demo_site}{ARTICLES[0].path}", "-O", str(tmp_path / "out.jsonl"), *fast()],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [article] = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert article["headline"] == ARTICLES[0].headline
    assert not (tmp_path / "scrapy.cfg").exists()


def test_serve_finds_the_pywb_a_pip_user_installed_in_the_data_folder(tmp_path, monkeypatch):
    from newsarchive.web import pywb
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(pywb.sys, "executable", str(tmp_path / "elsewhere" / "bin" / "python"))  # no checkout
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pywb.default_wayback() is None
    wayback = tmp_path / "newsarchive" / "pywb" / "bin" / "wayback"
    wayback.parent.mkdir(parents=True)
    wayback.write_text("#!/bin/sh\n", encoding="utf-8")
    assert pywb.user_pywb_dir() == tmp_path / "newsarchive" / "pywb"
    assert pywb.default_wayback() == wayback


def test_install_replay_says_why_it_could_not_install(tmp_path, capsys, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("in the way", encoding="utf-8")  # the virtualenv's folder is a file
    assert main(["install-replay", "--into", str(blocked)]) == 1
    assert "-m venv" in caplog.text and "failed" in caplog.text


@pytest.mark.parametrize("command", [["history", "http://news.test/a.html"], ["serve"], ["export", "--jsonl", "x.jsonl"],
                                     ["reextract"]])
def test_a_folder_without_an_archive_is_the_same_mistake_for_every_command(command, tmp_path, capsys):
    from newsarchive.cli import main

    assert main([*command, "--archive-dir", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert f"no archive at {tmp_path / 'none'} (no catalog.sqlite)" in err and err.count("\n") == 1, err
