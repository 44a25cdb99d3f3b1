"""Values that cannot be true: control characters, languages, places and their coordinates."""

from __future__ import annotations

import pytest

from cxdesk.domain.text import control_characters, printable, replace_control_characters
from cxdesk.domain.validation import field_problem, language_problem, place_problem

PARIS = (48.85341, 2.3488)


def test_printable_shows_control_characters_as_escapes() -> None:
    assert printable("Evil\x1b[31mCorp\x07") == "Evil\\x1b[31mCorp\\x07"
    assert printable("a\nb\tc") == "a\\nb\\tc"
    assert printable("a\nb\tc\x1b", multiline=True) == "a\nb\tc\\x1b"
    assert printable("abc\u202edef") == "abc\\u202edef"  # a bidi override turns text round
    assert printable("Θεσσαλονίκη – Zürich") == "Θεσσαλονίκη – Zürich"


def test_control_characters_and_their_replacement() -> None:
    assert control_characters("Plain name", multiline=False) is None
    assert control_characters("two\nlines\tand a tab", multiline=True) is None
    assert control_characters("two\nlines", multiline=False) == (
        "contains control characters (\\n)"
    )
    assert control_characters("\x1b\x07\x1b\x00", multiline=True) == (
        "contains control characters (\\x1b, \\x07, \\x00)"
    )
    assert replace_control_characters("Evil\x1b[31m", multiline=False) == "Evil [31m"
    assert replace_control_characters("a\r\nb\x85c\td\re", multiline=True) == "a\r\nb c\td e"


@pytest.mark.parametrize(
    ("table", "field", "value", "wrong"),
    [
        ("organisations", "name", "Evil\x1b[31mCorp", "\\x1b"),
        ("people", "first_name", "Ann\x07", "\\x07"),
        ("organisations", "city", "Lyon\nParis", "\\n"),
        ("exchanges", "reference", "CX\t1", "\\t"),
        ("exchanges", "notes", "a lone CR\rcovers the line", "\\r"),
        ("exchanges", "notes", "\x9bC1 control", "\\x9b"),
    ],
)
def test_control_characters_are_refused(table: str, field: str, value: str, wrong: str) -> None:
    problem = field_problem(table, field, value)
    assert problem is not None
    assert problem.startswith(f"The field {field} contains control characters ({wrong})")
    assert "\x1b" not in problem and "\x07" not in problem


def test_multiline_text_keeps_tabs_and_line_breaks() -> None:
    assert field_problem("exchanges", "notes", "Day 1:\tvisit\nDay 2:\tworkshop") is None
    assert field_problem("exchanges", "notes", "Windows\r\nline ends") is None
    assert field_problem("reports", "activities", "one\ntwo") is None
    assert field_problem("organisations", "name", "Ünïcödé – 東京 ok") is None
    assert field_problem("exchanges", "start_date", object()) is None  # not text: not ours


def test_a_language_is_an_iso_639_1_code() -> None:
    assert language_problem("fr") is None
    assert language_problem("BG") is None
    assert language_problem("") is None and language_problem(None) is None
    assert language_problem("xx") == (
        "'xx' is not a language code: use the two-letter ISO 639-1 code, e.g. fr or de"
    )
    assert language_problem("fra") is not None  # ISO 639-2 is not 639-1
    assert field_problem("people", "language", "xx") == language_problem("xx")


def test_an_unknown_city_is_named_with_its_nearest_spellings() -> None:
    problem = place_problem("Atlantis", "EL", None, None)
    assert problem == (
        "Unknown city 'Atlantis' in Greece (GR) (nearest spellings: Atalánti, Galátista, "
        "Galátsi): it is not among the gazetteer's towns of 1,000 people or more; check the "
        "spelling or give the coordinates"
    )
    assert "nearest spellings: Paris" in (place_problem("Pariss", "FR", None, None) or "")


def test_towns_of_a_thousand_people_are_known() -> None:
    assert place_problem("Prissé", "FR", None, None) is None  # about 2,000 people
    assert place_problem("Paris", "FR", None, None) is None
    assert place_problem("Wien", "AT", None, None) is None  # another of its names


def test_an_unknown_city_with_coordinates_in_the_country_is_accepted() -> None:
    assert place_problem("Le Hameau Perdu", "FR", 46.5, 2.5) is None


def test_coordinates_must_follow_the_city() -> None:
    assert place_problem("Paris", "FR", *PARIS) is None
    assert place_problem("Paris", "FR", 48.9, 2.5) is None  # a suburb, 12 km away
    problem = place_problem("Berlin", "DE", *PARIS)
    assert problem is not None
    assert problem.startswith(
        "The coordinates 48.85341, 2.3488 are 878 km from Berlin in "
        "Germany (DE): they must be within 50 km of the city"
    )
    # Frankfurt (Oder) is a Frankfurt too: its coordinates are not Frankfurt am Main's.
    assert place_problem("Frankfurt", "DE", 52.347, 14.55) is None


def test_coordinates_must_be_in_the_country() -> None:
    # A new country with the old country's coordinates: Paris's, said to be in Germany.
    problem = place_problem("Paris", "DE", *PARIS)
    assert problem == (
        "The coordinates 48.85341, 2.3488 are outside Germany (DE): check the coordinates or "
        "the country"
    )
    assert place_problem("Atlantis", "EL", 0.0, -30.0) is not None  # the middle of the ocean


def test_half_coordinates_impossible_ones_and_bad_countries() -> None:
    assert place_problem("Paris", "FR", 48.85, None) == (
        "Give both the latitude and the longitude, or neither"
    )
    assert "not on Earth" in (place_problem("Paris", "FR", 95.0, 2.0) or "")
    assert "'QQ' is not a country code" in (place_problem("Paris", "QQ", None, None) or "")
    assert place_problem("", "FR", None, None) is None  # required-ness is checked elsewhere
