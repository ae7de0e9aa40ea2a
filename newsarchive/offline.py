"""Extracting saved pages and archived pages, offline: the same steps as a
crawl (``extraction.extract_article``), over files, a manifest of cases,
the HTML pages of WARC files, or the articles of an archive again
(``reextract_archive``, after the extractor improved).

Each page gives a JSON-ready dict: the article, or ``{"error": reason}``
when the page cannot be read, is not a page or not an article; a failing
page never stops a batch.
"""
from __future__ import annotations

import gzip
import io
import json
import logging
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO, TextIO

from tqdm import tqdm
from warcio.exceptions import ArchiveLoadFailed

from . import __version__, settings
from .archive.storage import ArchiveStorage
from .archive.versions.compare import changed_fields
from .archive.warc.pages import archived_pages, read_response
from .extraction import NotAnArticle, PageError, extract_article
from .extraction.urls import http_url_error
from .sites import Site, selectors_for
from .utils.timeutils import utc_now, utc_seconds

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"


def read_page_file(path: Path, max_size: int = settings.DOWNLOAD_MAXSIZE) -> bytes:
    """The bytes of a saved page, gzip'd files (``.html.gz``) decompressed;
    ``PageError`` for one larger than ``max_size`` (a crawl's
    ``DOWNLOAD_MAXSIZE``), read no further than that."""
    with path.open("rb") as handle:
        return page_bytes(handle, max_size)


