"""Text cleaning: what no reader sees goes, white space collapses."""
import pytest

from newsarchive.extraction.text import clean_block, clean_text


@pytest.mark.parametrize("invisible", ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u200b", "\u00ad",
                                       "\u200e", "\u200f", "\u061c", "\u202b", "\u202e", "\u2066", "\u2069",
                                       "\u2062", "\u2063", "\ufeff"])
def test_invisible_characters_are_removed(invisible):
    assert clean_text(f"Wirt{invisible}schaft{invisible}") == "Wirtschaft"


def test_an_unreadable_character_breaks_the_text_where_it_stood():
    assert clean_text("Sie k\ufffdnnen \ufffd alles\ufffd") == "Sie k nnen alles"


@pytest.mark.parametrize("space", ["\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2003"])
def test_white_space_collapses_into_one_space(space):
    assert clean_text(f" Neue{space}{space}Politik{space}") == "Neue Politik"


def test_blocks_keep_paragraphs_apart_and_clean_each():
    assert clean_block("Erster\x07 Absatz\n\t\n\u200fZweiter\tAbsatz\n") == "Erster Absatz\n\nZweiter Absatz"


def test_text_is_nfc_and_entities_are_decoded():
    assert clean_text("Caf\u0065\u0301 &amp; Bar") == "Caf\u00e9 & Bar"
