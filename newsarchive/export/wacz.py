"""One WACZ file (1.1.1) of the archive, for pywb (``wb-manager add
--unpack-wacz``), ReplayWeb.page and any tool of the format::

    archive/*.warc.gz          the WARC files (stored, not compressed again)
    indexes/index.cdx.gz       their CDXJ index, in gzip blocks (stored)
    indexes/index.idx          where each block starts (cdxj-gzip-1.0, by cdxj-indexer)
    pages/pages.jsonl          one line an article: url, ts (RFC 3339), title, text
    datapackage.json           every file's path, sha256 and size
    datapackage-digest.json    the sha256 of datapackage.json

Without a selection the closed WARC files go in whole.  With one (a site,
a time), each goes in with only the records of the selected articles'
pages (responses, revisits and what they revisit, requests) and of what
was fetched for them (the pictures, whose requests name the page as
Referer), each record copied byte for byte, after the file's warcinfo.
The file is written whole or not at all.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer
from warcio.archiveiterator import ArchiveIterator

from .. import __version__
from ..archive.atomic import atomic_text_file
from ..archive.layout import ArchiveLayout
from ..archive.warc.index import closed_warc_files

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages", "hasText": True}


@dataclass(frozen=True)
class WarcRecordSpan:
    """Where a record lies in its WARC file, and what links it to others."""

    offset: int
    length: int
    rec_type: str
    url: str | None
    record_id: str | None
    date: str
    concurrent_to: str | None
    refers_to: str | None
    referer: str | None


def record_spans(path: Path) -> list[WarcRecordSpan]:
    spans = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            headers = record.rec_headers
            http = record.http_headers if record.rec_type == "request" else None
            record.content_stream().read()
            spans.append(WarcRecordSpan(
                offset=records.get_record_offset(), length=records.get_record_length(), rec_type=record.rec_type,
                url=headers.get_header("WARC-Target-URI"), record_id=headers.get_header("WARC-Record-ID"),
                date=headers.get_header("WARC-Date") or "", concurrent_to=headers.get_header("WARC-Concurrent-To"),
                refers_to=headers.get_header("WARC-Refers-To"), referer=http.get_header("Referer") if http else None))
    return spans


def selected_spans(spans: list[WarcRecordSpan], pages: set[str], since: str | None) -> list[WarcRecordSpan]:
    """The records of ``pages`` and of what was fetched for them (since a
    WARC-Date, if given), their requests, what they revisit, the warcinfo."""
    requests = {s.concurrent_to: s for s in spans if s.rec_type == "request"}
    wanted = {s.record_id for s in spans if s.rec_type in ("response", "revisit")
              and (s.url in pages or (requests.get(s.record_id) and requests[s.record_id].referer in pages))
              and (since is None or s.date >= since)}
    wanted |= {s.refers_to for s in spans if s.record_id in wanted and s.refers_to}
    return [s for s in spans if s.rec_type == "warcinfo" or s.record_id in wanted or s.concurrent_to in wanted]


def copy_records(source: Path, spans: list[WarcRecordSpan], target: Path) -> None:
    with source.open("rb") as stream, target.open("wb") as out:
        for span in spans:
            stream.seek(span.offset)
            out.write(stream.read(span.length))


def page_line(article: dict) -> dict:
    capture = article.get("capture") or {}
    date = capture.get("warc_date") or article.get("fetched_at") or ""
    ts = datetime.fromisoformat(date.replace("Z", "+00:00")).astimezone(timezone.utc)
    return {"id": article.get("id"), "url": article["url"], "ts": ts.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "title": article.get("headline") or "", "text": article.get("body") or ""}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def write_wacz(layout: ArchiveLayout, articles: list[dict], out: Path, selection: bool, since: str | None) -> int:
    """Write the WACZ of ``articles`` (their captures, or the whole archive
    without a ``selection``) to ``out``; the number of captures indexed."""
    folder = Path(tempfile.mkdtemp(prefix="newsarchive-wacz-"))
    try:
        (folder / "archive").mkdir()
        (folder / "indexes").mkdir()
        (folder / "pages").mkdir()
        pages = {a["url"] for a in articles}
        for name in closed_warc_files(layout):
            source = layout.warc_dir / name
            if not selection:
                shutil.copyfile(source, folder / "archive" / name)
                continue
            spans = selected_spans(record_spans(source), pages, since)
            if any(s.rec_type != "warcinfo" for s in spans):
                copy_records(source, spans, folder / "archive" / name)
        warcs = sorted(str(p) for p in (folder / "archive").iterdir())
        index_text = io.StringIO()
        with (folder / "indexes" / "index.cdx.gz").open("wb") as data:
            CDXJIndexer(output=index_text, inputs=warcs, sort=True, compress=data, data_out_name="index.cdx.gz",
                        post_append=True, fields="referrer").process_all()
        (folder / "indexes" / "index.idx").write_text(index_text.getvalue(), encoding="utf-8")
        with (folder / "pages" / "pages.jsonl").open("w", encoding="utf-8") as handle:
            for line in [PAGES_HEADER, *map(page_line, articles)]:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        now = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        package = {"profile": "data-package", "wacz_version": WACZ_VERSION, "title": f"newsarchive: {layout.root.name}",
                   "software": f"newsarchive {__version__}", "created": now, "modified": now,
                   "resources": [{"name": p.name, "path": p.relative_to(folder).as_posix(), "hash": sha256_of(p),
                                  "bytes": p.stat().st_size} for p in files]}
        if articles:
            package["mainPageUrl"], package["mainPageDate"] = articles[0]["url"], page_line(articles[0])["ts"]
        package_bytes = json.dumps(package, indent=2).encode()
        digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest()}
        with atomic_text_file(out, binary=True) as handle, zipfile.ZipFile(handle, "w") as wacz:
            for path in files:
                stored = path.parent.name == "archive" or path.name.endswith(".gz")
                wacz.write(path, path.relative_to(folder).as_posix(),
                           compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            wacz.writestr("datapackage.json", package_bytes, compress_type=zipfile.ZIP_DEFLATED)
            wacz.writestr("datapackage-digest.json", json.dumps(digest), compress_type=zipfile.ZIP_DEFLATED)
        with gzip.open(folder / "indexes" / "index.cdx.gz", "rt", encoding="utf-8") as index:
            return sum(1 for _ in index)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
