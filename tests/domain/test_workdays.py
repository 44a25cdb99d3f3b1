"""Working days at the host, calendar days and the one-month limit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesk.domain.workdays import calendar_days, host_holidays, latest_end, working_days

D = date


@pytest.mark.parametrize(
    ("start", "end", "country", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 6), "FR", 5),  # Monday to Friday
        (D(2026, 3, 7), D(2026, 3, 8), "FR", 0),  # a weekend
        (D(2026, 3, 6), D(2026, 3, 2), "FR", 0),  # start after end
        (D(2026, 3, 4), D(2026, 3, 4), "FR", 1),  # one day, both ends included
        (D(2026, 4, 6), D(2026, 4, 10), "GR", 4),  # Orthodox Good Friday 10 April
        (D(2026, 4, 6), D(2026, 4, 10), "EL", 4),
        (D(2026, 4, 13), D(2026, 4, 17), "GR", 4),  # Orthodox Easter Monday 13 April
        (D(2026, 4, 6), D(2026, 4, 10), "DE", 4),  # Easter Monday 6 April
        (D(2026, 4, 6), D(2026, 4, 10), "FR", 4),
        (D(2026, 4, 6), D(2026, 4, 10), "IE", 4),
        (D(2026, 3, 16), D(2026, 3, 20), "IE", 4),  # St Patrick's Day
        (D(2026, 3, 16), D(2026, 3, 20), "GB", 5),  # not a UK-wide holiday
        (D(2025, 12, 22), D(2025, 12, 26), "PL", 2),  # Christmas Eve, Christmas, 2nd day
        (D(2024, 12, 23), D(2024, 12, 27), "PL", 3),  # before 2025, 24 December was worked
        (D(2026, 12, 28), D(2027, 1, 5), "DE", 6),  # across the new year
        (D(2026, 3, 2), D(2026, 4, 1), "FR", 23),
        (D(2026, 4, 27), D(2026, 5, 1), "XK", 4),  # Labour Day in Kosovo
        (D(2026, 4, 6), D(2026, 4, 10), "CH", 5),  # Easter Monday is cantonal in CH
    ],
)
def test_working_days(start: date, end: date, country: str, expected: int) -> None:
    assert working_days(start, end, country) == expected


def _naive(start: date, end: date, country: str) -> int:
    holidays = host_holidays(country, start, end)
    count, day = 0, start
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(D(2019, 1, 1), D(2028, 12, 31)),
    length=st.integers(-3, 400),
    country=st.sampled_from(["GR", "DE", "FR", "IE", "PL", "XK", "UA", "TR", "RS", "MT"]),
)
def test_working_days_match_a_day_by_day_count(start: date, length: int, country: str) -> None:
    end = start + timedelta(days=length)
    assert working_days(start, end, country) == _naive(start, end, country)


def test_host_holidays_names_and_range() -> None:
    assert host_holidays("GR", D(2026, 4, 1), D(2026, 4, 30)) == {
        D(2026, 4, 10): "Good Friday",
        D(2026, 4, 13): "Easter Monday",
    }
    assert host_holidays("IE", D(2026, 3, 17), D(2026, 3, 17)) == {
        D(2026, 3, 17): "Saint Patrick's Day"
    }
    assert host_holidays("PL", D(2026, 12, 24), D(2026, 12, 24)) == {
        D(2026, 12, 24): "Christmas Eve"
    }
    assert host_holidays("PL", D(2024, 12, 24), D(2024, 12, 24)) == {}


def test_host_holidays_in_another_language() -> None:
    assert host_holidays("GR", D(2026, 4, 10), D(2026, 4, 10), language="el") == {
        D(2026, 4, 10): "Μεγάλη Παρασκευή"
    }


def test_calendar_days() -> None:
    assert calendar_days(D(2026, 3, 2), D(2026, 4, 1)) == 31
    assert calendar_days(D(2026, 3, 2), D(2026, 3, 2)) == 1
    assert calendar_days(D(2026, 3, 2), D(2026, 3, 1)) == 0


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (D(2026, 3, 2), D(2026, 4, 1)),  # the spec's example
        (D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 1, 28), D(2026, 2, 27)),
        (D(2026, 1, 29), D(2026, 2, 28)),
        (D(2026, 1, 30), D(2026, 2, 28)),  # February too short: its last day
        (D(2026, 1, 31), D(2026, 2, 28)),
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 31), D(2027, 1, 30)),
        (D(2026, 12, 1), D(2026, 12, 31)),
        (D(2026, 2, 28), D(2026, 3, 27)),
    ],
)
def test_latest_end(start: date, last: date) -> None:
    assert latest_end(start) == last


@given(st.dates(D(2000, 1, 1), D(2100, 12, 31)))
def test_latest_end_never_exceeds_a_calendar_month(start: date) -> None:
    last = latest_end(start)
    assert start < last
    assert 27 <= (last - start).days <= 30


def test_holiday_names_follow_the_language_or_leave_the_date_alone() -> None:
    christmas = D(2026, 12, 25)
    # Germany's calendar names its holidays in German, English, Ukrainian … not in French.
    assert host_holidays("DE", christmas, christmas, language="de") == {
        christmas: "Erster Weihnachtstag"
    }
    assert host_holidays("DE", christmas, christmas, language="uk_UA")[christmas] != ""
    assert host_holidays("DE", christmas, christmas, language="fr") == {christmas: ""}
    assert host_holidays("BG", christmas, christmas, language="fr") == {christmas: ""}
    # The dates never depend on the language.
    assert set(host_holidays("BG", D(2026, 1, 1), D(2026, 12, 31), language="fr")) == set(
        host_holidays("BG", D(2026, 1, 1), D(2026, 12, 31), language="bg")
    )
