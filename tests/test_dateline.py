import pytest

from newsarchive.extraction.dateline import find_dateline


@pytest.mark.parametrize("opening, dateline", [
    ("SEOUL – North Korea on Thursday said the US would face", "SEOUL"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday", "WASHINGTON"),
    ("SÃO PAULO (AFP) – Brazil's president said", "SÃO PAULO"),
    ("KYIV, Ukraine (AP) — Russian forces", "KYIV, Ukraine"),
    ("NEW YORK, Feb 3 (Reuters) - Stocks rose", "NEW YORK"),
    ("BERLIN (dpa) - Die Bundesregierung will", "BERLIN"),
    ("Paris (AFP) - Le gouvernement a annoncé", "Paris"),
    ("NEW DELHI: The government on Monday", "NEW DELHI"),
    ("LOS ANGELES -- The city council", "LOS ANGELES"),
])
def test_datelines_in_the_common_forms(opening, dateline):
    assert find_dateline(opening) == dateline


@pytest.mark.parametrize("opening", [
    "North Korea on Thursday said the US would face",
    "Meanwhile - the council said nothing.",
    "BREAKING: The Senate has voted",
    "UPDATE - This story has been updated",
    "DEAR ABBY: My husband of more than 20 years",
    "The minister said: we will act.",
    "A - the first letter",
    "",
])
def test_no_dateline_where_there_is_none(opening):
    assert find_dateline(opening) is None
