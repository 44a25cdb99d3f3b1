"""A block's checks across rows: dates in order, values a file may hold once."""

from __future__ import annotations

from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _
from cxdesk.sync.values import show


def check_order(
    file: str,
    lines: list[int],
    firsts: list[Any],
    lasts: list[Any],
    earlier: str,
    later: str,
    problems: dict[int, list[Problem]],
) -> None:
    for at, (first, last) in enumerate(zip(firsts, lasts, strict=True)):
        if first is not None and last is not None and last < first:
            problems.setdefault(at, []).append(
                Problem(
                    file,
                    lines[at],
                    later,
                    _("{later} is before {earlier} {first}").format(
                        later=last.isoformat(), earlier=earlier, first=first.isoformat()
                    ),
                )
            )


def check_unique(
    file: str,
    lines: list[int],
    key: tuple[str, ...],
    seen: dict[Any, int],
    values: dict[str, list[Any]],
    problems: dict[int, list[Problem]],
) -> None:
    if len(key) == 1:
        # One column: its value is the key (no tuple per row, less memory).
        if key[0] not in values:
            return
        keys: list[Any] = values[key[0]]
        fresh = dict(zip(keys, lines, strict=True))
        fresh.pop(None, None)
        if len(fresh) == len(keys) - keys.count(None) and seen.keys().isdisjoint(fresh):
            seen.update(fresh)  # no value twice: the usual case, at once
            return
    else:
        keys = list(zip(*(values.get(name, [None] * len(lines)) for name in key), strict=True))
    for at, value in enumerate(keys):
        parts: tuple[Any, ...] = value if len(key) > 1 else (value,)
        if any(part is None for part in parts):
            continue
        first = seen.get(value)
        if first is None:
            seen[value] = lines[at]
            continue
        shown = " ".join(show(str(part)) for part in parts)
        problems.setdefault(at, []).append(
            Problem(
                file,
                lines[at],
                key[-1],
                _("{value} is already on line {line}").format(value=shown, line=first),
            )
        )
