"""The article list and its full-text search, in the catalogue.

One row an article in ``article_latest``: its latest version, with what the
list shows and filters on (site, section, publication day, authors, also in
``article_authors``); the text of that version (headline, standfirst, body)
in the FTS5 table ``article_text`` (its rowid: the version's row in
``articles``), searched with ranking (BM25, a word of the headline weighing
more than one of the standfirst, more than one of the body) and the
matching words marked.  ``Catalog.add_article`` keeps both current as each
version is stored, in the same transaction; ``rebuild_search_index`` makes
them anew from the article JSON (``newsarchive index``).
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

#: Around each matching word in a headline or snippet found by a search.
MARK = ("\x02", "\x03")
#: BM25 weights of headline, standfirst and body.
WEIGHTS = (10.0, 4.0, 1.0)
#: Words a snippet of the body shows around the matches.
SNIPPET_WORDS = 32
#: A search ranks at most this many matches, the most recently stored.
RANKED_MATCHES = 5000
_TERM = re.compile(r'"([^"]*)"?|(\w+)(\*?)', re.UNICODE)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ArticleText:
    """What the article list shows, filters on and searches of a version."""

    section: str | None
    kicker: str | None
    description: str | None
    body: str
    authors: tuple[str, ...]
    #: When it was published (else fetched), in UTC, for "newest first".
    sort_time: str


def sort_time(article: dict) -> str:
    """The publication time (else the fetch time) as ``YYYY-MM-DDTHH:MM:SS``
    in UTC; a time without an offset is taken as UTC."""
    for value in (article.get("published"), article.get("fetched_at")):
        try:
            moment = datetime.fromisoformat(value or "")
        except ValueError:
            continue
        if moment.tzinfo:
            moment = moment.astimezone(timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return ""


def article_text(article: dict) -> ArticleText:
    return ArticleText(section=article.get("section"), kicker=article.get("kicker"),
                       description=article.get("description"), body=article.get("body") or "",
                       authors=tuple(article.get("authors") or ()), sort_time=sort_time(article))


def index_latest_version(conn: sqlite3.Connection, article_id: str, json_path: str, text: ArticleText) -> None:
    """After a version of ``article_id`` (at ``json_path``) is catalogued:
    list it and index its text if it is the article's latest version (a
    repair may catalogue older versions after newer ones), else count it."""
    latest = conn.execute("SELECT id, json_path FROM articles WHERE article_id = ? "
                          "ORDER BY fetched_at DESC, id DESC LIMIT 1", (article_id,)).fetchone()
    if latest[1] != json_path:
        conn.execute("UPDATE article_latest SET versions = versions + 1 WHERE article_id = ?", (article_id,))
        return
    before = conn.execute("SELECT version FROM article_latest WHERE article_id = ?", (article_id,)).fetchone()
    if before:
        conn.execute("DELETE FROM article_text WHERE rowid = ?", (before[0],))
    conn.execute(
        "INSERT OR REPLACE INTO article_latest SELECT article_id, id, "
        "(SELECT count(*) FROM articles WHERE article_id = :article_id), url, site, :section, date, :sort_time, "
        "headline, :kicker, :description, :authors, published, fetched_at FROM articles WHERE id = :id",
        {"id": latest[0], "article_id": article_id, "section": text.section, "sort_time": text.sort_time,
         "kicker": text.kicker, "description": text.description,
         "authors": json.dumps(text.authors, ensure_ascii=False)})
    conn.execute("DELETE FROM article_authors WHERE article_id = ?", (article_id,))
    conn.executemany("INSERT OR IGNORE INTO article_authors VALUES (?, ?)",
                     [(author, article_id) for author in text.authors])
    headline = conn.execute("SELECT headline FROM articles WHERE id = ?", (latest[0],)).fetchone()[0]
    conn.execute("INSERT INTO article_text (rowid, headline, description, body) VALUES (?, ?, ?, ?)",
                 (latest[0], headline or "", text.description or "", text.body))


def clear_search_index(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM article_latest")
    conn.execute("DELETE FROM article_authors")
    conn.execute("DELETE FROM article_text")


def match_expression(words: str) -> str:
    """The FTS5 query of what a person typed: every word must be there,
    ``"a phrase"`` as a phrase, ``word*`` as a prefix; anything else (FTS5
    operators, punctuation) is taken as words, never as syntax."""
    terms = []
    for phrase, word, star in _TERM.findall(words):
        text = " ".join(re.findall(r"\w+", phrase)) if phrase else word
        if text:
            terms.append(f'"{text}"' + ("*" if star else ""))
    return " ".join(terms)


class QueryError(ValueError):
    """A filter that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class ArticleQuery:
    """Which articles to list: the words to search (ranked, best first;
    else newest first), and filters."""

    words: str = ""
    site: str = ""
    section: str = ""
    author: str = ""
    #: First and last day of publication (else fetch), ``YYYY-MM-DD``.
    since: str = ""
    until: str = ""
    page: int = 1
    per_page: int = 25

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value and not _valid_day(value):
                raise QueryError(f"{name}: {value!r} is not a day (YYYY-MM-DD)")
        if self.page < 1 or not 1 <= self.per_page <= 500:
            raise QueryError("page must be 1 or more, per_page 1 to 500")


