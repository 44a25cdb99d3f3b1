"""Lump-sum ceilings by host country, dated, and the thresholds that halve a lump sum."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cxdesk.core.i18n import N_, _
from cxdesk.domain.countries import (
    EU_CODE_ALIASES,
    normalise_country,
    parse_optional_date,
    read_data_csv,
)
from cxdesk.domain.records import Rate

CURRENCY = "EUR"
CENT = Decimal("0.01")
#: The lump sum is halved when the organisations are less than this far apart (km)…
HALVING_DISTANCE_KM = 200
#: …or when the exchange lasts fewer working days than this.
HALVING_WORKING_DAYS = 5
#: Fewer working days than this and the exchange is not eligible.
MINIMUM_WORKING_DAYS = 3


def money(value: Decimal | int | str) -> Decimal:
    """An amount in EUR with two places (half a cent rounds up)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def halve(amount: Decimal) -> Decimal:
    """Half an amount, to the cent (half a cent rounds up: 777.77 → 388.89)."""
    return money(amount / 2)


def _load_default_rates() -> tuple[Rate, ...]:
    rates = []
    for row in read_data_csv("default_rates.csv"):
        rates.append(
            Rate(
                host_country=row["host_country"].strip(),
                valid_from=date.fromisoformat(row["valid_from"].strip()),
                valid_to=parse_optional_date(row["valid_to"]),
                ceiling=money(row["ceiling"].strip()),
                table=row["table"].strip(),
            )
        )
    return tuple(rates)


#: The desk's own ceilings (data/default_rates.csv), in force until the platform sends others:
#: 1,100.00 for DK FI IE IS LU SE; 950.00 for AT BE CY DE ES FR GR IT MT NL PT; 780.00 elsewhere.
DEFAULT_RATES: tuple[Rate, ...] = _load_default_rates()
DEFAULT_TABLE = DEFAULT_RATES[0].table
#: The default table's name as the catalogs know it: the same text as in the CSV (a test checks).
DEFAULT_TABLE_MESSAGE = N_("Default ceilings 2026")


def table_label(name: str, translate: Callable[[str], str] = _) -> str:
    """A rate table's name as shown: the desk's own default table in the reader's language,
    any other (the platform's) as it was named."""
    return translate(name) if name == DEFAULT_TABLE else name


_DEFAULT_SET = frozenset(DEFAULT_RATES)


def covers(rate: Rate, on: date) -> bool:
    return rate.valid_from <= on and (rate.valid_to is None or on <= rate.valid_to)


def rate_for(country: str, on: date, rates: Sequence[Rate] = DEFAULT_RATES) -> Rate | None:
    """The ceiling in force for exchanges to `country` starting on `on`, or None.

    Among the rates that cover the day: a rate from any other table (the platform's rates.csv)
    replaces a default rate for the period it covers; then the latest `valid_from` wins; on a tie
    the rate given last in `rates` wins (so a caller appends newer tables).
    """
    code = normalise_country(country)
    names = {code} | {alias for alias, iso in EU_CODE_ALIASES.items() if iso == code}
    best: Rate | None = None
    best_key: tuple[bool, date, int] | None = None
    for position, rate in enumerate(rates):
        if rate.host_country != code and rate.host_country.strip().upper() not in names:
            continue
        if not covers(rate, on):
            continue
        key = (rate not in _DEFAULT_SET, rate.valid_from, position)
        if best_key is None or key > best_key:
            best, best_key = rate, key
    return best
