"""Where each exchange goes on a calendar page: a bar per week it touches, lowest free lane."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta

from cxdesk.services.calendar import SpanRow


@dataclass(frozen=True)
class Segment:
    """The part of one exchange inside one week row."""

    index: int  # into the page's spans
    week: int
    lane: int
    first: int  # first column, 0 = Monday
    last: int  # last column, inclusive
    open_left: bool  # the exchange started in an earlier week
    open_right: bool  # …and goes on after this one


def lay_out(spans: list[SpanRow], start: date, weeks: int) -> list[Segment]:
    """Segments for every span on a page of `weeks` rows starting on the Monday `start`.

    Lanes are given per week, longest first among equal starts, each in the lowest lane free
    on its first day: the usual calendar look. Heaps keep it O(n log n) for a platform's month.
    """
    per_week: list[list[tuple[int, int, int, bool, bool]]] = [[] for _ in range(weeks)]
    end = start + timedelta(days=7 * weeks - 1)
    for index, span in enumerate(spans):
        first_day, last_day = max(span.start_date, start), min(span.end_date, end)
        if first_day > last_day:
            continue
        week = (first_day - start).days // 7
        while week < weeks:
            week_start = start + timedelta(days=7 * week)
            week_end = week_start + timedelta(days=6)
            if week_start > last_day:
                break
            a = max(first_day, week_start)
            b = min(last_day, week_end)
            per_week[week].append(
                (
                    (a - week_start).days,
                    (b - week_start).days,
                    index,
                    span.start_date < a,
                    span.end_date > b,
                )
            )
            week += 1
    segments: list[Segment] = []
    for week, items in enumerate(per_week):
        items.sort(key=lambda t: (t[0], -(t[1] - t[0]), t[2]))
        busy: list[tuple[int, int]] = []  # (last column, lane)
        free: list[int] = []
        lanes = 0
        for first, last, index, left, right in items:
            while busy and busy[0][0] < first:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane, lanes = lanes, lanes + 1
            heapq.heappush(busy, (last, lane))
            segments.append(Segment(index, week, lane, first, last, left, right))
    return segments