def page_bytes(stream: BinaryIO, max_size: int = settings.DOWNLOAD_MAXSIZE) -> bytes:
    """The bytes of a page read from ``stream``, decompressed when gzip'd;
    ``PageError`` for one larger than ``max_size``, read no further."""
    data = stream.read(max_size + 1)
    if data[:2] == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(max_size + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise PageError(f"broken gzip file: {exc}") from None
    if len(data) > max_size:
        raise PageError(f"larger than {max_size / 2**20:.0f} MB (DOWNLOAD_MAXSIZE), not read")
    return data


def extract_file(path: Path, url: str, selectors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The article of a saved page as a JSON-ready dict, or ``{"error":
    reason}`` when the file cannot be read, is not a page or not an article."""
    try:
        data = read_page_file(path)
    except OSError as exc:
        return {"error": f"cannot read {path}: {exc.strerror or exc}"}
    except PageError as exc:
        return {"error": str(exc)}
    return extract_data(data, url, label=str(path), selectors=selectors)


def extract_data(data: bytes, url: str, label: str, fetched_at: str | None = None,
                 content_type: str | None = None, selectors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The article of page bytes as a JSON-ready dict, or ``{"error": reason}``;
    ``selectors`` are the page's site's (``sites.selectors_for``)."""
    try:
        return extract_article(data, url, selectors=selectors, fetched_at=fetched_at,
                               content_type=content_type).to_dict()
    except PageError as exc:
        return {"error": str(exc)}
    except NotAnArticle as exc:
        return {"error": f"not an article: {exc}"}
    except Exception as exc:  # a bug met on one page must not stop a batch
        log.debug("extracting %s failed", label, exc_info=True)
        return {"error": f"extraction failed: {type(exc).__name__}: {exc}"}


def extract_manifest(manifest: Path, out: TextIO, sites: Sequence[Site] = ()) -> int:
    """One JSON line per manifest line, in input order: the article with the
    case's ``id`` (the article's own id as ``article_id``), or the ``id`` and
    an ``error``; a failing case or a broken line does not stop the run."""
    started = time.perf_counter()
    cases = errors = 0
    try:
        lines = manifest.open(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        log.error("cannot read manifest %s: %s", manifest, exc.strerror or exc)
        return 1
    with lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            cases += 1
            record = extract_case(line, manifest.parent, sites)
            if "error" in record:
                errors += 1
                case = "" if record["id"] is None else f"case {record['id']}: "
                log.warning("%s:%d: %s%s", manifest, number, case, record["error"])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    log.info("%d cases, %d articles, %d errors in %.1f s",
             cases, cases - errors, errors, time.perf_counter() - started)
    return 0


def extract_warcs(paths: list[Path], out: TextIO, sites: Sequence[Site] = ()) -> int:
    """One JSON line per article archived in the WARC files, each with the
    ``capture`` it was extracted from; pages that are not articles are
    logged and skipped.  Exit status 1 when a file cannot be read."""
    failed = False
    for path in paths:
        articles = pages = 0
        try:
            with path.open("rb") as stream:
                for page in archived_pages(stream):
                    pages += 1
                    record = extract_data(page.body, page.url, label=page.url,
                                          fetched_at=utc_seconds(page.warc_date), content_type=page.content_type,
                                          selectors=selectors_for(sites, page.url))
                    if "error" in record:
                        log.info("skipped %s: %s", page.url, record["error"])
                        continue
                    record["capture"] = {"warc_file": path.name, "offset": page.offset,
                                         "record_id": page.record_id, "warc_date": page.warc_date}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    articles += 1
        except (OSError, ArchiveLoadFailed) as exc:
            log.error("cannot read %s: %s", path, getattr(exc, "strerror", None) or exc)
            failed = True
            continue
        log.info("%s: %d HTML pages, %d articles", path, pages, articles)
    return 1 if failed else 0


def extract_case(line: str, folder: Path, sites: Sequence[Site] = ()) -> dict[str, Any]:
    """The output record of one manifest line; ``file`` is relative to
    ``folder``, ``url`` (default: the file's URL) an http(s) URL; the page
    gets the selectors of the site of ``sites`` it is on."""
    try:
        case = json.loads(line)
    except ValueError as exc:
        return {"id": None, "error": f"bad manifest line, not JSON: {exc}"}
    if not isinstance(case, dict) or "id" not in case or not isinstance(case.get("file"), str):
        case_id = case.get("id") if isinstance(case, dict) else None
        return {"id": case_id, "error": 'bad manifest line, not a case {"id", "file", "url"}'}
    url = case.get("url")
    if url is not None and not isinstance(url, str):
        return {"id": case["id"], "error": f'bad manifest line: "url" is {type(url).__name__}, not a string'}
    if url and (error := http_url_error(url)):
        return {"id": case["id"], "error": f'bad manifest line: "url": {error}'}
    path = folder / case["file"]
    url = url or path.resolve().as_uri()
    record = extract_file(path, url, selectors_for(sites, url))
    if "error" in record:
        return {"id": case["id"], "error": record["error"]}
    record["article_id"], record["id"] = record["id"], case["id"]
    return record


#: The extractor a re-extraction names in the versions it makes.
EXTRACTOR = f"newsarchive {__version__}"


@dataclass
class Reextraction:
    """What re-extracting an archive did: articles looked at, new versions
    made, articles that could not be extracted again (URL: why), and for
    each field the number of articles whose field changed."""

    articles: int = 0
    new_versions: int = 0
    failed: list[str] = field(default_factory=list)
    fields: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        unchanged = self.articles - self.new_versions - len(self.failed)
        lines = [f"{self.articles} articles extracted again by {EXTRACTOR}: {self.new_versions} new versions, "
                 f"{unchanged} unchanged, {len(self.failed)} failed"]
        if self.fields:
            lines.append("changed: " + ", ".join(f"{name} in {n}" for name, n in self.fields.most_common()))
        return "\n".join(lines)


def reextract_article(storage: ArchiveStorage, before: dict) -> dict:
    """The article of ``before``'s capture, extracted again from the WARC
    file as archived; the fields a site's selectors gave (``sources``:
    ``selector``) are kept, as the sites file is not read here.  Raises
    ``PageError`` or ``NotAnArticle`` with the reason."""
    capture = storage.catalog.capture((before.get("capture") or {}).get("record_id") or "")
    if capture is None or capture.record_type != "response":
        raise PageError("its capture is not a response record in the catalogue")
    try:
        page = read_response(storage.layout.warc_dir / capture.warc_file, capture.offset)
    except (OSError, ArchiveLoadFailed) as exc:
        raise PageError(f"cannot read {capture.warc_file}: {getattr(exc, 'strerror', None) or exc}") from None
    article = extract_article(page.body, before["url"], fetched_at=before.get("fetched_at"),
                              content_type=page.content_type).to_dict()
    article["capture"] = before["capture"]
    for name, source in (before.get("sources") or {}).items():
        if source == "selector":
            article[name], article["sources"][name] = before.get(name), source
    return article


def reextract_archive(storage: ArchiveStorage, site: str | None = None, since: str | None = None) -> Reextraction:
    """Extract the latest version of each archived article (of one site,
    fetched since a time) again from its capture, without network; an
    article whose content changes gets a new version marked as a
    re-extraction.  Nothing is deleted."""
    report = Reextraction()
    timestamp = utc_now().strftime("%Y%m%d%H%M%S")
    rows = storage.catalog.latest_versions(site, since)
    for row in tqdm(rows, desc="re-extracting", unit=" articles", disable=None):
        report.articles += 1
        before = storage.read_version(row["json_path"])
        try:
            if before is None:
                raise PageError(f"cannot read {row['json_path']}")
            article = reextract_article(storage, before)
        except (PageError, NotAnArticle) as exc:
            report.failed.append(f"{row['url']}: {exc}")
            continue
        except Exception as exc:  # a bug met on one page must not stop the others
            log.debug("re-extracting %s failed", row["url"], exc_info=True)
            report.failed.append(f"{row['url']}: extraction failed: {type(exc).__name__}: {exc}")
            continue
        stored = storage.store_article(article, {"extractor": EXTRACTOR, "timestamp": timestamp})
        if stored.outcome == "version":
            report.new_versions += 1
            report.fields.update(changed_fields(before, article))
    return report
