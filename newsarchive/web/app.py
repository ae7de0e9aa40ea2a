"""The web UI and JSON API of an archive (Starlette, Jinja2 templates).

Pages: the articles (newest first, or the best matches of a search, with
filters and pages), an article (its clean text and pictures, its versions
and the word diff between two, its captures), the replay of an archived
page (pywb's, in a sandboxed iframe on pywb's origin), the runs.  The same
data as JSON under ``/api/``.  Everything is read from the archive: the
catalogue (opened read-only for each request), the article JSON and the
WARC files; nothing is written.

The UI defends itself against the archived pages it shows: a Content-
Security-Policy lets its pages load only from itself and frame only pywb,
no page of it can be framed, and a browser's request from another origin
(an archived script, another site) gets 403 but for a plain navigation.
"""
from __future__ import annotations

import dataclasses
import html
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Iterator
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_timestamp

from ..archive.catalog import Catalog, CatalogError
from ..archive.layout import ArchiveLayout
from ..archive.search import MARK, ArticleQuery, QueryError, facets, find_articles
from ..archive.versions.compare import changed_fields
from ..archive.versions.diff import Marks, version_diff
from ..archive.versions.history import Version, VersionUnreadable, load_versions, resolve_article_id
from ..archive.warc.pages import read_response
from ..archive.warc.records import Capture
from ..runs import read_reports

#: Marks the word diff puts around removed and added words, made HTML here.
_DIFF_MARKS = Marks(removed=("\ue000", "\ue001"), added=("\ue002", "\ue003"), quiet=("\ue004", "\ue005"))
_DIFF_HTML = {"\ue000": "<del>", "\ue001": "</del>", "\ue002": "<ins>", "\ue003": "</ins>",
              "\ue004": '<span class="quiet">', "\ue005": "</span>"}
_MARK_HTML = {MARK[0]: "<mark>", MARK[1]: "</mark>"}
#: Browsers say where a request comes from; only these may use the UI beyond navigating to it.
_OWN_FETCH_SITES = {None, "same-origin", "none"}


def marked_html(text: str | None, marks: dict[str, str] = _MARK_HTML) -> Markup:
    """Text escaped for HTML, its marks made tags."""
    escaped = html.escape(text or "", quote=False)
    for mark, tag in marks.items():
        escaped = escaped.replace(mark, tag)
    return Markup(escaped)


def diff_html(before: dict, after: dict) -> Markup:
    return marked_html(version_diff(before, after, _DIFF_MARKS), _DIFF_HTML)


def paragraphs(body: str | None) -> list[str]:
    return [p.strip() for p in (body or "").split("\n\n") if p.strip()]


def version_note(before: Version | None, version: Version) -> str:
    """What a version is: the first, a re-extraction, or which fields the publisher changed."""
    reextraction = (version.article.get("version") or {}).get("reextraction")
    if reextraction:
        return f"re-extracted by {reextraction.get('extractor', 'a newer extractor')}"
    if before is None:
        return "first version"
    return "changed: " + (", ".join(changed_fields(before.article, version.article)) or "nothing")


@dataclass
class Archive:
    """The archive the UI shows, and where its replays are (pywb's port, if running)."""

    layout: ArchiveLayout
    replay_port: int | None = None
    replay_note: str = ""

    @contextmanager
    def catalog(self) -> Iterator[Catalog]:
        try:
            with Catalog(self.layout.catalog_path, read_only=True) as catalog:
                yield catalog
        except (CatalogError, sqlite3.DatabaseError) as exc:
            raise HTTPException(503, f"catalogue {self.layout.catalog_path}: {exc}") from None

    def replay_url(self, request: Request, timestamp: str, url: str) -> str | None:
        if self.replay_port is None:
            return None
        return f"{request.url.scheme}://{request.url.hostname}:{self.replay_port}/archive/{timestamp}mp_/{url}"


def article_query(request: Request) -> ArticleQuery:
    params = request.query_params
    try:
        return ArticleQuery(words=params.get("q", "").strip(), site=params.get("site", ""),
                            section=params.get("section", ""), author=params.get("author", "").strip(),
                            since=params.get("since", ""), until=params.get("until", ""),
                            page=int(params.get("page", "1")), per_page=int(params.get("per_page", "25")))
    except ValueError as exc:  # QueryError too
        raise HTTPException(400, str(exc) if isinstance(exc, QueryError) else "page and per_page are numbers")


