"""The agency's indicators of one period as figures, and the words they are told in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cxdesk.core.i18n import N_, format_day, normalise_language, translations_for
from cxdesk.db.report_queries import KindCount, ListedExchange
from cxdesk.domain.codes import GRANTED_STATUSES, VOID_STATUSES

_GRANTED = frozenset(s.value for s in GRANTED_STATUSES)
_VOID = frozenset(s.value for s in VOID_STATUSES)


@dataclass(frozen=True)
class AgencyFigures:
    """The indicators of one period, counted by the rules of domain-rules.md and cli.md."""

    first: date | None
    last: date | None
    partnership: str | None
    by_status: dict[str, int]
    by_ecosystem: dict[str, int]
    by_purpose: dict[str, int]
    by_host_country: dict[str, int]
    by_visitor_country: dict[str, int]
    kinds: list[KindCount]
    organisations_taking_part: int
    sme_visitors: int
    green_travel: int
    granted_by_host_country: dict[str, Decimal]
    granted_total: Decimal
    paid_total: Decimal
    working_days: int
    exchanges: list[ListedExchange] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Every exchange of the period, whatever its status."""
        return sum(self.by_status.values())

    @property
    def counted(self) -> int:
        """The exchanges of the period less the cancelled and rejected ones."""
        return sum(n for s, n in self.by_status.items() if s not in _VOID)

    @property
    def approved_or_later(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in _GRANTED)

    def to_json(self) -> dict[str, Any]:
        """The figures as cli.md gives their shape (countries as stored: ISO codes)."""
        return {
            "from": self.first.isoformat() if self.first else None,
            "to": self.last.isoformat() if self.last else None,
            "exchanges_by_status": dict(self.by_status),
            "exchanges_by_ecosystem": dict(self.by_ecosystem),
            "exchanges_by_purpose": dict(self.by_purpose),
            "exchanges_by_host_country": dict(self.by_host_country),
            "exchanges_by_visitor_country": dict(self.by_visitor_country),
            "organisations_taking_part": self.organisations_taking_part,
            "sme_visitors": self.sme_visitors,
            "green_travel": self.green_travel,
            "granted_by_host_country": {c: str(a) for c, a in self.granted_by_host_country.items()},
            "granted_total": str(self.granted_total),
            "paid_total": str(self.paid_total),
            "working_days": self.working_days,
        }


def translator(lang: str) -> Callable[[str], str]:
    """The gettext of `lang`'s catalog, without switching the language of the messages."""
    return translations_for(normalise_language(lang)).gettext


def period_text(first: date | None, last: date | None, lang: str) -> str:
    """The period as a reader says it: both ends, one end, or all time."""
    t = translator(lang)
    if first and last:
        return t(N_("{first} – {last}")).format(
            first=format_day(first, lang, "long"), last=format_day(last, lang, "long")
        )
    if first:
        return t(N_("from {first}")).format(first=format_day(first, lang, "long"))
    if last:
        return t(N_("until {last}")).format(last=format_day(last, lang, "long"))
    return t(N_("all time"))
