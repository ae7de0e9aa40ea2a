"""``newsarchive history``: the versions of an article and word-level diffs."""
import pytest

from newsarchive.archive.catalog import Catalog
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.cli import main
from newsarchive.archive.versions.diff import COLOUR, body_diff, version_diff, word_diff
from newsarchive.items import Article

from archives import storage_at

URL = "http://news.test/2024/03/05/council-buses.html"
ARTICLE_ID = "0123456789abcdef"
BODY = "\n\n".join(f"Paragraph {n} says something about the night buses." for n in range(1, 6))


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("the council met on Tuesday", "the council met late on Wednesday") == \
        "the council met {+late+} on [-Tuesday-] {+Wednesday+}"
    assert word_diff("same words", "same  words") == "same words"


def test_word_diff_in_colour_has_no_brackets():
    coloured = word_diff("met on Tuesday", "met on Wednesday", COLOUR)
    assert "\033[31;9mTuesday\033[0m" in coloured and "\033[32mWednesday\033[0m" in coloured
    assert "[-" not in coloured


def test_body_diff_shows_changed_paragraphs_and_counts_the_others():
    after = BODY.replace("Paragraph 4 says", "Paragraph 4 now says") + "\n\nA new last paragraph."
    assert body_diff(BODY, after) == ("[3 unchanged paragraphs]\n\n"
                                      "Paragraph 4 {+now+} says something about the night buses.\n\n"
                                      "[1 unchanged paragraph]\n\n"
                                      "{+A new last paragraph.+}")


def test_an_added_paragraph_is_shown_on_its_own_and_an_edited_one_word_by_word():
    before = "Paragraph 1 says something.\n\nThe agreement was signed on Monday by both sides."
    after = ("Paragraph 1 says something.\n\nA new paragraph was added here.\n\n"
             "The agreement was signed on Tuesday by both sides.\n\nAnd one at the end.")
    assert body_diff(before, after) == ("[1 unchanged paragraph]\n\n"
                                        "{+A new paragraph was added here.+}\n\n"
                                        "The agreement was signed on [-Monday-] {+Tuesday+} by both sides.\n\n"
                                        "{+And one at the end.+}")
    assert body_diff(after, before).split("\n\n")[1] == "[-A new paragraph was added here.-]"


def test_an_edited_author_is_diffed_word_by_word():
    diff = version_diff({"authors": ["Omar Haddad", "Lena Marsh"]}, {"authors": ["Omar Haddad-Smith", "Lena Marsh"]})
    assert diff == "Authors:\n  Omar [-Haddad-] {+Haddad-Smith+}, Lena Marsh"
    assert version_diff({"authors": ["Omar Haddad"]}, {"authors": ["Bo Reporter"]}) == \
        "Authors:\n  [-Omar Haddad-], {+Bo Reporter+}"


def test_a_changed_caption_is_diffed_word_by_word_under_its_picture():
    before = {"images": [{"url": "http://news.test/a.jpg", "caption": "A bus at the depot.", "credit": "Ann Lee"},
                         {"url": "http://news.test/b.jpg", "caption": "Gone."}]}
    after = {"images": [{"url": "http://news.test/a.jpg", "caption": "A night bus at the depot.", "credit": "Ann Lee",
                         "alt": "A bus"}]}
    assert version_diff(before, after) == ("Pictures:\nhttp://news.test/a.jpg\n"
                                           "  caption: A {+night+} bus at the depot.\n  alt: {+A bus+}\n"
                                           "[-http://news.test/b.jpg Gone.-]")


def test_version_diff_names_only_the_fields_that_changed():
    before = {"headline": "Council votes", "authors": ["Ann Writer"], "body": "One.", "images": []}
    after = {"headline": "Council approves", "authors": ["Ann Writer", "Bo Reporter"], "body": "One.",
             "images": [{"url": "http://news.test/a.jpg", "caption": "A bus."}]}
    diff = version_diff(before, after)
    assert "Headline:\n  Council [-votes-] {+approves+}" in diff
    assert "Authors:\n  Ann Writer, {+Bo Reporter+}" in diff
    assert "Pictures:\n{+http://news.test/a.jpg A bus.+}" in diff
    assert "Body" not in diff
    assert version_diff(before, dict(before)) == "no change in headline, standfirst, authors, body or pictures"


