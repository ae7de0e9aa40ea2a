#!/usr/bin/env python3
"""Crawl speed on one machine: newsarchive against bare Scrapy and against
what a user builds instead (Scrapy + trafilatura in the callback, a JSON
Lines feed), same pages, same settings, same run.

    python benchmarks/crawl.py ../shared/corpus ../shared/corpus-web   # a few minutes
    python benchmarks/crawl.py ../shared/corpus --pages 2000 --repeat 3
    python benchmarks/crawl.py ../shared/corpus --memory-run 20000     # memory over a long crawl

Each FOLDER holds real pages (``cases.jsonl`` naming them, as the
extraction corpora do, else every ``*.html`` and ``*.html.gz`` in it);
without one, the demo site's articles are served.  A loopback server (a
process of its own) serves ``--pages`` URLs round-robin over them: the
first pass on 127.0.0.1, the next on 127.0.0.2 and so on, so each URL is a
page of its own (its canonical link and ``og:url`` are taken out, and
links to other hosts made root-relative, so that the page, its id and its
pictures belong to the URL served).  Any other path is a picture: bytes
generated once (10 to 150 kB, as incompressible as a JPEG).  Pages are
sent as they are (``--gzip``: gzip-encoded, as most sites send them).

Every contender crawls the same URLs with the same settings (16 requests at
once, robots.txt and AutoThrottle off), in a process of its own, the
contenders alternating ``--repeat`` times:

  scrapy                 bare Scrapy, fetch only (the anchor of the floor)
  trafilatura            Scrapy + trafilatura's ``bare_extraction`` in the callback, JSON Lines feed
  newsarchive            ``scrapy crawl article``, archive on, pictures off
  newsarchive+pictures   the same, pictures on (``ARCHIVE_IMAGES``)

and prints, per contender, the medians of pages/s (from the spider's
opening to its closing), CPU ms per page (the crawl's processes, its
process pool included, startup left out), peak RSS (the sum over the
crawl's processes, sampled every 0.1 s), requests per page, and the ratio
of pages/s to Scrapy + trafilatura in the same run.  ``--memory-run N``
then crawls N pages with newsarchive (pictures off) and prints RSS every
``N/10`` pages served: flat means no leak.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve()
PROJECT = HERE.parent.parent
CONTENDERS = ("scrapy", "trafilatura", "newsarchive", "newsarchive+pictures")
ANCHOR = "trafilatura"
#: The settings every contender crawls with.
COMMON_SETTINGS = {
    "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_ENABLED": False, "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
    "USER_AGENT": "crawl-benchmark (benchmark@newsarchive.invalid)",
}
PICTURE_SIZES = range(10_000, 150_001, 10_000)
PAGE_PATH = re.compile(r"/bench-page/(\d+)\.html")

# -- the pages ----------------------------------------------------------------------

_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>"
                        rb"|<meta\b[^>]*\bproperty\s*=\s*[\"']?og:url\b[^>]*>", re.I)
_OTHER_HOST = re.compile(rb"(?:https?:)?//([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=[/\"'\s?#:)])", re.I)


def served_page(html: bytes) -> bytes:
    """The page as the server sends it: its own URL is its canonical one,
    and what it links on other hosts is on the server (root-relative)."""
    html = _CANONICAL.sub(b"", html).replace(b"\\/", b"/")  # JSON's escaped slashes too
    return _OTHER_HOST.sub(rb"/x/\1", html).replace(b"{{site}}", b"")


def page_files(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        cases = folder / "cases.jsonl"
        if cases.is_file():
            lines = cases.read_text(encoding="utf-8").split("\n")
            files += [folder / json.loads(line)["file"] for line in lines if line.strip()]
        else:
            files += sorted(p for p in folder.rglob("*") if p.name.endswith((".html", ".html.gz")))
    return files


def load_pages(folders: list[Path]) -> list[bytes]:
    if not folders:
        folders = [PROJECT / "newsarchive" / "demo" / "site"]
    pages = []
    for path in page_files(folders):
        data = path.read_bytes()
        pages.append(served_page(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data))
    return pages


def page_urls(count: int, distinct: int, port: int) -> list[str]:
    """``count`` URLs round-robin over ``distinct`` pages, one loopback address a pass."""
    return [f"http://127.0.0.{i // distinct + 1}:{port}/bench-page/{i % distinct}.html" for i in range(count)]


# -- the loopback server -------------------------------------------------------------

class Site:
    def __init__(self, pages: list[bytes], use_gzip: bool):
        self.pages = [(page, gzip.compress(page, 6) if use_gzip else None) for page in pages]
        seed = hashlib.sha256(b"pictures").digest()
        self.pictures = [b"\xff\xd8\xff\xe0" + (seed * (size // 32 + 1))[:size] for size in PICTURE_SIZES]
        # incompressible: every picture different from the next, as JPEG data is
        self.pictures = [p[:4] + os.urandom(len(p) - 4) for p in self.pictures]

    def respond(self, path: str, accepts_gzip: bool) -> tuple[bytes, list[str]]:
        if page_number := PAGE_PATH.fullmatch(path):
            page, compressed = self.pages[int(page_number[1]) % len(self.pages)]
            if compressed is not None and accepts_gzip:
                return compressed, ["Content-Type: text/html; charset=utf-8", "Content-Encoding: gzip"]
            return page, ["Content-Type: text/html; charset=utf-8"]
        index = int.from_bytes(hashlib.md5(path.encode()).digest()[:4], "big") % len(self.pictures)
        return self.pictures[index], ["Content-Type: image/jpeg"]


async def handle(site: Site, counter, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            line, *headers = head.decode("latin-1").split("\r\n")
            path = line.split(" ")[1]
            accepts_gzip = any(h.lower().startswith("accept-encoding:") and "gzip" in h.lower() for h in headers)
            body, fields = site.respond(path, accepts_gzip)
            if PAGE_PATH.fullmatch(path):
                with counter.get_lock():
                    counter.value += 1
            writer.write("\r\n".join(["HTTP/1.1 200 OK", f"Content-Length: {len(body)}", *fields, "", ""])
                         .encode() + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def serve(pages: list[bytes], use_gzip: bool, hosts: list[str], port: int, counter, ready) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    site = Site(pages, use_gzip)

    async def main():
        server = await asyncio.start_server(lambda r, w: handle(site, counter, r, w), hosts, port)
        ready.set()
        async with server:
            await server.serve_forever()
    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- measuring a crawl process -------------------------------------------------------

def tree_rss(pid: int) -> dict[int, int]:
    """Resident memory of ``pid`` and of each of its descendants (bytes)."""
    found, pending = {}, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                found[current] = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


@dataclass
class Result:
    contender: str
    pages: int
    seconds: float
    cpu_seconds: float
    crawl_process_cpu_seconds: float
    peak_rss: int
    requests: int
    items: int
    rss_samples: list[tuple[int, int]] = field(default_factory=list)
    #: At the peak: the pages served then, and each process's memory.
    peak_at: tuple[int, list[int]] = (0, [])

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds / self.pages * 1000


def run_contender(contender: str, urls_file: Path, workdir: Path, pages: int, counter=None,
                  sample_every: int = 0, extra: list[str] | None = None) -> Result:
    """Crawl in a child process; its speed, CPU and peak memory."""
    out = workdir / f"{contender}.json"
    command = [sys.executable, str(HERE), "--crawl", contender, "--urls", str(urls_file),
               "--workdir", str(workdir), *(extra or [])]
    log = workdir / f"{contender}.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(command, cwd=PROJECT, stdout=stderr, stderr=stderr)
    peak, samples, next_sample = 0, [], sample_every
    peak_at: tuple[int, list[int]] = (0, [])
    while True:
        try:
            waited, status, usage = os.wait4(process.pid, os.WNOHANG)
        except ChildProcessError:
            raise SystemExit(f"{contender}: the crawl process vanished")
        if waited:
            break
        processes = tree_rss(process.pid)
        rss = sum(processes.values())
        if rss > peak:
            peak, peak_at = rss, (counter.value if counter else 0, list(processes.values()))
        if sample_every and counter.value >= next_sample:
            samples.append((counter.value, rss))
            next_sample += sample_every
        time.sleep(0.1)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{contender}: the crawl failed (exit status {process.returncode}), "
                         f"its log:\n{log.read_text(errors='replace')[-3000:]}")
    report = json.loads(out.read_text())
    if report["pages"] != pages:
        raise SystemExit(f"{contender}: {report['pages']} pages fetched of {pages}, its log: {log}")
    errors = log.read_text(errors="replace").count("] ERROR: ")
    if errors:
        print(f"  {contender}: {errors} errors in its log", flush=True)
    cpu = usage.ru_utime + usage.ru_stime - report["cpu_at_open"]
    return Result(contender, pages, report["seconds"], cpu, report["own_cpu"], peak, report["requests"],
                  report["items"], samples, peak_at)


# -- the crawls (in the child process) ----------------------------------------------

class LoopbackOnly:
    """A downloader middleware: a request for anything but the loopback
    server (a URL the page rewriting missed) fails at once, unsent."""

    def process_request(self, request):
        from scrapy.exceptions import IgnoreRequest
        if not urlsplit(request.url).hostname.startswith("127."):
            raise IgnoreRequest(f"not on loopback: {request.url}")


def crawl(contender: str, urls_file: Path, workdir: Path, extra_settings: list[str]) -> None:
    import resource

    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.http.request import NO_CALLBACK
    from scrapy.settings import Settings

    urls = urls_file.read_text().split()
    times: dict[str, float] = {}

    class FetchOnly(scrapy.Spider):
        name = "fetch_only"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, callback=self.parse)

        def parse(self, response):
            return None

    class Trafilatura(FetchOnly):
        name = "trafilatura"

        def parse(self, response):
            from trafilatura import bare_extraction
            document = bare_extraction(response.body, url=response.url, with_metadata=True)
            if document is not None:
                yield {k: v for k, v in document.as_dict().items() if isinstance(v, (str, list, type(None)))}

    if contender.startswith("newsarchive"):
        os.environ["SCRAPY_SETTINGS_MODULE"] = "newsarchive.settings"
        from scrapy.utils.project import get_project_settings
        settings = get_project_settings()
        settings.set("ARCHIVE_DIR", str(workdir / "archive"), priority="cmdline")
        settings.set("ARCHIVE_IMAGES", contender.endswith("+pictures"), priority="cmdline")
        spider, kwargs = "article", {"urls_file": str(urls_file)}
    else:
        settings = Settings()
        if contender == "trafilatura":
            import logging
            logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
            settings.set("FEEDS", {str(workdir / "trafilatura.jsonl"): {"format": "jsonlines"}})
        spider, kwargs = (Trafilatura if contender == "trafilatura" else FetchOnly), {}
    for name, value in COMMON_SETTINGS.items():
        settings.set(name, value, priority="cmdline")
    settings.set("DOWNLOADER_MIDDLEWARES", {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                            "__main__.LoopbackOnly": 1}, priority="cmdline")
    for assignment in extra_settings:
        name, _, value = assignment.partition("=")
        settings.set(name, value, priority="cmdline")

    def own_cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        return own.ru_utime + own.ru_stime

    def cpu_now() -> float:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(spider)
    pages = 0

    def response_received(response, request):
        nonlocal pages
        # a picture may be the page itself (<img src="">): the spider's requests only
        pages += request.callback is not NO_CALLBACK and bool(PAGE_PATH.fullmatch(urlsplit(request.url).path))

    def opened():
        times.update(opened=time.monotonic(), cpu_at_open=cpu_now(), own_cpu_at_open=own_cpu())

    def closed():
        times.update(closed=time.monotonic())

    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    crawler.signals.connect(response_received, signal=signals.response_received)
    process.crawl(crawler, **kwargs)
    process.start()
    stats = crawler.stats.get_stats()
    report = {"pages": pages, "requests": stats.get("downloader/response_count", 0),
              "items": stats.get("item_scraped_count", 0),
              "seconds": times["closed"] - times["opened"], "cpu_at_open": times["cpu_at_open"],
              "own_cpu": own_cpu() - times["own_cpu_at_open"]}
    (workdir / f"{contender}.json").write_text(json.dumps(report))


# -- the report ------------------------------------------------------------------------

def summary(results: dict[str, list[Result]]) -> str:
    anchor = statistics.median(r.pages_per_second for r in results[ANCHOR]) if ANCHOR in results else None
    lines = [f"{'':<22} {'pages/s':>8} {'ratio':>7} {'CPU ms/page':>12} {'(crawl process)':>15} "
             f"{'peak RSS':>9} {'requests/page':>14} {'items':>6}"]
    for contender, runs in results.items():
        rate = statistics.median(r.pages_per_second for r in runs)
        ratio = f"{rate / anchor:.2f}x" if anchor else "-"
        lines.append(f"{contender:<22} {rate:>8.1f} {ratio:>7} "
                     f"{statistics.median(r.cpu_ms_per_page for r in runs):>12.1f} "
                     f"{statistics.median(r.crawl_process_cpu_seconds / r.pages * 1000 for r in runs):>15.1f} "
                     f"{statistics.median(r.peak_rss for r in runs) / 2**20:>6.0f} MB "
                     f"{statistics.median(r.requests / r.pages for r in runs):>14.1f} "
                     f"{statistics.median(r.items for r in runs):>6.0f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", type=Path, nargs="*", help="folders of real pages (default: the demo site's)")
    ap.add_argument("--pages", type=int, default=1000, help="pages each crawl fetches (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each contender, alternating (default 3)")
    ap.add_argument("--only", action="append", choices=CONTENDERS, help="run only these contenders")
    ap.add_argument("--gzip", action="store_true", help="serve pages gzip-encoded")
    ap.add_argument("--memory-run", type=int, metavar="N", help="then crawl N pages with newsarchive, "
                    "printing its memory every N/10 pages")
    ap.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="a Scrapy setting for every crawl")
    ap.add_argument("--keep", type=Path, help="keep the crawls' output (archives, feeds) in this folder")
    ap.add_argument("--crawl", choices=CONTENDERS, help=argparse.SUPPRESS)
    ap.add_argument("--urls", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.crawl:
        crawl(args.crawl, args.urls, args.workdir, args.settings)
        return 0
    missing = [str(f) for f in args.folders if not f.is_dir()]
    if missing:
        ap.error(f"not a folder: {', '.join(missing)}")
    pages = load_pages(args.folders)
    if not pages:
        ap.error("no pages found in " + ", ".join(map(str, args.folders)))
    longest = max(args.pages, args.memory_run or 0)
    hosts = [f"127.0.0.{i + 1}" for i in range((longest - 1) // len(pages) + 1)]
    if len(hosts) > 254:
        ap.error("too many pages for the distinct pages given: at most 254 passes")
    port, counter, ready = free_port(), multiprocessing.Value("q", 0), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(pages, args.gzip, hosts, port, counter, ready),
                                     daemon=True)
    server.start()
    if not ready.wait(60):
        ap.error("the loopback server did not start")
    workdir = Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    try:
        print(f"{len(pages)} distinct pages, {args.pages} pages a crawl"
              f"{', gzip-encoded' if args.gzip else ''}; {os.cpu_count()} cores", flush=True)
        urls_file = workdir / "urls.txt"
        urls_file.write_text("\n".join(page_urls(args.pages, len(pages), port)))
        results: dict[str, list[Result]] = {c: [] for c in (args.only or CONTENDERS)}
        for round_ in range(args.repeat):
            for contender in results:
                rundir = workdir / f"{contender}-{round_}"
                rundir.mkdir()
                result = run_contender(contender, urls_file, rundir, args.pages, extra=sum(
                    (["-s", s] for s in args.settings), []))
                results[contender].append(result)
                print(f"  run {round_ + 1} {contender}: {result.pages_per_second:.1f} pages/s, "
                      f"{result.cpu_ms_per_page:.1f} CPU ms/page, {result.peak_rss / 2**20:.0f} MB", flush=True)
                if args.keep:
                    shutil.copytree(rundir, args.keep / rundir.name, dirs_exist_ok=True)
                shutil.rmtree(rundir)
        if args.repeat:
            print(f"\nmedians of {args.repeat} runs; ratio: pages/s against Scrapy + trafilatura")
            print(summary(results))
        if args.memory_run:
            urls_file.write_text("\n".join(page_urls(args.memory_run, len(pages), port)))
            rundir = workdir / "memory"
            rundir.mkdir()
            counter.value = 0
            result = run_contender("newsarchive", urls_file, rundir, args.memory_run, counter,
                                   sample_every=max(args.memory_run // 10, 1),
                                   extra=sum((["-s", s] for s in args.settings), []))
            served, processes = result.peak_at
            print(f"\nmemory over {args.memory_run} pages (newsarchive, pictures off): "
                  f"{result.pages_per_second:.1f} pages/s, peak {result.peak_rss / 2**20:.0f} MB at {served} pages "
                  f"({' + '.join(f'{rss / 2**20:.0f}' for rss in processes)} MB: the crawl's process first)")
            for served, rss in result.rss_samples:
                print(f"  {served:>7} pages  {rss / 2**20:6.0f} MB")
    finally:
        server.terminate()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
