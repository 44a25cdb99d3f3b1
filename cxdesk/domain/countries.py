"""The countries taking part in the programme, as dated data with the source beside each entry."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from babel import Locale

#: The EU's own codes for two countries, and the ISO codes the desk stores instead.
EU_CODE_ALIASES: dict[str, str] = {"EL": "GR", "UK": "GB"}

#: CLDR territory codes of two letters that are not countries (regions, test locales).
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@dataclass(frozen=True)
class CountryEntry:
    """One participating country and the period it takes part in, with where that comes from."""

    code: str  # ISO 3166-1 alpha-2 (GR, GB, XK)
    name: str  # English name, for people reading the data file
    valid_from: date
    valid_to: date | None  # last day it takes part; None = open-ended
    basis: str  # eu_member | cosme_associated
    source: str

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def read_data_csv(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file in `cxdesk/domain/data/` (package data, UTF-8)."""
    text = resources.files("cxdesk.domain").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def parse_optional_date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _load_countries() -> tuple[CountryEntry, ...]:
    entries = []
    for row in read_data_csv("countries.csv"):
        entries.append(
            CountryEntry(
                code=row["code"].strip(),
                name=row["name"].strip(),
                valid_from=date.fromisoformat(row["valid_from"].strip()),
                valid_to=parse_optional_date(row["valid_to"]),
                basis=row["basis"].strip(),
                source=row["source"].strip(),
            )
        )
    return tuple(entries)


#: Every country that takes or took part, one entry per period (data/countries.csv).
#: Switzerland, Norway and Liechtenstein are not COSME countries and are deliberately absent.
PARTICIPATING_COUNTRIES: tuple[CountryEntry, ...] = _load_countries()

#: Where each country's participation comes from, by ISO code.
COUNTRY_SOURCES: dict[str, str] = {e.code: e.source for e in PARTICIPATING_COUNTRIES}

_BY_CODE: dict[str, tuple[CountryEntry, ...]] = {}
for _entry in PARTICIPATING_COUNTRIES:
    _BY_CODE[_entry.code] = (*_BY_CODE.get(_entry.code, ()), _entry)


@cache
def _known_codes() -> frozenset[str]:
    territories = Locale("en").territories
    codes = {c for c in territories if isinstance(c, str) and len(c) == 2 and c.isalpha()}
    return frozenset((codes - _NOT_COUNTRIES) | {"XK"})


@lru_cache(maxsize=4096)
def normalise_country(code: str) -> str:
    """The ISO 3166-1 alpha-2 code for `code` (trimmed, upper case, EL→GR, UK→GB).

    Raises ValueError with a sentence for a person when the code is not a known country code.
    """
    value = code.strip().upper()
    value = EU_CODE_ALIASES.get(value, value)
    if value not in _known_codes():
        raise ValueError(
            f"'{code.strip()}' is not a country code: use the two-letter ISO code, e.g. FR or DE"
        )
    return value


def country_entries(code: str) -> tuple[CountryEntry, ...]:
    """The participation periods of a country (empty when it never took part)."""
    return _BY_CODE.get(normalise_country(code), ())


def is_participating(code: str, on: date) -> bool:
    """Whether the country takes part in the programme on that day (EL/UK accepted)."""
    return any(e.covers(on) for e in country_entries(code))


def participating_countries(on: date) -> list[str]:
    """ISO codes of the countries taking part on that day, sorted."""
    return sorted({e.code for e in PARTICIPATING_COUNTRIES if e.covers(on)})


def ever_participating() -> list[str]:
    """ISO codes of every country that takes or took part at some time, sorted."""
    return sorted(_BY_CODE)
