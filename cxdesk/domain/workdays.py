"""Working days at the host (Monday to Friday less national holidays) and the one-month limit."""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache

import holidays

from cxdesk.core.i18n import current_language
from cxdesk.domain.countries import normalise_country

#: The dates are the same in every language; their names are asked in the reader's.
DATES_LANGUAGE = "en_US"


def calendar_language(supported: tuple[str, ...], language: str) -> str | None:
    """The language of a country's holiday calendar that is `language` (en_GB for en …)."""
    code = language.replace("-", "_")
    base = code.split("_")[0]
    english: tuple[str, ...] = ("en_GB", "en_US") if base == "en" else ()
    for candidate in (code, base, *english):
        if candidate in supported:
            return candidate
    found: str | None = next((s for s in supported if s.split("_")[0] == base), None)
    return found


@lru_cache(maxsize=4096)
def _year_holidays(country: str, year: int, language: str) -> tuple[tuple[date, str], ...]:
    """National public holidays of one country in one year, sorted by date (cached), named in
    `language` where the calendar has it, else with no name ("")."""
    try:
        cls = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the holidays package does not know: none
        return ()
    chosen = calendar_language(tuple(getattr(cls, "supported_languages", ())), language)
    if chosen is None:
        # Never a name in another language than the text around it: the date alone.
        return tuple(sorted((day, "") for day in cls if day.year == year))
    cls = holidays.country_holidays(country, years=year, language=chosen)
    return tuple(sorted((day, str(name)) for day, name in cls.items() if day.year == year))


@lru_cache(maxsize=4096)
def _weekday_holidays(country: str, year: int) -> tuple[date, ...]:
    """The holidays of a year that fall Monday to Friday, sorted (what working days lose)."""
    days = _year_holidays(country, year, DATES_LANGUAGE)
    return tuple(d for d, _name in days if d.weekday() < 5)


def host_holidays(
    country: str, start: date, end: date, *, language: str | None = None
) -> dict[date, str]:
    """The host country's national public holidays from `start` to `end` inclusive, by date,
    named in `language` (default: the current one) where the calendar has it, else ""."""
    language = language or current_language()
    code = normalise_country(country)
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _year_holidays(code, year, language):
            if start <= day <= end:
                found[day] = name
    return found


def calendar_days(start: date, end: date) -> int:
    """Days from `start` to `end`, both included; 0 when `end` is before `start`."""
    return max((end - start).days + 1, 0)


def weekdays(start: date, end: date) -> int:
    """Mondays to Fridays from `start` to `end`, both included."""
    days = calendar_days(start, end)
    full_weeks, rest = divmod(days, 7)
    first = start.weekday()
    return full_weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


def working_days(start: date, end: date, host_country: str) -> int:
    """Monday to Friday at the host, less its national public holidays, both ends included."""
    if start > end:
        return 0
    code = normalise_country(host_country)
    count = weekdays(start, end)
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(code, year)
        count -= bisect_right(days, end) - bisect_left(days, start)
    return count


def latest_end(start: date) -> date:
    """The last day an exchange starting on `start` may end: one calendar month, less a day.

    Rule: the day before the same day of the next month (2 March → 1 April; 1 March → 31 March).
    When the next month is too short for that day (a start on 30 or 31 January), the stay may last
    until the last day of that month (31 January → 28 or 29 February), as periods in months end in
    EU law (Regulation 1182/71, Art. 3(2)(c)). So a month is never more than a calendar month and an
    end-of-month start is not cut short by a short February.
    """
    if start.day == 1:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day - 1, last))
