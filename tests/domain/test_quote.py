"""The quote of an exchange: working days at the host, distance, ceiling, halving, refusals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from cxdesk.domain.quote import Place, Quote, quote_exchange
from cxdesk.domain.rates import DEFAULT_RATES
from cxdesk.domain.records import Rate
from cxdesk.domain.rules import ExchangeContext

D = date

# (id, visitor city, visitor country, host city, host country, start, end,
#  eligible, working days, calendar days, ceiling, lump sum, halved because (substrings))
CASES = [
    # Greek (Orthodox) Good Friday, 10 April 2026, is not a working day; Greece given as EL.
    (
        "gr-orthodox-good-friday",
        "Vienna",
        "AT",
        "Athens",
        "EL",
        D(2026, 4, 6),
        D(2026, 4, 10),
        True,
        4,
        5,
        "950.00",
        "475.00",
        ("4 working days",),
    ),
    # Western Good Friday (3 April) is a working day in Greece.
    (
        "gr-western-good-friday-works",
        "Vienna",
        "AT",
        "Athens",
        "GR",
        D(2026, 3, 30),
        D(2026, 4, 3),
        True,
        5,
        5,
        "950.00",
        "950.00",
        (),
    ),
    # Easter Monday 6 April 2026 in Germany: Mon..Mon is 6 weekdays, 5 working days.
    (
        "de-easter-monday",
        "Paris",
        "FR",
        "Berlin",
        "DE",
        D(2026, 4, 6),
        D(2026, 4, 13),
        True,
        5,
        8,
        "950.00",
        "950.00",
        (),
    ),
    # Easter Monday in France (Good Friday 3 April is worked outside Alsace-Moselle).
    (
        "fr-easter-monday",
        "Milan",
        "IT",
        "Lyon",
        "FR",
        D(2026, 4, 1),
        D(2026, 4, 7),
        True,
        4,
        7,
        "950.00",
        "475.00",
        ("4 working days",),
    ),
    (
        "ie-easter-monday",
        "Lisbon",
        "PT",
        "Dublin",
        "IE",
        D(2026, 4, 6),
        D(2026, 4, 10),
        True,
        4,
        5,
        "1100.00",
        "550.00",
        ("4 working days",),
    ),
    (
        "ie-st-patricks-day",
        "Lisbon",
        "PT",
        "Dublin",
        "IE",
        D(2026, 3, 16),
        D(2026, 3, 20),
        True,
        4,
        5,
        "1100.00",
        "550.00",
        ("4 working days",),
    ),
    # Poland: Christmas Eve is a public holiday from 2025 (holidays 0.109), not in 2024.
    (
        "pl-christmas-2026",
        "Berlin",
        "DE",
        "Warsaw",
        "PL",
        D(2026, 12, 21),
        D(2026, 12, 31),
        True,
        7,
        11,
        "780.00",
        "780.00",
        (),
    ),
    (
        "pl-christmas-2024",
        "Berlin",
        "DE",
        "Warsaw",
        "PL",
        D(2024, 12, 23),
        D(2024, 12, 27),
        True,
        3,
        5,
        "780.00",
        "390.00",
        ("3 working days",),
    ),
    (
        "pl-christmas-2025",
        "Berlin",
        "DE",
        "Warsaw",
        "PL",
        D(2025, 12, 22),
        D(2025, 12, 26),
        False,
        2,
        5,
        "780.00",
        "390.00",
        ("2 working days",),
    ),
    # One month: 2 March → 1 April is the longest stay.
    (
        "exactly-one-month",
        "Madrid",
        "ES",
        "Lyon",
        "FR",
        D(2026, 3, 2),
        D(2026, 4, 1),
        True,
        23,
        31,
        "950.00",
        "950.00",
        (),
    ),
    (
        "one-month-and-a-day",
        "Madrid",
        "ES",
        "Lyon",
        "FR",
        D(2026, 3, 2),
        D(2026, 4, 2),
        False,
        24,
        32,
        "950.00",
        "950.00",
        (),
    ),
    # Distance and length halve once, and name every reason.
    (
        "vienna-bratislava-near",
        "Vienna",
        "AT",
        "Bratislava",
        "SK",
        D(2026, 3, 2),
        D(2026, 3, 6),
        True,
        5,
        5,
        "780.00",
        "390.00",
        ("54.9 km",),
    ),
    (
        "both-halving-reasons",
        "Vienna",
        "AT",
        "Bratislava",
        "SK",
        D(2026, 3, 2),
        D(2026, 3, 4),
        True,
        3,
        3,
        "780.00",
        "390.00",
        ("3 working days", "54.9 km"),
    ),
    # The three ceiling tiers.
    (
        "tier-1100-dk",
        "Madrid",
        "ES",
        "Copenhagen",
        "DK",
        D(2026, 3, 2),
        D(2026, 3, 6),
        True,
        5,
        5,
        "1100.00",
        "1100.00",
        (),
    ),
    (
        "tier-950-de",
        "Madrid",
        "ES",
        "Munich",
        "DE",
        D(2026, 3, 2),
        D(2026, 3, 6),
        True,
        5,
        5,
        "950.00",
        "950.00",
        (),
    ),
    (
        "tier-780-ro",
        "Madrid",
        "ES",
        "Bucharest",
        "RO",
        D(2026, 3, 2),
        D(2026, 3, 6),
        True,
        5,
        5,
        "780.00",
        "780.00",
        (),
    ),
    (
        "tier-1100-halved-is",
        "Dublin",
        "IE",
        "Reykjavik",
        "IS",
        D(2026, 3, 2),
        D(2026, 3, 4),
        True,
        3,
        3,
        "1100.00",
        "550.00",
        ("3 working days",),
    ),
    # Participation by date.
    (
        "uk-before-2021",
        "Paris",
        "FR",
        "London",
        "UK",
        D(2020, 11, 2),
        D(2020, 11, 6),
        True,
        5,
        5,
        "780.00",
        "780.00",
        (),
    ),
    (
        "uk-after-2020",
        "Paris",
        "FR",
        "London",
        "GB",
        D(2021, 3, 1),
        D(2021, 3, 5),
        False,
        5,
        5,
        "780.00",
        "780.00",
        (),
    ),
    (
        "kosovo-xk",
        "Madrid",
        "ES",
        "Pristina",
        "XK",
        D(2026, 3, 2),
        D(2026, 3, 6),
        True,
        5,
        5,
        "780.00",
        "780.00",
        (),
    ),
    (
        "switzerland-host",
        "Madrid",
        "ES",
        "Zurich",
        "CH",
        D(2026, 3, 2),
        D(2026, 3, 6),
        False,
        5,
        5,
        "0.00",
        "0.00",
        (),
    ),
    (
        "norway-visitor",
        "Oslo",
        "NO",
        "Madrid",
        "ES",
        D(2026, 3, 2),
        D(2026, 3, 6),
        False,
        5,
        5,
        "950.00",
        "950.00",
        (),
    ),
    (
        "same-country",
        "Paris",
        "FR",
        "Lyon",
        "FR",
        D(2026, 3, 2),
        D(2026, 3, 6),
        False,
        5,
        5,
        "950.00",
        "950.00",
        (),
    ),
    (
        "too-short",
        "Madrid",
        "ES",
        "Lyon",
        "FR",
        D(2026, 3, 5),
        D(2026, 3, 8),
        False,
        2,
        4,
        "950.00",
        "475.00",
        ("2 working days",),
    ),
    (
        "dates-reversed",
        "Madrid",
        "ES",
        "Lyon",
        "FR",
        D(2026, 3, 6),
        D(2026, 3, 2),
        False,
        0,
        0,
        "950.00",
        "475.00",
        ("0 working days",),
    ),
]


@pytest.mark.parametrize(
    (
        "visitor_city",
        "visitor_cc",
        "host_city",
        "host_cc",
        "start",
        "end",
        "eligible",
        "days",
        "cal",
        "ceiling",
        "lump",
        "because",
    ),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_quote_table(
    visitor_city: str,
    visitor_cc: str,
    host_city: str,
    host_cc: str,
    start: date,
    end: date,
    eligible: bool,
    days: int,
    cal: int,
    ceiling: str,
    lump: str,
    because: tuple[str, ...],
) -> None:
    q = quote_exchange(Place(visitor_city, visitor_cc), Place(host_city, host_cc), start, end)
    assert (q.eligible, q.working_days, q.calendar_days) == (eligible, days, cal), q.reasons
    assert q.eligible == (not q.reasons)
    assert q.ceiling == Decimal(ceiling)
    assert q.lump_sum == Decimal(lump)
    assert q.halved == bool(because)
    assert len(q.halved_because) == len(because)
    for wanted, got in zip(because, q.halved_because, strict=True):
        assert wanted in got


def _quote(v: str, vc: str, h: str, hc: str, start: date, end: date) -> Quote:
    return quote_exchange(Place(v, vc), Place(h, hc), start, end)


def test_greek_good_friday_is_listed_as_the_lost_day() -> None:
    q = _quote("Vienna", "AT", "Athens", "EL", D(2026, 4, 6), D(2026, 4, 10))
    assert q.holidays == ((D(2026, 4, 10), "Good Friday"),)
    assert q.halved_because == ("4 working days: fewer than 5",)


def test_polish_christmas_eve_is_a_holiday_from_2025() -> None:
    q = _quote("Berlin", "DE", "Warsaw", "PL", D(2026, 12, 21), D(2026, 12, 31))
    assert [d for d, _ in q.holidays] == [D(2026, 12, 24), D(2026, 12, 25)]
    assert q.holidays[0][1] == "Christmas Eve"


def test_one_month_and_a_day_is_refused_with_the_last_possible_day() -> None:
    q = _quote("Madrid", "ES", "Lyon", "FR", D(2026, 3, 2), D(2026, 4, 2))
    assert q.reasons == (
        "The exchange ends on 2026-04-02, more than one month after it starts: "
        "the last possible day is 2026-04-01",
    )


def test_non_participating_countries_are_named() -> None:
    ch = _quote("Madrid", "ES", "Zurich", "CH", D(2026, 3, 2), D(2026, 3, 6))
    assert ch.reasons == ("Switzerland (CH) does not take part in the programme",)
    assert ch.rates == "no rate table"
    no = _quote("Oslo", "NO", "Madrid", "ES", D(2026, 3, 2), D(2026, 3, 6))
    assert no.reasons == ("Norway (NO) does not take part in the programme",)


def test_uk_after_2020_is_refused_with_the_end_of_its_participation() -> None:
    q = _quote("Paris", "FR", "London", "UK", D(2021, 1, 4), D(2021, 1, 8))
    assert q.reasons == ("United Kingdom (GB) took part in the programme only until 2020-12-31",)
    assert _quote("Paris", "FR", "London", "UK", D(2020, 12, 28), D(2020, 12, 31)).eligible


def test_same_country_is_not_transnational() -> None:
    q = _quote("Paris", "FR", "Lyon", "FR", D(2026, 3, 2), D(2026, 3, 6))
    assert q.reasons == ("Both organisations are in France (FR): an exchange must cross a border",)


def test_too_few_working_days_reason() -> None:
    q = _quote("Madrid", "ES", "Lyon", "FR", D(2026, 3, 5), D(2026, 3, 8))
    assert q.reasons == ("2 working days at the host: the minimum is 3",)


def test_reversed_dates_give_one_reason() -> None:
    q = _quote("Madrid", "ES", "Lyon", "FR", D(2026, 3, 6), D(2026, 3, 2))
    assert q.reasons == ("The exchange ends on 2026-03-02, before it starts on 2026-03-06",)


def test_distance_vienna_bratislava() -> None:
    q = _quote("Wien", "at", "Bratislava", "SK", D(2026, 3, 2), D(2026, 3, 6))
    assert q.distance_km == pytest.approx(54.9, abs=0.05)
    assert q.halved_because == ("54.9 km between the organisations: less than 200 km",)


def test_coordinates_win_over_the_gazetteer() -> None:
    # An organisation outside any gazetteer city, 250 km from Vienna along the meridian.
    host = Place("Nowhere", "CZ", latitude=48.20849 + 250 / 111.195, longitude=16.37208)
    q = quote_exchange(Place("Vienna", "AT"), host, D(2026, 3, 2), D(2026, 3, 6))
    assert q.distance_km == pytest.approx(250.0, abs=0.1)
    assert not q.halved
    assert q.lump_sum == Decimal("780.00")


def test_unknown_city_raises_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"^Unknown city 'Xyz' in France \(FR\)"):
        _quote("Madrid", "ES", "Xyz", "FR", D(2026, 3, 2), D(2026, 3, 6))
    with pytest.raises(ValueError, match=r"Unknown city 'Atlantis' in Greece \(GR\)"):
        _quote("Atlantis", "EL", "Madrid", "ES", D(2026, 3, 2), D(2026, 3, 6))


def test_unknown_country_code_raises() -> None:
    with pytest.raises(ValueError, match="'QQ' is not a country code"):
        _quote("Madrid", "ES", "Lyon", "QQ", D(2026, 3, 2), D(2026, 3, 6))


FR_2026_JULY = Rate("FR", D(2026, 7, 1), None, Decimal("1000.00"), "Platform 2026-2")
FR_2026_Q1 = Rate("FR", D(2026, 1, 1), D(2026, 3, 31), Decimal("900.00"), "Platform 2026-1")


@pytest.mark.parametrize(
    ("start", "ceiling", "lump", "table"),
    [
        (D(2026, 2, 2), "900.00", "900.00", "Platform 2026-1, valid from 2026-01-01"),
        (D(2026, 4, 13), "950.00", "950.00", "Default ceilings 2026, valid from 2020-01-01"),
        (D(2026, 6, 29), "950.00", "950.00", "Default ceilings 2026, valid from 2020-01-01"),
        (D(2026, 7, 6), "1000.00", "1000.00", "Platform 2026-2, valid from 2026-07-01"),
    ],
)
def test_rate_table_by_start_date(start: date, ceiling: str, lump: str, table: str) -> None:
    rates = (*DEFAULT_RATES, FR_2026_Q1, FR_2026_JULY)
    assert start.weekday() == 0  # Monday to Friday: 5 working days, not halved
    q = quote_exchange(
        Place("Madrid", "ES"),
        Place("Lyon", "FR"),
        start,
        date.fromordinal(start.toordinal() + 4),
        rates,
    )
    assert (q.ceiling, q.lump_sum, q.rates) == (Decimal(ceiling), Decimal(lump), table)


def test_platform_rate_halves_to_the_cent() -> None:
    rates = (Rate("SK", D(2026, 1, 1), None, Decimal("777.77"), "Platform"),)
    q = _quote_with(rates, "Vienna", "AT", "Bratislava", "SK")
    assert q.lump_sum == Decimal("388.89")


def _quote_with(rates: tuple[Rate, ...], v: str, vc: str, h: str, hc: str) -> Quote:
    return quote_exchange(Place(v, vc), Place(h, hc), D(2026, 3, 2), D(2026, 3, 6), rates)


def test_missing_rate_for_a_participating_country_is_a_reason() -> None:
    q = _quote_with((), "Madrid", "ES", "Lyon", "FR")
    assert q.reasons == (
        "No lump-sum ceiling is set for exchanges to France (FR) starting on 2026-03-02",
    )
    assert q.ceiling == Decimal("0.00")


def test_to_json_has_exactly_the_cli_keys() -> None:
    q = _quote("Vienna", "AT", "Bratislava", "SK", D(2026, 3, 2), D(2026, 3, 4))
    data = q.to_json()
    assert data == {
        "eligible": True,
        "reasons": [],
        "working_days": 3,
        "calendar_days": 3,
        "distance_km": 54.9,
        "ceiling": "780.00",
        "halved": True,
        "halved_because": [
            "3 working days: fewer than 5",
            "54.9 km between the organisations: less than 200 km",
        ],
        "lump_sum": "390.00",
        "currency": "EUR",
        "rates": "Default ceilings 2026, valid from 2020-01-01",
    }
    json.dumps(data)  # serialisable as it is


def test_ineligible_quote_keeps_the_amount_and_context_reasons() -> None:
    context = ExchangeContext(other_visits=("CX-2026-0001",))
    q = quote_exchange(
        Place("Madrid", "ES"), Place("Lyon", "FR"), D(2026, 3, 2), D(2026, 3, 6), context=context
    )
    assert not q.eligible
    assert q.lump_sum == Decimal("950.00")
    assert q.reasons == (
        "The visiting organisation already visits in exchange CX-2026-0001: "
        "an organisation may visit only once",
    )


def test_quote_is_fast() -> None:
    import time

    _quote("Vienna", "AT", "Athens", "GR", D(2026, 4, 6), D(2026, 4, 10))  # warm the caches
    began = time.perf_counter()
    for i in range(2000):
        quote_exchange(
            Place("Vienna", "AT"),
            Place("Athens", "GR"),
            D(2026, 1, 1 + i % 28),
            D(2026, 2, 1 + i % 28),
        )
    assert time.perf_counter() - began < 2.0
