"""Clean article JSON on disk: where each version goes, written atomically.

A version is written to a temporary file in its final directory and
renamed over its name: a reader (or a crash of the program) sees the whole
file or none.  Durable writes fsync the file before the rename and the
directory after it; the crawl's storage writes without them and fsyncs a
group of files at once (``atomic.fsync_paths``).  Temporary files start with ``.`` and end in
``.tmp``; a crash may leave one, which ``newsarchive verify --repair``
removes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from .atomic import atomic_text_file
from .catalog import ArticleVersion, Catalog
from .layout import ArchiveLayout
from .search import article_text, reindex_articles
from .versions.compare import content_hash

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: In the JSON name of a version extracted again from its archived page.
REEXTRACTED = "-reextracted-"
#: What a line of the runs' JSON Lines says of an archived article.
REFERENCE_FIELDS = ("id", "url", "headline", "published", "fetched_at", "capture")


def host_folder(host: str) -> str:
    """The folder name of a host: international names in their ASCII form
    (``xn--bcher-kva.example`` of ``bücher.example``), so that two hosts
    never share a folder; a name IDNA cannot encode keeps what is safe of it
    and a hash of the whole."""
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return _UNSAFE_IN_NAME.sub("_", host) + "-" + hashlib.sha256(host.encode()).hexdigest()[:12]
    return _UNSAFE_IN_NAME.sub("_", ascii_host)


def site_of(article: dict) -> str:
    """The folder of the host the article belongs to (of its canonical URL, else its URL)."""
    return host_folder(urlsplit(article.get("canonical_url") or article["url"]).hostname or "unknown-host")


def article_date(article: dict) -> str:
    """``YYYY-MM-DD`` of publication as the page states it, else of the fetch."""
    for value in (article.get("published"), article.get("fetched_at")):
        match = _ISO_DATE.match(value or "")
        if match:
            return "-".join(match.groups())
    raise ValueError(f"article {article.get('url')} has neither a published nor a fetched_at date")


def fetch_timestamp(article: dict) -> str:
    """The fetch time as 14 digits (UTC as fetched_at states it)."""
    return datetime.fromisoformat(article["fetched_at"]).strftime("%Y%m%d%H%M%S")


def relative_json_path(article: dict, suffix: str = "") -> Path:
    """Where a version goes; ``suffix`` tells apart versions of the same
    fetch (a re-extraction's)."""
    year, month, day = article_date(article).split("-")
    name = _UNSAFE_IN_NAME.sub("_", article["id"]) + f"-{fetch_timestamp(article)}{suffix}.json"
    return Path("articles", site_of(article), year, month, day, name)


def reextraction_suffix(timestamp: str) -> str:
    """What the JSON name of a version re-extracted at ``timestamp`` adds to the fetched one's."""
    return f"{REEXTRACTED}{timestamp}"


def is_reextraction(json_path: str) -> bool:
    return REEXTRACTED in json_path.rpartition("/")[2]


def fetch_order(article: dict) -> tuple[str, str]:
    """Where a version goes among its article's versions: by fetch time; a
    re-extraction (the fetch time of the page it read) after the version
    fetched then, by when it was made."""
    version = article.get("version")
    reextraction = version.get("reextraction") if isinstance(version, dict) else None
    made = reextraction.get("timestamp") if isinstance(reextraction, dict) else None
    return str(article.get("fetched_at") or ""), str(made or "")


def article_reference(article: dict) -> dict:
    """The line of the runs' JSON Lines of an archived article (``REFERENCE_FIELDS``)."""
    return {name: article.get(name) for name in REFERENCE_FIELDS}


def article_version(article: dict, json_path: Path) -> ArticleVersion:
    """The catalogue row of an article version stored at ``json_path`` (relative)."""
    capture = article.get("capture") or {}
    return ArticleVersion(
        article_id=article["id"], url=article["url"], site=site_of(article), date=article_date(article),
        headline=article.get("headline"), published=article.get("published"),
        fetched_at=article.get("fetched_at"), content_hash=content_hash(article),
        json_path=json_path.as_posix(), capture_record_id=capture.get("record_id"), text=article_text(article))


def rebuild_search_index(layout: ArchiveLayout, catalog: Catalog) -> tuple[int, list[str]]:
    """The article list and search index made anew from the JSON of each
    article's latest version; how many were indexed, and the JSON files
    that could not be read (left out, each logged with its reason)."""
    unreadable: list[str] = []

    def latest() -> Iterator[tuple[str, str, dict]]:
        for row in catalog.latest_versions():
            try:
                article = json.loads((layout.root / row["json_path"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("not indexed: %s: %s", row["json_path"], getattr(exc, "strerror", None) or exc)
                unreadable.append(row["json_path"])
                continue
            yield row["article_id"], row["json_path"], article

    return reindex_articles(catalog.conn, latest()), unreadable


def write_json_atomic(path: Path, data: dict, durable: bool = True) -> None:
    with atomic_text_file(path, durable=durable) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