def _valid_day(value: str) -> bool:
    try:
        return bool(_DAY.fullmatch(value)) and bool(datetime.strptime(value, "%Y-%m-%d"))
    except ValueError:
        return False


@dataclass(frozen=True)
class ListedArticle:
    """An article as the list shows it (its latest version).  For a search,
    ``marked_headline`` and ``snippet`` hold the matching words between
    ``MARK``s."""

    article_id: str
    url: str
    site: str
    section: str | None
    date: str
    headline: str | None
    kicker: str | None
    description: str | None
    authors: list[str]
    published: str | None
    fetched_at: str | None
    versions: int
    json_path: str
    marked_headline: str | None = None
    snippet: str | None = None


@dataclass(frozen=True)
class ArticlePage:
    query: ArticleQuery
    total: int
    articles: list[ListedArticle] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def _filters(query: ArticleQuery) -> tuple[list[str], dict]:
    where, params = [], {}
    for name in ("site", "section"):
        if getattr(query, name):
            where.append(f"l.{name} = :{name}")
            params[name] = getattr(query, name)
    if query.author:
        where.append("l.article_id IN (SELECT article_id FROM article_authors WHERE author = :author)")
        params["author"] = query.author
    if query.since:
        where.append("l.date >= :since")
        params["since"] = query.since
    if query.until:
        where.append("l.date <= :until")
        params["until"] = query.until
    return where, params


_LISTED = ("l.article_id, l.url, l.site, l.section, l.date, l.headline, l.kicker, l.description, l.authors, "
           "l.published, l.fetched_at, l.versions, a.json_path")


def find_articles(conn: sqlite3.Connection, query: ArticleQuery) -> ArticlePage:
    """A page of the articles ``query`` asks for: those whose text has all
    its words, best match first, or, without words, all of them, newest
    first; filtered by site, section, author and day.  A search that
    matches more than ``RANKED_MATCHES`` articles ranks the most recently
    stored of them (ranking every match of a word nearly every article has
    would take seconds, and rank them all alike)."""
    where, params = _filters(query)
    params.update(limit=query.per_page, offset=(query.page - 1) * query.per_page)
    match = match_expression(query.words)
    if not match:
        conditions = " AND ".join(where) or "1"
        total = conn.execute(f"SELECT count(*) FROM article_latest l WHERE {conditions}", params).fetchone()[0]
        rows = conn.execute(f"SELECT {_LISTED} FROM (SELECT article_id FROM article_latest l WHERE {conditions} "
                            "ORDER BY sort_time DESC, article_id DESC LIMIT :limit OFFSET :offset) page "
                            "JOIN article_latest l USING (article_id) JOIN articles a ON a.id = l.version "
                            "ORDER BY l.sort_time DESC, l.article_id DESC", params).fetchall()
        return ArticlePage(query, total, [_listed(row) for row in rows])
    params.update(match=match, open=MARK[0], close=MARK[1])
    conditions = " AND ".join(["article_text MATCH :match", *where])
    joined = "article_text JOIN article_latest l ON l.version = article_text.rowid"
    # each row of article_text is an article's latest version: without filters, no need to join
    matching = joined if where else "article_text"
    total = conn.execute(f"SELECT count(*) FROM {matching} WHERE {conditions}", params).fetchone()[0]
    ranked = (f"SELECT article_text.rowid AS version, bm25(article_text, {', '.join(map(str, WEIGHTS))}) AS score "
              f"FROM {matching} WHERE {conditions}")
    if total > RANKED_MATCHES:
        ranked += f" ORDER BY article_text.rowid DESC LIMIT {RANKED_MATCHES}"
    order = [row[0] for row in conn.execute(f"SELECT version FROM ({ranked}) ORDER BY score "
                                            "LIMIT :limit OFFSET :offset", params)]
    marks = {"match": match, "open": MARK[0], "close": MARK[1]}
    found = {row["version"]: row for row in conn.execute(
        f"SELECT l.version, {_LISTED}, highlight(article_text, 0, :open, :close) AS marked_headline, "
        f"snippet(article_text, 2, :open, :close, '…', {SNIPPET_WORDS}) AS snippet "
        f"FROM {joined} JOIN articles a ON a.id = l.version WHERE article_text MATCH :match "
        f"AND article_text.rowid IN ({', '.join(map(str, order)) or 'NULL'})", marks)}
    return ArticlePage(query, total, [_listed(found[version]) for version in order if version in found])


def _listed(row: sqlite3.Row) -> ListedArticle:
    values = dict(row)
    values.pop("version", None)
    values["authors"] = json.loads(values["authors"])
    return ListedArticle(**values)


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The sites and sections there are articles of, for the list's filters."""
    return {name: [row[0] for row in conn.execute(
        f"SELECT DISTINCT {name} FROM article_latest WHERE {name} IS NOT NULL ORDER BY {name}")]
        for name in ("site", "section")}


def reindex_articles(conn: sqlite3.Connection, latest: Iterable[tuple[str, str, dict]]) -> int:
    """Make the list and the search index anew, in one transaction, from
    ``(article_id, json_path, article)`` of each article's latest version;
    how many were indexed."""
    count = 0
    with conn:
        conn.execute("BEGIN")
        clear_search_index(conn)
        for article_id, json_path, article in latest:
            index_latest_version(conn, article_id, json_path, article_text(article))
            count += 1
        conn.execute("INSERT INTO article_text (article_text) VALUES ('optimize')")
    return count
