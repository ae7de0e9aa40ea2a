"""The catalogue's article list and full-text search (archive/search.py):
kept current as versions are stored, rebuilt by ``newsarchive index``."""
import sqlite3

import pytest

from archives import storage_at
from newsarchive.archive.catalog import MIGRATIONS, Catalog
from newsarchive.archive.search import MARK, ArticleQuery, QueryError, facets, find_articles, match_expression
from newsarchive.cli import main


def article(n: int, headline: str, body: str, site: str = "news.test", **fields) -> dict:
    return {"url": f"http://{site}/{n}.html", "id": f"{n:016x}", "headline": headline, "body": body,
            "description": fields.pop("description", None), "authors": fields.pop("authors", []),
            "published": fields.pop("published", f"2024-05-{n:02d}T10:00:00+02:00"),
            "fetched_at": fields.pop("fetched_at", "2024-06-01T00:00:00+00:00"), **fields}


@pytest.fixture()
def storage(tmp_path):
    storage = storage_at(tmp_path / "archive")
    storage.store_article(article(1, "Harbour reopens after storm", "The fleet went back to sea.",
                                  section="Business", authors=["Ana Lind"]))
    storage.store_article(article(2, "Council meets", "The harbour master spoke about the quays.",
                                  section="Politics", authors=["Ben Ode", "Ana Lind"]))
    storage.store_article(article(3, "Elections in Zürich", "Voters in Zürich went to the polls.",
                                  site="other.test", section="Politics", description="Turnout was high."))
    yield storage
    storage.catalog.close()


def ids(page) -> list[str]:
    return [a.article_id[-1] for a in page.articles]


def test_a_search_ranks_a_headline_match_first_and_marks_the_words(storage):
    page = find_articles(storage.catalog.conn, ArticleQuery(words="harbour"))
    assert ids(page) == ["1", "2"] and page.total == 2
    first, second = page.articles
    assert first.marked_headline == f"{MARK[0]}Harbour{MARK[1]} reopens after storm"
    assert f"{MARK[0]}harbour{MARK[1]} master" in second.snippet
    assert ids(find_articles(storage.catalog.conn, ArticleQuery(words="harbour quays"))) == ["2"]
    assert ids(find_articles(storage.catalog.conn, ArticleQuery(words="zurich"))) == ["3"]  # diacritics folded
    assert ids(find_articles(storage.catalog.conn, ArticleQuery(words="turnout"))) == ["3"]  # the standfirst
    assert ids(find_articles(storage.catalog.conn, ArticleQuery(words="harb*"))) == ["1", "2"]
    assert ids(find_articles(storage.catalog.conn, ArticleQuery(words='"master spoke"'))) == ["2"]
    assert find_articles(storage.catalog.conn, ArticleQuery(words='"spoke master"')).total == 0


def test_the_list_is_newest_first_with_filters_and_pages(storage):
    conn = storage.catalog.conn
    assert ids(find_articles(conn, ArticleQuery())) == ["3", "2", "1"]
    assert ids(find_articles(conn, ArticleQuery(site="news.test"))) == ["2", "1"]
    assert ids(find_articles(conn, ArticleQuery(section="Politics"))) == ["3", "2"]
    assert ids(find_articles(conn, ArticleQuery(author="Ana Lind"))) == ["2", "1"]
    assert ids(find_articles(conn, ArticleQuery(since="2024-05-02", until="2024-05-02"))) == ["2"]
    assert ids(find_articles(conn, ArticleQuery(words="went", section="Politics"))) == ["3"]
    second = find_articles(conn, ArticleQuery(per_page=2, page=2))
    assert ids(second) == ["1"] and second.total == 3 and second.pages == 2
    assert facets(conn) == {"site": ["news.test", "other.test"], "section": ["Business", "Politics"]}
    [listed] = find_articles(conn, ArticleQuery(section="Business")).articles
    assert listed.authors == ["Ana Lind"] and listed.versions == 1 and listed.json_path.endswith(".json")


def test_a_new_version_replaces_the_old_text_in_the_search(storage):
    conn = storage.catalog.conn
    edited = article(1, "Harbour reopens after storm", "The fleet stayed in port.", section="Business",
                     fetched_at="2024-06-02T00:00:00+00:00")
    assert storage.store_article(edited).outcome == "version"
    assert find_articles(conn, ArticleQuery(words="sea")).total == 0
    [found] = find_articles(conn, ArticleQuery(words="port")).articles
    assert found.versions == 2 and found.fetched_at == "2024-06-02T00:00:00+00:00"
    assert conn.execute("SELECT count(*) FROM article_text").fetchone()[0] == 3


@pytest.mark.parametrize("typed", ['"unbalanced', "AND OR NOT (", "headline:storm", "*", "NEAR(a b)", "a -b ^c",
                                   "'; DROP TABLE articles; --"])
def test_anything_typed_is_words_never_query_syntax(storage, typed):
    find_articles(storage.catalog.conn, ArticleQuery(words=typed))  # no sqlite3.OperationalError
    assert match_expression(typed).count('"') % 2 == 0
    assert storage.catalog.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_a_bad_filter_is_a_clear_error():
    with pytest.raises(QueryError, match="since: '2024-13-01' is not a day"):
        ArticleQuery(since="2024-13-01")
    with pytest.raises(QueryError, match="page"):
        ArticleQuery(page=0)


def test_index_rebuilds_the_search_index_of_a_migrated_catalogue(storage, tmp_path, capsys):
    root = storage.layout.root
    conn = sqlite3.connect(root / "catalog.sqlite")
    conn.executescript("DROP TABLE article_latest; DROP TABLE article_authors; DROP TABLE article_text; "
                       f"PRAGMA user_version = {len(MIGRATIONS) - 1};")
    conn.close()
    storage.layout.warc_dir.mkdir()
    with Catalog(root / "catalog.sqlite") as catalog:  # migrated: the tables are back, empty
        assert find_articles(catalog.conn, ArticleQuery()).total == 0
    assert main(["index", "--archive-dir", str(root)]) == 0
    assert "3 articles in the search index" in capsys.readouterr().out
    with Catalog(root / "catalog.sqlite") as catalog:
        assert ids(find_articles(catalog.conn, ArticleQuery(words="harbour"))) == ["1", "2"]


def test_an_unreadable_article_json_is_left_out_of_the_rebuilt_index(storage, capsys, caplog):
    root = storage.layout.root
    storage.layout.warc_dir.mkdir()
    [broken] = [p for p in root.rglob("*.json") if "0000000000000001" in p.name]
    broken.write_text("{not json", encoding="utf-8")
    assert main(["index", "--archive-dir", str(root)]) == 1
    assert "2 articles in the search index, 1 JSON file(s) unreadable" in capsys.readouterr().out
    assert f"not indexed: {broken.relative_to(root).as_posix()}" in caplog.text


def test_a_search_with_too_many_matches_ranks_the_most_recently_stored(storage, monkeypatch):
    from newsarchive.archive import search
    monkeypatch.setattr(search, "RANKED_MATCHES", 1)
    page = find_articles(storage.catalog.conn, ArticleQuery(words="harbour"))
    assert page.total == 2 and ids(page) == ["2"]  # article 2 was stored after article 1
