"""Serving the archive: pywb for replay, then the UI (uvicorn), on loopback
by default, until Ctrl-C; pywb is stopped with the UI, however it stops."""
from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import uvicorn

from ..archive.layout import ArchiveLayout
from ..archive.storage import archive_catalog
from .app import Archive, build_app
from .pywb import PywbError, start_pywb

log = logging.getLogger(__name__)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` (port 0: a free one), so that
    the port is known before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    return sock


def unindexed_articles(layout: ArchiveLayout) -> int:
    """Articles of the catalogue missing from its list and search index (a
    catalogue migrated from an older newsarchive), after bringing the
    catalogue up to date and checking it whole, once, before serving it."""
    with archive_catalog(layout, whole=True) as catalog:
        return catalog.conn.execute(
            "SELECT (SELECT count(DISTINCT article_id) FROM articles) - (SELECT count(*) FROM article_latest)"
        ).fetchone()[0]


def serve(layout: ArchiveLayout, host: str, port: int, wayback: Path | None,
          started: Callable[[str, Archive], None]) -> None:
    """Serve the archive until interrupted; ``started(url, archive)`` once it
    listens.  ``OSError`` when the port cannot be had."""
    sock = listening_socket(host, port)
    # uvicorn re-raises the SIGTERM it handled once it has stopped: exit then, stopping pywb too
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    archive = Archive(layout)
    pywb = None
    if wayback is None:
        archive.replay_note = "pywb is not installed (newsarchive install-replay installs it; or give --pywb)"
    else:
        try:
            pywb = start_pywb(wayback, layout, host)
            archive.replay_port = pywb.port
        except PywbError as exc:
            archive.replay_note = str(exc)
    if archive.replay_note:
        log.warning("replay is off: %s", archive.replay_note)
    try:
        server = uvicorn.Server(uvicorn.Config(build_app(archive), log_level="warning", lifespan="off"))
        shown_host = f"[{host}]" if ":" in host else host
        started(f"http://{shown_host}:{sock.getsockname()[1]}/", archive)
        server.run(sockets=[sock])
    finally:
        sock.close()
        if pywb is not None:
            pywb.stop()
