"""A small archive for the web UI and export tests, built through the
archive's own storage: two articles (the first in two versions), the pages
and a picture in a WARC file, the CDXJ index, a run report."""
from __future__ import annotations

import json
from pathlib import Path

from archives import storage_at
from newsarchive.archive.warc.records import Exchange

PICTURE = b"\x89PNG\r\n\x1a\n" + b"picture bytes " * 20
PICTURE_URL = "http://news.test/img/quay.png"
FIRST_URL = "http://news.test/2024/05/02/harbour.html"
SECOND_URL = "http://other.test/2024/05/03/council.html"
FIRST_ID, SECOND_ID = "00000000000000aa", "00000000000000bb"


def exchange(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> Exchange:
    return Exchange(url=url, method="GET", request_headers=[("Accept", "*/*")], request_body=b"",
                    protocol="HTTP/1.1", status=200, response_headers=[("Content-Type", content_type)], body=body)


def first_article(edition: int, capture: dict) -> dict:
    body = ("The harbour reopened on Monday after a week of storms.\n\n"
            f"Harbour master Ana Lind said the quays were {'checked' if edition == 1 else 'inspected twice'}.")
    return {"url": FIRST_URL, "canonical_url": FIRST_URL, "id": FIRST_ID, "kicker": "Storms",
            "headline": "Harbour reopens" + (" <at last>" if edition == 2 else ""),
            "description": "Fishing boats went back to sea.", "authors": ["Ana Lind"], "publisher": "Test Times",
            "published": "2024-05-02T10:00:00+02:00", "section": "Business", "dateline": "CALDER",
            "body": body, "images": [{"url": PICTURE_URL, "caption": "The quay at dawn.", "credit": "Jo Snap",
                                      "alt": "A quay", "width": 800, "height": 600, "lead": True}],
            "fetched_at": f"2024-05-02T1{edition}:00:00+00:00", "capture": capture, "sources": {}}


def build_archive(root: Path) -> Path:
    storage = storage_at(root)
    storage.open()
    try:
        for edition in (1, 2):
            capture = storage.archive(exchange(FIRST_URL, f"<html>edition {edition}</html>".encode())).to_dict()
            storage.store_article(first_article(edition, capture))
        storage.archive(exchange(PICTURE_URL, PICTURE, "image/png"))
        capture = storage.archive(exchange(SECOND_URL, b"<html>council</html>")).to_dict()
        storage.store_article({"url": SECOND_URL, "id": SECOND_ID, "headline": "Council meets",
                               "authors": ["Ben Ode"], "section": "Politics", "published": "2024-05-03T09:00:00Z",
                               "body": "The council met about the night buses.", "images": [],
                               "fetched_at": capture["warc_date"][:19] + "+00:00", "capture": capture})
    finally:
        storage.close()
    (root / "runs").mkdir(exist_ok=True)
    (root / "runs" / "run-20240503T100000.000000Z.json").write_text(json.dumps({
        "started": "2024-05-03T10:00:00+00:00", "finished": "2024-05-03T10:01:00+00:00", "duration_s": 60.0,
        "sites": "sites.toml", "only": None, "pages_fetched": 42, "new_articles": 7, "new_versions": 3,
        "unchanged": 2, "revisited": 5, "skipped": 11, "errors": 1, "finish_reason": "finished",
        "failed": False}), encoding="utf-8")
    return root
