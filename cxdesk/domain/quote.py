"""The quote of a proposed exchange: eligibility, working days, distance and the lump sum."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cxdesk.core.i18n import _, country_name, format_number, ngettext
from cxdesk.domain.countries import is_participating, normalise_country
from cxdesk.domain.geo import find_town, great_circle_km
from cxdesk.domain.rates import (
    CURRENCY,
    DEFAULT_RATES,
    HALVING_DISTANCE_KM,
    HALVING_WORKING_DAYS,
    halve,
    money,
    rate_for,
    table_label,
)
from cxdesk.domain.records import Rate
from cxdesk.domain.rules import ExchangeContext, check_exchange
from cxdesk.domain.validation import unknown_cities
from cxdesk.domain.workdays import calendar_days, host_holidays, working_days


@dataclass(frozen=True)
class Place:
    """Where an organisation is: its city and country, and its coordinates when known."""

    city: str
    country: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Quote:
    """What the scheme grants for one exchange, and why."""

    eligible: bool
    reasons: tuple[str, ...]  # every failed rule; empty when eligible
    working_days: int
    calendar_days: int
    distance_km: float  # rounded to 0.1 km; the 200 km test uses this shown value
    ceiling: Decimal  # the host country's ceiling in force on the start date (0.00 if none)
    halved: bool
    halved_because: tuple[str, ...]
    lump_sum: Decimal  # what the visitor would receive; computed, not shown, when not eligible
    currency: str
    rates: str  # the rate table used and its date
    holidays: tuple[tuple[date, str], ...]  # host holidays on weekdays that the stay lost
    warnings: tuple[str, ...] = ()  # things to look at that do not refuse the exchange
    rate: Rate | None = None  # the rate applied

    def to_json(self) -> dict[str, Any]:
        """The `cxdesk quote --json` object (cli.md): exactly its keys, amounts as strings."""
        return {
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "working_days": self.working_days,
            "calendar_days": self.calendar_days,
            "distance_km": round(self.distance_km, 1),
            "ceiling": f"{self.ceiling:.2f}",
            "halved": self.halved,
            "halved_because": list(self.halved_because),
            # No amount for an exchange the scheme refuses (cli.md): null, not a figure.
            "lump_sum": f"{self.lump_sum:.2f}" if self.eligible else None,
            "currency": self.currency,
            "rates": self.rates,
        }


def unknown_places(*places: Place) -> list[tuple[str, str]]:
    """(city, ISO country code) of each place without coordinates whose city the gazetteer's
    towns of 1,000 people or more do not hold."""
    unknown: list[tuple[str, str]] = []
    for place in places:
        if place.latitude is not None and place.longitude is not None:
            continue
        code = normalise_country(place.country)
        if find_town(place.city, code) is None:
            unknown.append((place.city.strip(), code))
    return unknown


def locate(place: Place) -> tuple[float, float]:
    """The place's coordinates: its own, else its city's from the gazetteer.

    Raises ValueError naming the city and country, with the nearest spellings, when the
    gazetteer does not know the city.
    """
    if place.latitude is not None and place.longitude is not None:
        return place.latitude, place.longitude
    code = normalise_country(place.country)
    city = find_town(place.city, code)
    if city is None:
        raise ValueError(unknown_cities([(place.city.strip(), code)], coordinates=True))
    return city.latitude, city.longitude


def distance_between(visitor: Place, host: Place) -> float:
    """Great-circle distance in km between the two places, rounded to 0.1 km.

    Raises ValueError naming every unknown city (both when both are) in one sentence.
    """
    unknown = unknown_places(visitor, host)
    if unknown:
        raise ValueError(unknown_cities(unknown, coordinates=True))
    lat1, lon1 = locate(visitor)
    lat2, lon2 = locate(host)
    return round(great_circle_km(lat1, lon1, lat2, lon2), 1)


def quote_exchange(
    visitor: Place,
    host: Place,
    start: date,
    end: date,
    rates: Sequence[Rate] = DEFAULT_RATES,
    *,
    context: ExchangeContext | None = None,
    distance_km: float | None = None,
) -> Quote:
    """Apply the scheme's rules and amounts to a proposed exchange (nothing is stored).

    The lump sum is the host country's ceiling in force on the start date, halved once when the
    stay has fewer than 5 working days or the organisations are less than 200 km apart. It is
    computed for an exchange that is not eligible too (eligible=False and the reasons tell why),
    but shown nowhere then: to_json gives null and the `quote` command prints no amount.
    """
    visitor_country = normalise_country(visitor.country)
    host_country = normalise_country(host.country)
    # A distance the platform gave (or a coordinator set) is the exchange's; else computed.
    distance = distance_km if distance_km is not None else distance_between(visitor, host)
    days = working_days(start, end, host_country)
    result = check_exchange(visitor_country, host_country, start, end, context, days=days)
    reasons = list(result.reasons)

    rate = rate_for(host_country, start, rates)
    if rate is None:
        ceiling = money(0)
        table = _("no rate table")
        if is_participating(host_country, start):  # else the country's own reason says enough
            reasons.append(
                _(
                    "No lump-sum ceiling is set for exchanges to {country} starting on {date}"
                ).format(
                    country=f"{country_name(host_country)} ({host_country})",
                    date=start.isoformat(),
                )
            )
    else:
        ceiling = money(rate.ceiling)
        table = _("{table}, valid from {date}").format(
            table=table_label(rate.table), date=rate.valid_from.isoformat()
        )

    because: list[str] = []
    if days < HALVING_WORKING_DAYS:
        because.append(
            ngettext(
                "{days} working day: fewer than {minimum}",
                "{days} working days: fewer than {minimum}",
                days,
            ).format(days=days, minimum=HALVING_WORKING_DAYS)
        )
    if distance < HALVING_DISTANCE_KM:
        because.append(
            _("{km} km between the organisations: less than {minimum} km").format(
                km=format_number(distance), minimum=HALVING_DISTANCE_KM
            )
        )
    halved = bool(because)
    lump_sum = halve(ceiling) if halved else ceiling

    lost = tuple(
        (day, name)
        for day, name in sorted(host_holidays(host_country, start, end).items())
        if day.weekday() < 5
    )
    return Quote(
        eligible=not reasons,
        reasons=tuple(reasons),
        working_days=days,
        calendar_days=calendar_days(start, end),
        distance_km=distance,
        ceiling=ceiling,
        halved=halved,
        halved_because=tuple(because),
        lump_sum=lump_sum,
        currency=CURRENCY,
        rates=table,
        holidays=lost,
        warnings=result.warnings,
        rate=rate,
    )
