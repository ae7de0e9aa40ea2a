"""Shared runs for the tests and the benchmark: a ``redis-server`` on a free
loopback port, and ``newsarchive run --redis`` / ``newsarchive worker``
processes against a loopback site (``archive_site``)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
NEWSARCHIVE = Path(sys.executable).with_name("newsarchive")
#: Quick crawls of a loopback site; workers that notice a dead one within 2 s.
FAST = ("AUTOTHROTTLE_ENABLED=0", "TELNETCONSOLE_ENABLED=0", "WORKER_HEARTBEAT=0.2", "WORKER_TIMEOUT=2",
        "PROGRESS_INTERVAL=0")


def redis_server_path() -> str | None:
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).is_file()), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_server(executable: str) -> Iterator[str]:
    """A Redis server of its own on loopback, nothing saved to disk; its URL."""
    port = free_port()
    process = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--protected-mode", "yes"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def write_sites_file(folder: Path, origins: list[str]) -> Path:
    """One site per origin, from its home page to its ``/news/N.html`` articles."""
    path = folder / "sites.toml"
    path.write_text("".join(f"""[[site]]
name = "loop{number}"
start_urls = ["{origin}/"]
article_urls = ['/news/\\d+\\.html$']
max_depth = 1
""" for number, origin in enumerate(origins)), encoding="utf-8")
    return path


def settings_args(*settings: str) -> list[str]:
    return [arg for setting in (*FAST, *settings) for arg in ("-s", setting)]


def logged(command: list[str], log: Path) -> subprocess.Popen:
    """``command`` started, its output going to ``log`` (a pipe nobody reads
    at once would fill up and stop it)."""
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(command, cwd=PROJECT, stdout=output, stderr=subprocess.STDOUT)
    process.log = log  # type: ignore[attr-defined]
    return process


def coordinator(sites: Path, archive: Path, redis_url: str, *settings: str) -> subprocess.Popen:
    """``newsarchive run --redis``: seeds the run, waits for it, merges, reports."""
    return logged([str(NEWSARCHIVE), "run", "--redis", redis_url, "--sites", str(sites),
                   *settings_args(f"ARCHIVE_DIR={archive}", *settings)], sites.parent / f"run-{archive.name}.log")


def worker(sites: Path, archive: Path, redis_url: str, name: str, *settings: str, stay: bool = False) -> subprocess.Popen:
    """``newsarchive worker NAME`` (``--stay``), its User-Agent naming it (the loopback site records it)."""
    return logged([str(NEWSARCHIVE), "worker", "--redis", redis_url, "--sites", str(sites),
                   "--archive-dir", str(archive), "--name", name, *(["--stay"] if stay else []),
                   *settings_args(f"USER_AGENT={name} (test@example.org)", *settings)],
                  sites.parent / f"worker-{name}-{archive.name}.log")


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    """Its exit status and log, once it ended."""
    process.wait(timeout=timeout)
    return process.returncode, process.log.read_text(encoding="utf-8")  # type: ignore[attr-defined]
