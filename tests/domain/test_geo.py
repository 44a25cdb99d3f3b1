"""The gazetteer and great-circle distances."""

from __future__ import annotations

import pytest

from cxdesk.domain.geo import cities_of, find_city, great_circle_km


@pytest.mark.parametrize(
    ("name", "country", "found"),
    [
        ("Vienna", "AT", "Vienna"),
        ("wien", "AT", "Vienna"),
        ("VIENNA ", "AT", "Vienna"),
        ("Koln", "DE", "Köln"),
        ("Cologne", "DE", "Köln"),
        ("Thessaloniki", "EL", "Thessaloníki"),
        ("Αθήνα", "GR", "Athens"),
        ("London", "UK", "London"),
        ("Prishtina", "XK", "Pristina"),
        ("Warszawa", "PL", "Warsaw"),
        ("St. Pölten", "AT", "Sankt Pölten"),
        ("'s-Gravenhage", "NL", "The Hague"),
        ("Frankfurt", "DE", "Frankfurt am Main"),  # the most populous Frankfurt
    ],
)
def test_find_city(name: str, country: str, found: str) -> None:
    city = find_city(name, country)
    assert city is not None
    assert city.name == found


def test_find_city_stays_in_the_country() -> None:
    athens_gr = find_city("Athens", "GR")
    assert athens_gr is not None and athens_gr.country == "GR"
    assert find_city("Vienna", "FR") is None
    assert find_city("Xyz", "FR") is None
    assert find_city("", "FR") is None


def test_own_name_beats_another_citys_alternate_name() -> None:
    city = find_city("Patos", "BR")
    assert city is not None and city.name == "Patos"


def test_cities_of_most_populous_first() -> None:
    cities = cities_of("EL")
    assert cities[0].name == "Athens"
    assert all(c.country == "GR" for c in cities)
    populations = [c.population for c in cities]
    assert populations == sorted(populations, reverse=True)
    assert len(cities_of("XK")) > 5


def test_great_circle() -> None:
    assert great_circle_km(0, 0, 0, 0) == 0
    # One degree of a great circle with R = 6371.0088 km.
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.001)
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(20015.1, abs=0.1)
    # Vienna – Bratislava.
    assert great_circle_km(48.20849, 16.37208, 48.14816, 17.10674) == pytest.approx(54.9, abs=0.05)
