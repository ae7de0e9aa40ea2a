"""Shared runs: three ``newsarchive worker`` processes and a coordinator
(``newsarchive run --redis``) on a ``redis-server`` the tests start on
loopback, crawling a loopback site: the articles of one process, each URL
fetched once, the per-domain limit kept across workers, one archive; and a
worker killed with ``kill -9`` mid-crawl, whose requests the others finish."""
from __future__ import annotations

import asyncio
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import redis

from archive_site import start_site
from newsarchive.archive.catalog import Catalog
from shared_runs import (NEWSARCHIVE, coordinator, finish, redis_server, redis_server_path, settings_args, worker,
                         write_sites_file)

ARTICLES = 24
WORKERS = ("w1", "w2", "w3")


@pytest.fixture(scope="module")
def redis_url():
    executable = redis_server_path()
    if executable is None:
        pytest.skip("redis-server is not installed (make test installs it: Makefile SYSTEM_PACKAGES)")
    with redis_server(executable) as url:
        yield url


def article_ids(archive) -> set[str]:
    with Catalog(archive / "catalog.sqlite", read_only=True) as catalog:
        return {row["article_id"] for row in catalog.articles()}


def one_process_run(sites, archive) -> set[str]:
    """The articles of a plain ``newsarchive run`` of the same sites file."""
    result = subprocess.run([str(NEWSARCHIVE), "run", "--sites", str(sites), *settings_args(f"ARCHIVE_DIR={archive}")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return article_ids(archive)


@pytest.fixture(scope="module")
def shared_run(redis_url, tmp_path_factory):
    """One run of three workers against a site slow enough for requests to pile up."""
    folder = tmp_path_factory.mktemp("shared")
    site = start_site()
    site.listed, site.delay = ARTICLES, 0.2
    sites = write_sites_file(folder, [site.base])
    try:
        run = coordinator(sites, folder / "archive", redis_url)
        workers = [worker(sites, folder / "archive", redis_url, name) for name in WORKERS]
        outcomes = [finish(process) for process in (run, *workers)]
        fetched = list(site.requested_by)
        most_at_once = site.most_at_once
        site.delay = 0
        alone = one_process_run(sites, folder / "alone")
    finally:
        site.shutdown()
    return {"outcomes": outcomes, "archive": folder / "archive", "fetched": fetched, "most_at_once": most_at_once,
            "alone": alone}


def test_the_coordinator_and_every_worker_exit_0_once_the_run_is_done(shared_run):
    assert [status for status, _ in shared_run["outcomes"]] == [0, 0, 0, 0], shared_run["outcomes"][0][1][-3000:]
    logs = "".join(log for _, log in shared_run["outcomes"])
    assert "Traceback" not in logs
    assert "no such setting" not in logs  # the shared scheduler's settings are not the user's -s


def test_three_workers_archive_the_articles_one_process_does(shared_run):
    assert len(shared_run["alone"]) == ARTICLES
    assert article_ids(shared_run["archive"]) == shared_run["alone"]


def test_no_url_is_fetched_twice_across_the_workers(shared_run):
    """Pages, pictures and robots.txt once in the run: one worker fetches
    robots.txt, the others read the rules it kept in Redis."""
    counts = Counter(path for _, path in shared_run["fetched"])
    assert {path: n for path, n in counts.items() if n > 1} == {}
    assert len(counts) == 1 + 1 + ARTICLES * 3  # robots.txt, the home page, each article and its two pictures


def test_the_work_is_shared_and_the_per_domain_limit_holds_across_workers(shared_run):
    agents = Counter(agent.split()[0] for agent, _ in shared_run["fetched"])
    assert sum(1 for name in WORKERS if agents[name] > 3) >= 2  # not one worker doing it all
    assert 1 < shared_run["most_at_once"] <= 4  # CONCURRENT_REQUESTS_PER_DOMAIN, not 4 per worker


def test_the_workers_write_one_archive_that_verify_finds_whole(shared_run):
    archive = shared_run["archive"]
    names = sorted(path.name for path in (archive / "warc").iterdir())
    assert names and all(name.endswith(".warc.gz") for name in names)
    assert {name.rsplit("-", 1)[1].removesuffix(".warc.gz") for name in names} <= set(WORKERS)
    assert not list((archive / "catalogs").glob("*.sqlite"))  # merged into the catalogue
    result = subprocess.run([sys.executable, "-m", "newsarchive.cli", "verify", "--archive-dir", str(archive)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.rstrip().endswith("OK"), result.stdout
    with Catalog(archive / "catalog.sqlite", read_only=True) as catalog:
        captures = len(catalog.captures())
    index = (archive / "indexes" / "index.cdxj").read_text(encoding="utf-8").splitlines()
    assert captures == len(index) == len(shared_run["fetched"])


def in_flight_urls(redis_url: str, name: str) -> list[str]:
    server = redis.Redis.from_url(redis_url)
    return [pickle.loads(entry)["url"] for entry in server.hkeys(f"newsarchive:inflight:{name}")]


def test_a_worker_killed_mid_crawl_loses_nothing_and_the_others_finish_its_requests(redis_url, tmp_path):
    site = start_site()
    site.listed, site.delay = 30, 0.3
    sites = write_sites_file(tmp_path, [site.base])
    archive = tmp_path / "archive"
    try:
        run = coordinator(sites, archive, redis_url)
        workers = dict(zip(WORKERS, (worker(sites, archive, redis_url, name) for name in WORKERS)))
        deadline = time.monotonic() + 90
        while True:  # a worker with requests in flight and a WARC file written to, mid-crawl
            assert time.monotonic() < deadline, "no worker had requests in flight"
            victim = next((name for name in WORKERS if in_flight_urls(redis_url, name)
                           and list((archive / "warc").glob(f"*-{name}.warc.gz.open"))), None)
            if victim and len(site.requested) >= 12:
                break
            time.sleep(0.05)
        os.kill(workers[victim].pid, signal.SIGKILL)
        taken = in_flight_urls(redis_url, victim)  # until the others notice, 2 s later
        outcomes = [finish(process) for process in (run, *(p for name, p in workers.items() if name != victim))]
        fetched = list(site.requested_by)
    finally:
        site.shutdown()
    assert taken and [status for status, _ in outcomes] == [0, 0, 0], outcomes[0][1][-3000:]
    assert f"worker {victim} stopped answering" in "".join(log for _, log in outcomes)
    others = {path for agent, path in fetched if not agent.startswith(f"{victim} ")}
    assert {urlsplit(url).path for url in taken} <= others  # its requests in flight, done by the others
    assert len(article_ids(archive)) == 30
    result = subprocess.run([sys.executable, "-m", "newsarchive.cli", "verify", "--archive-dir", str(archive)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout  # what the victim wrote before it died is whole and catalogued
    assert any(name.endswith(f"-{victim}.warc.gz") for name in os.listdir(archive / "warc"))


def robots_middlewares(redis_url: str, prefix: str, *names: str) -> tuple[list, Counter]:
    """A ``SharedRobotsTxtMiddleware`` for each worker name, all alive, and
    how many robots.txt each host had fetched; a fetch waits for its
    host's ``answers`` entry: a ``Response``, an exception, or ``None`` (never answered)."""
    from scrapy.utils.test import get_crawler

    from newsarchive.distributed.ledger import SharedRobotsTxtMiddleware

    fetched: Counter = Counter()
    answers: dict = {}

    async def download_async(request):
        host = urlsplit(request.url).netloc
        fetched[host] += 1
        while host not in answers or answers[host] is None:
            await asyncio.sleep(0.01)
        if isinstance(answers[host], Exception):
            raise answers[host]
        return answers[host]

    middlewares = []
    for name in names:
        crawler = get_crawler(settings_dict={"REDIS_URL": redis_url, "REDIS_PREFIX": prefix, "WORKER_NAME": name,
                                             "ROBOTSTXT_OBEY": True})
        crawler.engine = SimpleNamespace(download_async=download_async)
        middleware = SharedRobotsTxtMiddleware.from_crawler(crawler)
        middleware.server.set(f"{prefix}:alive:{name}", "run")
        middleware.answers = answers
        middlewares.append(middleware)
    return middlewares, fetched


def test_one_worker_fetches_a_hosts_robots_txt_for_all_and_another_takes_over_if_it_dies(redis_url):
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Request, Response

    (first, second), fetched = robots_middlewares(redis_url, "robots-test", "w1", "w2")
    answers = first.answers
    rules = b"User-agent: *\nDisallow: /private/\n"

    async def both(host: str):
        robots = Request(f"http://{host}/robots.txt")
        one = asyncio.ensure_future(first.robots_response(robots))
        await asyncio.sleep(0.2)  # the first asks first, the second waits for it
        two = asyncio.ensure_future(second.robots_response(robots))
        await asyncio.sleep(0.2)
        return one, two

    async def scenario():
        one, two = await both("a.test")
        answers["a.test"] = Response("http://a.test/robots.txt", body=rules)
        a = await asyncio.gather(one, two, return_exceptions=True)

        one, two = await both("b.test")  # the first dies while it fetches: the second fetches it
        one.cancel()
        first.server.delete("robots-test:alive:w1")
        for _ in range(100):
            if fetched["b.test"] == 2:
                break
            await asyncio.sleep(0.05)
        answers["b.test"] = Response("http://b.test/robots.txt", body=rules)
        b = await asyncio.wait_for(two, 5)

        first.server.set("robots-test:alive:w1", "run")
        one, two = await both("c.test")
        answers["c.test"] = ConnectionRefusedError("refused")
        c = await asyncio.gather(one, two, return_exceptions=True)
        return a, b, c

    a, b, c = asyncio.run(scenario())
    assert [response.body for response in a] == [rules, rules]
    assert b.body == rules
    assert isinstance(c[0], ConnectionRefusedError) and isinstance(c[1], IgnoreRequest)
    assert fetched == {"a.test": 1, "b.test": 2, "c.test": 1}


def test_a_staying_worker_takes_part_in_run_after_run_and_stops_cleanly_on_sigterm(redis_url, tmp_path):
    """Two runs one after the other, then a third stopped mid-crawl: the
    staying worker leaves it (what it had in flight goes back to the
    queue, which another worker finishes) and exits 0, without a traceback."""
    site = start_site()
    site.listed = 4
    sites = write_sites_file(tmp_path, [site.base])
    archive = tmp_path / "archive"
    staying = worker(sites, archive, redis_url, "stay", stay=True)
    try:
        outcomes = [finish(coordinator(sites, archive, redis_url)) for _ in range(2)]
        site.listed, site.delay = 12, 0.3
        third = coordinator(sites, archive, redis_url)
        deadline = time.monotonic() + 60
        while not in_flight_urls(redis_url, "stay"):
            assert time.monotonic() < deadline and staying.poll() is None, "the staying worker took no request"
            time.sleep(0.05)
        staying.send_signal(signal.SIGTERM)
        stopped = finish(staying, timeout=60)
        other = worker(sites, archive, redis_url, "other")
        outcomes += [finish(third), finish(other)]
    finally:
        staying.kill()
        site.shutdown()
    assert [status for status, _ in outcomes] == [0, 0, 0, 0], outcomes[-2][1][-3000:]
    status, log = stopped
    runs = re.findall(r"shared run (\w+): \d+ start requests queued", "".join(log for _, log in outcomes[:3]))
    assert re.findall(r"worker stay takes part in run (\w+)", log) == runs  # the three runs, in turn
    assert status == 0 and "Traceback" not in log, log[-3000:]
    assert "worker stay stopped" in log and "went back to the queue" in log
    assert not redis.Redis.from_url(redis_url).hexists("newsarchive:workers", "stay")  # it left the run
    assert len(article_ids(archive)) == 12


def test_the_shared_queue_gives_each_domain_its_turn_and_filters_duplicates_in_one_round_trip(redis_url):
    """Requests of one priority come out a domain after another (not sorted
    by URL: a worker's 16 would be of one site, 4 of them downloading)."""
    from scrapy import Request
    from scrapy_redis.dupefilter import RFPDupeFilter

    from newsarchive.distributed.scheduler import DomainTurnsQueue

    server = redis.Redis.from_url(redis_url)
    server.delete("turns-test:requests", "turns-test:requests:turns", "turns-test:dupefilter")
    queue = DomainTurnsQueue(server, SimpleNamespace(name="site"), "turns-test:requests")
    duplicates = RFPDupeFilter(server, "turns-test:dupefilter")
    urls = ["http://a.test/1", "http://a.test/2", "http://a.test/3", "http://b.test/1", "http://b.test/2"]
    assert [queue.push(Request(url), duplicates) for url in urls] == [True] * 5
    assert not queue.push(Request("http://a.test/2"), duplicates)  # seen
    assert queue.push(Request("http://a.test/2", dont_filter=True), duplicates)
    assert queue.push(Request("http://c.test/urgent", priority=1), duplicates)
    popped = []
    while entry := server.zrange("turns-test:requests", 0, 0):
        server.zrem("turns-test:requests", entry[0])
        popped.append(queue._decode_request(entry[0]).url)
    assert popped == ["http://c.test/urgent", "http://a.test/1", "http://b.test/1", "http://a.test/2",
                      "http://b.test/2", "http://a.test/3", "http://a.test/2"]


def test_a_workers_requests_for_a_busy_domain_wait_in_line_and_a_slot_it_gives_back_goes_to_the_first(redis_url):
    """Two workers, 2 requests at once to a.test: of one worker's 6, 2 hold
    a slot and only the first of the 4 waiting asks Redis again; a slot
    given back goes to it at once, in the same round trip; the other worker
    gets a slot once one is free in Redis, the limit held throughout."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from newsarchive.distributed.domainlimit import POLL, SharedDomainLimitMiddleware

    def middleware(name):
        crawler = get_crawler(settings_dict={"REDIS_URL": redis_url, "REDIS_PREFIX": "limit-test", "WORKER_NAME": name,
                                             "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "WORKER_TIMEOUT": 30, "WORKER_HEARTBEAT": 1})
        return SharedDomainLimitMiddleware.from_crawler(crawler)

    first, second = middleware("w1"), middleware("w2")
    first.server.delete("limit-test:slots:a.test")
    asks = Counter()
    acquire = first._acquire
    first._acquire = lambda **kwargs: asks.update(["ask"]) or acquire(**kwargs)

    async def settle():  # a few turns of the loop, far shorter than POLL
        for _ in range(20):
            await asyncio.sleep(0)

    async def scenario():
        requests = [Request(f"http://a.test/{n}") for n in range(6)]
        tasks = [asyncio.ensure_future(first.process_request(request)) for request in requests]
        await asyncio.sleep(POLL * 6)
        holding = [request for request, task in zip(requests, tasks) if task.done()]
        asked_while_waiting = asks["ask"]
        tasks[3].cancel()  # a request waiting in line leaves it (the engine closing)
        asked = asks["ask"]
        first.process_response(holding[0], None)
        await settle()
        # in the round trip that gave it back: only the next in line, first now, asks once
        handed = tasks[2].done() and asks["ask"] == asked + 1
        other = asyncio.ensure_future(second.process_request(Request("http://a.test/other")))
        slots = [first.server.zcard("limit-test:slots:a.test")]
        for request, task in zip(requests[1:], tasks[1:]):
            if task.cancelled():
                continue
            await asyncio.wait_for(task, 5)
            first.process_response(request, None)
            await settle()
            slots.append(first.server.zcard("limit-test:slots:a.test"))
        await asyncio.wait_for(other, 5)
        return holding, asked_while_waiting, handed, slots, other.done()

    holding, asked_while_waiting, handed, slots, other_done = asyncio.run(scenario())
    assert len(holding) == 2
    assert asked_while_waiting <= 6 + 10  # one asker of the four waiting, every POLL at most (4 each: 30)
    assert handed  # the slot given back went to the first in line at once
    assert max(slots) <= 2 and other_done
