"""How values read in the window: translated codes, country names, days and amounts via babel."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_interval, get_date_format

from cxdesk.core.i18n import (
    _,
    country_name,
    current_language,
    format_day,
    format_money,
    language_name,
)
from cxdesk.domain.codes import (
    ECOSYSTEM_LABELS,
    ORG_KIND_LABELS,
    Ecosystem,
    OrgKind,
)


@lru_cache(maxsize=512)
def _country(code: str, lang: str) -> str:
    return country_name(code, lang)


def country(code: str | None) -> str:
    """The country's name in the interface language (cached: tables ask for it per cell)."""
    return _country(code, current_language()) if code else ""


def country_with_code(code: str | None) -> str:
    return f"{country(code)} ({code})" if code else ""


def language(code: str | None) -> str:
    return language_name(code, current_language()) if code else ""


def kind(code: str | OrgKind) -> str:
    try:
        return _(ORG_KIND_LABELS[OrgKind(code)])
    except ValueError:
        return str(code)


def ecosystem(code: str | Ecosystem | None) -> str:
    if not code:
        return ""
    try:
        return _(ECOSYSTEM_LABELS[Ecosystem(code)])
    except ValueError:
        return str(code)


def ecosystems(codes: str) -> str:
    """A ';'-joined list of ecosystem codes as their names."""
    return ", ".join(ecosystem(c) for c in codes.split(";") if c)


@lru_cache(maxsize=4096)
def _day(value: date, lang: str) -> str:
    return format_day(value, lang)


def day(value: date | None) -> str:
    return _day(value, current_language()) if value else ""


def period(start: date, end: date) -> str:
    """A stay as babel writes an interval: "Sep 21 – 25, 2026", "21 sept. – 5 oct. 2026"."""
    return format_interval(start, end, "yMMMd", locale=current_language())


def money(amount: Decimal | None) -> str:
    return format_money(amount) if amount is not None else "—"


@lru_cache(maxsize=16)
def _date_edit_format(lang: str, weekday: bool) -> str:
    pattern = get_date_format("short", locale=lang).pattern
    parts = pattern.split("'")
    for i in range(0, len(parts), 2):  # outside quotes: the pattern letters
        part = re.sub(r"y+", "yyyy", parts[i])
        part = re.sub(r"(?<!M)M(?!M)", "MM", part)
        parts[i] = re.sub(r"(?<!d)d(?!d)", "dd", part)
    text = "'".join(parts)
    return f"ddd {text}" if weekday else text


def date_edit_format(weekday: bool = False) -> str:
    """A date editor's format in the language's order and signs, with four-digit years and
    two-digit days and months (CLDR's short pattern, which Qt's format letters share):
    28.11.2026 in German, 11/28/2026 in English, 28/11/2026 in French."""
    return _date_edit_format(current_language(), weekday)
