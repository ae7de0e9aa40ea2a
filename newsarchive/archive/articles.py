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

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from .atomic import atomic_text_file
from .catalog import ArticleVersion
from .versions.compare import content_hash

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def site_of(article: dict) -> str:
    """The host the article belongs to (of its canonical URL, else its URL)."""
    host = urlsplit(article.get("canonical_url") or article["url"]).hostname or "unknown-host"
    return _UNSAFE_IN_NAME.sub("_", host)


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


def relative_json_path(article: dict) -> Path:
    year, month, day = article_date(article).split("-")
    name = _UNSAFE_IN_NAME.sub("_", article["id"]) + f"-{fetch_timestamp(article)}.json"
    return Path("articles", site_of(article), year, month, day, name)


def article_version(article: dict, json_path: Path) -> ArticleVersion:
    """The catalogue row of an article version stored at ``json_path`` (relative)."""
    capture = article.get("capture") or {}
    return ArticleVersion(
        article_id=article["id"], url=article["url"], site=site_of(article), date=article_date(article),
        headline=article.get("headline"), published=article.get("published"),
        fetched_at=article.get("fetched_at"), content_hash=content_hash(article),
        json_path=json_path.as_posix(), capture_record_id=capture.get("record_id"))


def write_json_atomic(path: Path, data: dict, durable: bool = True) -> None:
    with atomic_text_file(path, durable) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
