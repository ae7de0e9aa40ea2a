"""Crawling from the archive (``-s REPLAY_ARCHIVE=DIR``): every request is
answered from the WARC files through the CDXJ index, a URL not archived
with a 404, and nothing goes to the network."""
import json

from archive_site import crawl_command, run_crawl, start_site
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.archive.warc.index import captures_in_index, cdxj_line, write_index
from newsarchive.archive.warc.records import Capture


def test_the_index_is_searched_without_reading_it_whole(tmp_path):
    captures = [Capture(url=f"http://site{n % 7}.test/page/{n}", warc_date=f"2024-01-0{1 + n % 3}T00:00:00Z",
                        record_type="response", status=200, mime="text/html", payload_digest="sha1:X",
                        record_id=f"<urn:uuid:{n}>", warc_file="a.warc.gz", offset=n * 100, length=100)
                for n in range(500)]
    index = tmp_path / "index.cdxj"
    write_index(index, sorted(cdxj_line(c) for c in captures))
    for capture in captures:
        [entry] = captures_in_index(index, capture.url)
        assert entry["offset"] == str(capture.offset)
    assert captures_in_index(index, "http://site1.test/page/9999") == []
    assert captures_in_index(index, "http://aaa.test/") == captures_in_index(index, "http://zzz.test/") == []
    assert captures_in_index(index, "https://site3.test/page/3")[0]["url"] == "http://site3.test/page/3"


def test_a_crawl_of_the_archive_gives_the_archived_articles_without_network(tmp_path):
    site = start_site()
    try:
        live = ArchiveLayout(tmp_path / "live")
        urls = [f"{site.base}/news/1.html", f"{site.base}/gzip/2.html"]
        run_crawl(crawl_command(urls, live.root))
        archived = {a["url"]: a for a in map(json.loads, (p.read_text() for p in live.articles_dir.rglob("*.json")))}
        requested = list(site.requested)
        site.edition = 2  # the live site changed since: the replay must not see it
        out = tmp_path / "replayed.jsonl"
        result = run_crawl(crawl_command(urls + [f"{site.base}/news/3.html"], tmp_path / "unused",
                                         f"REPLAY_ARCHIVE={live.root}", "LOG_LEVEL=INFO", "FEEDS={}")
                           + ["-O", str(out)])
    finally:
        site.shutdown()
    assert site.requested == requested  # not one request reached the site
    replayed = {a["url"]: a for a in map(json.loads, out.read_text().splitlines())}
    assert set(replayed) == set(urls)
    for url in urls:
        assert replayed[url]["body"] == archived[url]["body"] and "Edition 1" in replayed[url]["body"]
        assert replayed[url]["capture"]["record_id"] == archived[url]["capture"]["record_id"]
        assert replayed[url]["fetched_at"] == archived[url]["fetched_at"]
    assert f"not in the archive {live.root}: {site.base}/news/3.html" in result.stderr
    assert f"{site.base}/news/3.html: HTTP 404" in result.stderr
    assert not (tmp_path / "unused").exists()  # the crawl kept no archive of its own


def test_replaying_a_folder_that_is_no_archive_is_a_clear_error(tmp_path):
    from archive_site import PROJECT, SCRAPY
    import subprocess
    result = subprocess.run([str(SCRAPY), "crawl", "article", "-a", "url=http://127.0.0.1:9/a.html",
                             "-s", f"REPLAY_ARCHIVE={tmp_path}"], cwd=PROJECT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert f"REPLAY_ARCHIVE: {tmp_path} is not an archive with an index" in result.stderr
    assert "Traceback" not in result.stderr
