"""The desk's clock: today's date and the present moment, both in UTC, asked for in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now_utc() -> datetime:
    """The present moment, timezone-aware in UTC."""
    return datetime.now(UTC)


def today_utc() -> date:
    """Today's date in UTC: what the rules, the imports and the tabs call "today"."""
    return now_utc().date()