@pytest.fixture
def archive(tmp_path) -> ArchiveLayout:
    """An archive with three versions of one article: a body edit, then a headline edit."""
    layout = ArchiveLayout(tmp_path / "archive")
    storage = storage_at(layout.root)
    edits = [("Council votes on night buses", BODY),
             ("Council votes on night buses", BODY.replace("Paragraph 2 says", "Paragraph 2 no longer says")),
             ("Council approves night buses", BODY.replace("Paragraph 2 says", "Paragraph 2 no longer says"))]
    for hour, (headline, body) in enumerate(edits):
        storage.store_article(Article(url=URL, id=ARTICLE_ID, headline=headline, body=body,
                                      published="2024-03-05T10:00:00+01:00",
                                      fetched_at=f"2026-01-02T0{hour}:00:00+00:00").to_dict())
    storage.close()
    return layout


def history(capsys, *args) -> tuple[int, str, str]:
    status = main(["history", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_history_lists_the_versions_and_diffs_the_last_two(archive, capsys):
    status, out, _ = history(capsys, URL, "--archive-dir", str(archive.root))
    assert status == 0
    assert f"{URL} (id {ARTICLE_ID}): 3 version(s)" in out
    assert "  1  2026-01-02T00:00:00+00:00  Council votes on night buses\n     first version" in out
    assert "  2  2026-01-02T01:00:00+00:00  Council votes on night buses\n     changed: body" in out
    assert "  3  2026-01-02T02:00:00+00:00  Council approves night buses\n     changed: headline" in out
    assert "Version 2 -> version 3:\n\nHeadline:\n  Council [-votes on-] {+approves+} night buses" in out
    assert "Body:" not in out


def test_history_diffs_any_two_versions_by_id(archive, capsys):
    status, out, _ = history(capsys, ARTICLE_ID, "--diff", "1", "3", "--archive-dir", str(archive.root))
    assert status == 0
    assert "Version 1 -> version 3:" in out
    assert "Council [-votes on-] {+approves+} night buses" in out
    assert "[1 unchanged paragraph]\n\nParagraph 2 {+no longer+} says" in out
    status, out, _ = history(capsys, ARTICLE_ID, "--diff", "1", "3", "--color", "always",
                             "--archive-dir", str(archive.root))
    assert "\033[32mno longer\033[0m" in out


@pytest.mark.parametrize("args, message", [
    (["http://news.test/unknown.html"], "no archived article http://news.test/unknown.html"),
    ([URL, "--diff", "1", "4"], "--diff 1 4: the versions are numbered 1 to 3"),
])
def test_history_says_what_is_wrong(archive, capsys, caplog, args, message):
    status = main(["history", *args, "--archive-dir", str(archive.root)])
    assert status == 1
    assert message in caplog.text


def test_a_missing_version_file_is_named_without_a_traceback(archive, capsys, caplog):
    catalog = Catalog(archive.catalog_path)
    second = catalog.versions(ARTICLE_ID)[1]["json_path"]
    catalog.close()
    (archive.root / second).unlink()
    status, out, _ = history(capsys, URL, "--archive-dir", str(archive.root))
    assert status == 1 and out == ""
    assert f"version 2: cannot read {archive.root / second}: No such file or directory" in caplog.text


def test_a_corrupt_catalogue_is_named_without_a_traceback(archive, capsys, caplog):
    archive.catalog_path.write_bytes(b"not a database " * 500)
    status, out, _ = history(capsys, URL, "--archive-dir", str(archive.root))
    assert status == 1 and out == ""
    assert f"catalogue {archive.catalog_path}: damaged: file is not a database; " in caplog.text
