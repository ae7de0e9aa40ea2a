"""Politeness: at most CONCURRENT_REQUESTS_PER_DOMAIN requests at once to one
host, the pages and the pictures the pipelines fetch alike, counted by the
server."""
from archive_site import crawl, start_site


def test_a_crawl_sends_at_most_the_per_domain_limit_of_requests_at_once(tmp_path):
    site = start_site()
    site.delay = 0.15  # long enough for requests to pile up in the downloader's queue
    try:
        crawl([f"{site.base}/news/{n}.html" for n in range(1, 17)], tmp_path / "archive",
              "CONCURRENT_REQUESTS_PER_DOMAIN=4", "CONCURRENT_REQUESTS=16")
    finally:
        site.shutdown()
    assert len(site.requested) == 16 * 3  # each page and its picture's two renditions
    assert 1 < site.most_at_once <= 4  # in parallel, within the limit (Scrapy alone sends 10 and more)
