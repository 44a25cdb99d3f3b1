"""The scheme's rules on a platform package's exchanges: warnings to look at, never a refusal.

The platform is authoritative on what it granted (an exception, a rule since changed): an
exchange it sends is stored as sent, and what the desk's rules say about it is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _, current_language
from cxdesk.domain.codes import STATUS_LABELS, VOID_STATUSES, OrgKind, Status
from cxdesk.domain.rules import ExchangeContext, check_exchange

#: Statuses that say the exchange took place.
DONE = frozenset({Status.COMPLETED, Status.REPORTED, Status.PAID})


def _kind(value: str | None) -> OrgKind | None:
    try:
        return OrgKind(value) if value else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _verdict(
    visitor_country: str,
    host_country: str,
    start: date,
    end: date,
    visitor_kind: str | None,
    visitor_in_cluster: bool,
    host_kind: str | None,
    host_in_cluster: bool,
    language: str,
) -> tuple[str, ...]:
    # Many exchanges share these facts (and working days need the holiday calendars): cached,
    # per language as the reasons are sentences.
    context = ExchangeContext(
        visitor_kind=_kind(visitor_kind),
        visitor_in_cluster=visitor_in_cluster,
        host_kind=_kind(host_kind),
        host_in_cluster=host_in_cluster,
    )
    result = check_exchange(visitor_country, host_country, start, end, context)
    return result.reasons + result.warnings


class RuleCheck:
    """Checks the exchanges an import inserts or changes, once they are in the database."""

    def __init__(self, today: date, file: str = "exchanges.csv") -> None:
        self.today = today
        self.file = file

    def check(self, facts: Iterable[dict[str, Any]], lines: dict[str, int]) -> list[Problem]:
        """Warnings for exchange facts (`SyncSession.exchange_facts`); `lines`: uid → line."""
        warnings: list[Problem] = []
        for fact in facts:
            try:
                status = Status(fact["status"])
            except ValueError:
                continue
            if status in VOID_STATUSES:
                continue
            line = lines.get(fact["uid"], 0)
            reasons = list(_verdict(
                fact["visitor_country"], fact["host_country"], fact["start_date"],
                fact["end_date"], fact["visitor_kind"], bool(fact["visitor_cluster"]),
                fact["host_kind"], bool(fact["host_cluster"]), current_language()))
            if status in DONE and fact["end_date"] > self.today:
                reasons.append(_("it is {status} but ends on {end}, after today").format(
                    status=_(STATUS_LABELS[status]).lower(), end=fact["end_date"].isoformat()))
            warnings += [
                Problem(self.file, line, "", _("{reference}: {reason}").format(
                    reference=fact["reference"], reason=reason))
                for reason in reasons
            ]
        return warnings
