"""pywb, the replay engine of ``newsarchive serve``, started and stopped with it.

pywb lives in a virtualenv of its own, as it pins old dependencies:
``newsarchive install-replay`` makes one (``install_pywb``) in the user's
data folder, or where it is told (the Makefile: ``.venv-pywb`` of the
checkout).  It serves one collection,
``archive``, straight from the archive's CDXJ index and WARC files (read
where they are, never copied), on a port of its own: archived pages run on
that origin, not the UI's.  Its replay answers carry a Content-Security-Policy
that lets a page load nothing but from pywb itself (no live web, no
WebSocket), and the UI shows them in a sandboxed iframe.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..archive.layout import ArchiveLayout

log = logging.getLogger(__name__)

COLLECTION = "archive"
#: What an archived page may load: only what pywb serves (its own origin),
#: inline and data: resources; no WebSocket, no form sent anywhere else.
REPLAY_CSP = "default-src 'unsafe-eval' 'unsafe-inline' 'self' data: blob:; form-action 'self'"
STARTUP_SECONDS = 60


#: The pywb that ``install_pywb`` installs, and the tests replay with.
PYWB_REQUIREMENT = "pywb==2.10.0"


def user_pywb_dir() -> Path:
    """Where ``newsarchive install-replay`` puts pywb by default:
    ``$XDG_DATA_HOME/newsarchive/pywb`` (``~/.local/share/...``)."""
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "newsarchive" / "pywb"


def default_wayback() -> Path | None:
    """pywb's ``wayback`` command: in ``.venv-pywb`` beside the virtualenv
    running newsarchive (a checkout's ``.venv``), else in the user's data
    folder (``newsarchive install-replay``), else on the PATH."""
    for folder in (Path(sys.executable).parent.parent.parent / ".venv-pywb", user_pywb_dir()):
        if (folder / "bin" / "wayback").is_file():
            return folder / "bin" / "wayback"
    found = shutil.which("wayback")
    return Path(found) if found else None


def install_pywb(folder: Path) -> Path:
    """A virtualenv in ``folder`` with pywb (``PYWB_REQUIREMENT``) in it;
    its ``wayback`` command.  ``PywbError`` says why it could not be made."""
    for step in ([sys.executable, "-m", "venv", str(folder)],
                 [str(folder / "bin" / "pip"), "install", "--quiet", "--upgrade", "pip"],
                 [str(folder / "bin" / "pip"), "install", "--quiet", PYWB_REQUIREMENT]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise PywbError(f"{' '.join(step[:3])} failed: {(done.stderr or done.stdout).strip()[-2000:]}")
    return folder / "bin" / "wayback"


def config_yaml(layout: ArchiveLayout) -> str:
    """pywb's configuration: the one collection, read in place."""
    root = layout.root.resolve()
    return "\n".join([
        "collections:",
        f"  {COLLECTION}:",
        f"    index: {(root / layout.index_path.relative_to(layout.root)).as_posix()!r}",
        f"    archive_paths: {(root / layout.warc_dir.name).as_posix() + '/'!r}",
        f"csp-header: {REPLAY_CSP!r}",
        "enable_memento: false",
        "",
    ])


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class PywbError(Exception):
    """pywb could not be started; the message says why."""


@dataclass
class Pywb:
    """A running pywb: its process, port and working folder."""

    process: subprocess.Popen
    port: int
    folder: Path

    def replay_path(self, timestamp: str, url: str) -> str:
        """The path of a capture's replay: the page alone (``mp_``), for a frame."""
        return f"/{COLLECTION}/{timestamp}mp_/{url}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_pywb(wayback: Path, layout: ArchiveLayout, host: str) -> Pywb:
    """Start pywb on a free port of ``host`` and wait until it answers."""
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-pywb-"))
    (folder / "config.yaml").write_text(config_yaml(layout), encoding="utf-8")
    port = free_port(host)
    output = (folder / "pywb.log").open("wb")
    try:
        process = subprocess.Popen([str(wayback), "--port", str(port), "--bind", host], cwd=folder,
                                   stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise PywbError(f"cannot run {wayback}: {exc.strerror or exc}") from None
    finally:
        output.close()
    pywb = Pywb(process, port, folder)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (folder / "pywb.log").read_text(errors="replace")[-2000:]
            pywb.stop()
            raise PywbError(f"pywb stopped at start (exit status {process.returncode}): {tail.strip()}")
        try:
            urllib.request.urlopen(f"http://{_connect_host(host)}:{port}/{COLLECTION}/", timeout=2).close()
            return pywb
        except OSError:
            time.sleep(0.2)
    pywb.stop()
    raise PywbError(f"pywb did not answer on port {port} within {STARTUP_SECONDS} s")


def _connect_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    return "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
