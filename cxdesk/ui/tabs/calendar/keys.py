"""Moving between a calendar's bars from the keyboard: in reading order, or lane by lane."""

from __future__ import annotations

from collections.abc import Sequence

#: A bar's place: (week row, lane, middle x).
Place = tuple[int, int, float]


def step(count: int, current: int | None, delta: int) -> int | None:
    """The next or previous bar in reading order (week, lane, day)."""
    if not count:
        return None
    if current is None:
        return 0
    return min(max(current + delta, 0), count - 1)


def vertical(places: Sequence[Place], current: int | None, delta: int) -> int | None:
    """The bar in the lane below or above, nearest in days; across week rows."""
    if current is None:
        return 0 if places else None
    week, lane, middle = places[current]
    rows = sorted({(w, line) for w, line, _x in places})
    position = rows.index((week, lane))
    while 0 <= position + delta < len(rows):
        position += delta
        row = rows[position]
        choices = [i for i, (w, line, _x) in enumerate(places) if (w, line) == row]
        if choices:
            return min(choices, key=lambda i: abs(places[i][2] - middle))
    return current
