"""The calendar page: exchanges as spans, host holidays, and clashes between exchanges."""

from __future__ import annotations

import calendar as cal
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from cxdesk.core.i18n import _
from cxdesk.db.calendar_queries import ClashRow, SpanRow, clashes_between, spans_between
from cxdesk.db.engine import Database
from cxdesk.domain.workdays import host_holidays

__all__ = [
    "CalendarView",
    "ClashRow",
    "Holiday",
    "SpanRow",
    "calendar_view",
    "clash_text",
    "month_grid",
    "shift",
    "week_range",
]


@dataclass(frozen=True)
class Holiday:
    day: date
    country: str
    name: str


@dataclass(frozen=True)
class CalendarView:
    """What one calendar page shows: its days, the exchanges on them, holidays and clashes."""

    start: date
    end: date
    spans: list[SpanRow]
    holidays: list[Holiday]
    clashes: list[ClashRow]

    @property
    def clashing_uids(self) -> frozenset[str]:
        return frozenset(u for c in self.clashes for u in (c.first_uid, c.second_uid))


def week_range(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_grid(day: date) -> tuple[date, date]:
    """The whole weeks (Monday to Sunday) covering the month of `day`."""
    first = day.replace(day=1)
    last = day.replace(day=cal.monthrange(day.year, day.month)[1])
    return week_range(first)[0], week_range(last)[1]


def shift(day: date, mode: str, steps: int) -> date:
    """The day `steps` months (mode "month") or weeks (mode "week") away."""
    if mode == "week":
        return day + timedelta(weeks=steps)
    months = day.year * 12 + day.month - 1 + steps
    year, month = divmod(months, 12)
    month += 1
    return date(year, month, min(day.day, cal.monthrange(year, month)[1]))


def calendar_view(
    db: Database,
    start: date,
    end: date,
    *,
    host_country: str | None = None,
    statuses: Collection[str] = (),
) -> CalendarView:
    """The exchanges from `start` to `end`, their host countries' holidays, and clashes."""
    with db.unit() as session:
        spans = spans_between(session, start, end, host_country=host_country, statuses=statuses)
        shown = {s.uid for s in spans}
        # A clash is listed when one of its exchanges is on the page.
        clashes = [
            c
            for c in clashes_between(session, start, end)
            if c.first_uid in shown or c.second_uid in shown
        ]
    holidays = [
        Holiday(day, country, name)
        for country in sorted({s.host_country for s in spans})
        for day, name in sorted(host_holidays(country, start, end).items())
    ]
    return CalendarView(start, end, spans, holidays, clashes)


def clash_text(clash: ClashRow) -> str:
    """The clash in a sentence naming both references."""
    if clash.kind == "visitor":
        return _("{who} would be in {first} and {second} at the same time.").format(
            who=clash.who, first=clash.first_reference, second=clash.second_reference
        )
    return _("{who} visits twice ({first} and {second}); an organisation visits only once.").format(
        who=clash.who, first=clash.first_reference, second=clash.second_reference
    )
