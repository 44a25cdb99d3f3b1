"""Participating countries: codes, dates and sources."""

from __future__ import annotations

from datetime import date

import pytest

from cxdesk.domain.countries import (
    COUNTRY_SOURCES,
    PARTICIPATING_COUNTRIES,
    is_participating,
    normalise_country,
    participating_countries,
)


def _codes(text: str) -> set[str]:
    return set(text.split())


EU27 = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
ASSOCIATED = _codes("AL AM BA IS XK MD ME MK RS TR UA")


@pytest.mark.parametrize(
    ("given", "iso"),
    [("EL", "GR"), ("el", "GR"), (" uk ", "GB"), ("GR", "GR"), ("xk", "XK"), ("CH", "CH")],
)
def test_normalise_country(given: str, iso: str) -> None:
    assert normalise_country(given) == iso


@pytest.mark.parametrize("bad", ["", "F", "FRA", "QQ", "EU", "ZZ", "12"])
def test_normalise_country_refuses_non_codes(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a country code"):
        normalise_country(bad)


def test_the_list_in_2026() -> None:
    assert set(participating_countries(date(2026, 1, 1))) == EU27 | ASSOCIATED
    assert len(participating_countries(date(2026, 1, 1))) == 38


def test_the_list_in_2020_has_the_united_kingdom() -> None:
    assert set(participating_countries(date(2020, 12, 31))) == EU27 | ASSOCIATED | {"GB"}
    assert is_participating("UK", date(2020, 12, 31))
    assert not is_participating("UK", date(2021, 1, 1))


def test_bosnia_and_herzegovina_from_june_2016() -> None:
    assert not is_participating("BA", date(2016, 5, 31))
    assert is_participating("BA", date(2016, 6, 1))


@pytest.mark.parametrize("code", ["CH", "NO", "LI", "US"])
def test_non_participants(code: str) -> None:
    assert not is_participating(code, date(2026, 3, 2))


def test_greece_as_el() -> None:
    assert is_participating("EL", date(2026, 3, 2))


def test_every_entry_has_a_source() -> None:
    assert all(entry.source for entry in PARTICIPATING_COUNTRIES)
    assert set(COUNTRY_SOURCES) == EU27 | ASSOCIATED | {"GB"}
