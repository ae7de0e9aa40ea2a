"""The versions of an archived article, read from the catalogue and their
JSON files, oldest first."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ...extraction.metadata import article_id as url_article_id
from ..catalog import Catalog
from ..layout import ArchiveLayout

_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True)
class Version:
    number: int
    fetched_at: str
    json_path: str
    article: dict


def resolve_article_id(catalog: Catalog, ref: str) -> str | None:
    """The id of the article ``ref`` names: its id, a URL it was fetched
    from, or its canonical URL."""
    if _ARTICLE_ID.fullmatch(ref) and catalog.versions(ref):
        return ref
    found = catalog.article_id_of(ref)
    if found or not ref.startswith(("http://", "https://")):
        return found
    candidate = url_article_id(ref)
    return candidate if catalog.versions(candidate) else None


class VersionUnreadable(Exception):
    """A version's JSON cannot be read; the message names it and why."""


def read_article(layout: ArchiveLayout, number: int, json_path: str) -> dict:
    path = layout.root / json_path
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VersionUnreadable(f"version {number}: cannot read {path}: {getattr(exc, 'strerror', None) or exc} "
                                "(`newsarchive verify` checks the archive)") from None


def load_versions(layout: ArchiveLayout, catalog: Catalog, article_id: str) -> list[Version]:
    """The versions of an article with their JSON, oldest first (number 1)."""
    return [Version(number, row["fetched_at"], row["json_path"], read_article(layout, number, row["json_path"]))
            for number, row in enumerate(catalog.versions(article_id), 1)]
