"""Runs of ``newsarchive run`` against the demo site, for the tests of
incremental runs, versions, history and the run lock.

Each run is a subprocess (Twisted's reactor cannot be restarted in the
test process); each test that edits articles serves its own demo site.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
NEWSARCHIVE = Path(sys.executable).with_name("newsarchive")
#: The demo article the tests edit, and one they leave alone.
EDITED = "/world/2024/07/01/port-reopens-after-dockworkers-strike.html"
UNTOUCHED = "/science/2024/06/30/swift-count-record.html"
#: Fast and quiet crawls of the local demo site.
FAST = ("AUTOTHROTTLE_ENABLED=0", "TELNETCONSOLE_ENABLED=0")


def write_sites_file(folder: Path, origin: str, extra: str = "") -> Path:
    """A sites file for the demo site served at ``origin``."""
    path = folder / "sites.toml"
    path.write_text(f"""[[site]]
name = "demo"
start_urls = ["{origin}/"]
feeds = ["{origin}/feed.xml"]
article_urls = ['/\\d{{4}}/\\d\\d/\\d\\d/[\\w-]+\\.html$']
max_depth = 1
{extra}""", encoding="utf-8")
    return path


def run_command(sites: Path, archive: Path, *settings: str) -> list[str]:
    command = [str(NEWSARCHIVE), "run", "--sites", str(sites), "-s", f"ARCHIVE_DIR={archive}"]
    for setting in (*FAST, *settings):
        command += ["-s", setting]
    return command


def run(sites: Path, archive: Path, *settings: str, expect: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run(run_command(sites, archive, *settings), cwd=PROJECT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == expect, result.stderr[-3000:]
    return result


def later(minutes: float) -> str:
    """``REVISIT_NOW=…`` that many minutes from now: revisits come due without waiting."""
    return "REVISIT_NOW=" + (datetime.now(timezone.utc) + timedelta(minutes=minutes)).isoformat()


def run_reports(archive: Path) -> list[dict]:
    """The run reports of the archive, oldest first."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((archive / "runs").glob("run-*.json"))]