def listed_json(article) -> dict[str, Any]:
    data = dataclasses.asdict(article)
    marked, snippet = data.pop("marked_headline"), data.pop("snippet")
    if marked is not None:
        data["headline_html"] = str(marked_html(marked))
        data["snippet_html"] = str(marked_html(snippet))
    return data


def load_article(archive: Archive, article_ref: str) -> tuple[str, list[Version], list[Capture]]:
    """An article's id, versions (oldest first) and the captures of its URLs."""
    with archive.catalog() as catalog:
        article_id = resolve_article_id(catalog, article_ref)
        try:
            versions = load_versions(archive.layout, catalog, article_id) if article_id else []
        except VersionUnreadable as exc:
            raise HTTPException(500, str(exc)) from None
        if article_id is None or not versions:
            raise HTTPException(404, f"no archived article {article_ref}")
        urls = dict.fromkeys(v.article["url"] for v in versions)
        captures = sorted((c for url in urls for c in catalog.captures_of(url)), key=lambda c: c.warc_date)
    return article_id, versions, captures


def version_number(versions: list[Version], value: str | None, default: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        number = 0
    if not 1 <= number <= len(versions):
        raise HTTPException(404, f"no version {value}: the versions are numbered 1 to {len(versions)}")
    return number


def build_app(archive: Archive) -> Starlette:
    templates = Environment(loader=PackageLoader("newsarchive.web", "templates"), autoescape=select_autoescape())
    templates.filters["marked"] = marked_html
    templates.filters["paragraphs"] = paragraphs
    templates.filters["timestamp"] = iso_date_to_timestamp

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        def url_with(**changes: Any) -> str:
            params = {**request.query_params, **{k: str(v) for k, v in changes.items()}}
            return "?" + urlencode({k: v for k, v in params.items() if v})
        body = templates.get_template(template).render(request=request, url_with=url_with, **context)
        return HTMLResponse(body, status_code=status)

    # -- pages

    def articles(request: Request) -> Response:
        query = article_query(request)
        with archive.catalog() as catalog:
            found = find_articles(catalog.conn, query)
            choices = facets(catalog.conn)
        return page(request, "articles.html", found=found, query=query, choices=choices)

    def article(request: Request) -> Response:
        article_id, versions, captures = load_article(archive, request.path_params["article_id"])
        number = version_number(versions, request.query_params.get("v"), len(versions))
        notes = [version_note(before, v) for before, v in zip([None, *versions], versions)]
        return page(request, "article.html", article_id=article_id, versions=versions, notes=notes,
                    shown=versions[number - 1], captures=captures)

    def diff(request: Request) -> Response:
        article_id, versions, _ = load_article(archive, request.path_params["article_id"])
        b = version_number(versions, request.query_params.get("b"), len(versions))
        a = version_number(versions, request.query_params.get("a"), max(1, b - 1))
        return page(request, "diff.html", article_id=article_id, versions=versions, a=a, b=b,
                    diff=diff_html(versions[a - 1].article, versions[b - 1].article))

    def replay(request: Request) -> Response:
        url = request.query_params.get("url", "")
        timestamp = request.query_params.get("ts", "")
        if not url.startswith(("http://", "https://")) or not timestamp.isdigit():
            raise HTTPException(400, "replay needs url (http or https) and ts (a timestamp, YYYYMMDDhhmmss)")
        return page(request, "replay.html", url=url, timestamp=timestamp,
                    replay_url=archive.replay_url(request, timestamp, url), note=archive.replay_note,
                    article=request.query_params.get("article", ""))

    def picture(request: Request) -> Response:
        """An archived picture, from the WARC files; only images are served."""
        url = request.query_params.get("url", "")
        with archive.catalog() as catalog:
            capture = catalog.last_response(url)
        if capture is None or not (capture.mime or "").startswith("image/"):
            raise HTTPException(404, f"no archived picture {url}")
        try:
            response = read_response(archive.layout.warc_dir / capture.warc_file, capture.offset)
        except (OSError, ArchiveLoadFailed) as exc:
            raise HTTPException(500, f"cannot read {capture.warc_file}: {getattr(exc, 'strerror', None) or exc}")
        return Response(response.body, media_type=capture.mime,
                        headers={"Content-Security-Policy": "default-src 'none'; sandbox",
                                 "Cache-Control": "max-age=86400"})

    def runs(request: Request) -> Response:
        return page(request, "runs.html", reports=read_reports(archive.layout))

    # -- API

    def api_articles(request: Request) -> Response:
        query = article_query(request)
        with archive.catalog() as catalog:
            found = find_articles(catalog.conn, query)
        return JSONResponse({"total": found.total, "page": query.page, "pages": found.pages,
                             "per_page": query.per_page, "articles": [listed_json(a) for a in found.articles]})

    def api_search(request: Request) -> Response:
        if not request.query_params.get("q", "").strip():
            raise HTTPException(400, "search needs q, the words to find")
        return api_articles(request)

    def api_article(request: Request) -> Response:
        article_id, versions, captures = load_article(archive, request.path_params["article_id"])
        return JSONResponse({
            "id": article_id, "article": versions[-1].article,
            "versions": [{"number": v.number, "fetched_at": v.fetched_at, "json_path": v.json_path,
                          "headline": v.article.get("headline"), "note": note}
                         for v, note in zip(versions, (version_note(b, v) for b, v in zip([None, *versions], versions)))],
            "captures": [c.to_dict() for c in captures]})

    def api_version(request: Request) -> Response:
        _, versions, _ = load_article(archive, request.path_params["article_id"])
        return JSONResponse(versions[version_number(versions, request.path_params["number"], 0) - 1].article)

    def api_diff(request: Request) -> Response:
        _, versions, _ = load_article(archive, request.path_params["article_id"])
        b = version_number(versions, request.query_params.get("b"), len(versions))
        a = version_number(versions, request.query_params.get("a"), max(1, b - 1))
        before, after = versions[a - 1].article, versions[b - 1].article
        return JSONResponse({"a": a, "b": b, "changed": changed_fields(before, after),
                             "diff": version_diff(before, after)})

    def api_runs(request: Request) -> Response:
        return JSONResponse(read_reports(archive.layout))

    def error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", None) or "internal error"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=status)
        return page(request, "error.html", status=status, status_code=status, detail=detail)

    routes = [
        Route("/", articles), Route("/articles/{article_id}", article), Route("/articles/{article_id}/diff", diff),
        Route("/replay", replay), Route("/picture", picture), Route("/runs", runs),
        Route("/api/articles", api_articles), Route("/api/search", api_search),
        Route("/api/articles/{article_id}", api_article),
        Route("/api/articles/{article_id}/versions/{number}", api_version),
        Route("/api/articles/{article_id}/diff", api_diff), Route("/api/runs", api_runs),
        Mount("/static", StaticFiles(directory=str(files("newsarchive.web") / "static")), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: error, Exception: error},
                     middleware=[Middleware(UIGuard, archive=archive)])


class UIGuard(BaseHTTPMiddleware):
    """The UI's defences against the archived pages it shows (and any other
    site): a browser's request from another origin is refused unless it
    navigates to a page; every answer forbids framing the UI and lets its
    pages load only from the UI itself, and frame only pywb."""

    def __init__(self, app: Any, archive: Archive):
        super().__init__(app)
        self.archive = archive

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        site = request.headers.get("sec-fetch-site")
        navigating = request.headers.get("sec-fetch-mode") == "navigate" and not request.url.path.startswith("/api/")
        if site not in _OWN_FETCH_SITES and not navigating:
            return PlainTextResponse("refused: a request from another origin", status_code=403)
        response = await call_next(request)
        replay = (f"{request.url.scheme}://{request.url.hostname}:{self.archive.replay_port}"
                  if self.archive.replay_port else "'none'")
        response.headers.setdefault("Content-Security-Policy",
                                    f"default-src 'self'; img-src 'self' data:; frame-src {replay}; "
                                    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
