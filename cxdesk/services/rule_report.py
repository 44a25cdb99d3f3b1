"""The scheme's rules over stored exchanges in one pass: what `check` and the import both report.

One evaluation, so that what an import warns about and what `cxdesk check` prints right after
are the same sentences (cxdesk issue 12). It gives, per live exchange, exactly the reasons the
editors' `evaluate` (the full quote, with the visiting organisation's other visits and the
visitor's overlapping exchanges) gives, plus a lifecycle one: taken place, yet ending after today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import attrgetter

from cxdesk.core.i18n import _
from cxdesk.db.rule_facts import RuleFact
from cxdesk.domain.codes import STATUS_LABELS, VOID_STATUSES, OrgKind, Status
from cxdesk.domain.countries import normalise_country
from cxdesk.domain.quote import Place, quote_exchange
from cxdesk.domain.rates import rate_for
from cxdesk.domain.records import Rate
from cxdesk.domain.rules import ExchangeContext, check_exchange, visitor_free, visits_once

#: Statuses that say the exchange took place.
DONE = frozenset({Status.COMPLETED, Status.REPORTED, Status.PAID})


@dataclass(frozen=True)
class Finding:
    """One thing the rules say about one exchange."""

    uid: str
    reference: str
    reason: str
    #: A failed rule; False for something to look at that refuses nothing (an SME hosting
    #: outside a cluster, by an exception approved beforehand).
    failure: bool = True

    @property
    def text(self) -> str:
        """`REFERENCE: reason`, as `check` prints it and an import warns it."""
        return _("{reference}: {reason}").format(reference=self.reference, reason=self.reason)


def _kind(value: str | None) -> OrgKind | None:
    try:
        return OrgKind(value) if value else None
    except ValueError:
        return None


_STATUSES = {status.value: status for status in Status}


def _status(value: str) -> Status | None:
    return _STATUSES.get(value)


def present(fact: RuleFact) -> bool:
    """Both organisations are on the desk (else the rules cannot be applied)."""
    return fact.visiting_uid is not None and fact.host_uid is not None


#: The statuses of an exchange that counts against others (see `counts`).
_COUNTED = frozenset(status.value for status in Status if status not in VOID_STATUSES)
#: The visiting organisation of an exchange that counts (one is there: see `counts`).
_VISITING = attrgetter("visiting_uid")


def counts(fact: RuleFact) -> bool:
    """The exchange counts against others (visits once, overlaps): live, both sides present."""
    status = _status(fact.status)
    return status is not None and status not in VOID_STATUSES and present(fact)


class RuleEvaluation:
    """The rules over a set of exchange facts (see `findings`), in the current language.

    Many exchanges share their countries, dates and kinds: the verdict on those is computed
    once per combination; only the other visits and overlaps are each exchange's own.
    """

    def __init__(self, rates: Sequence[Rate], today: date) -> None:
        self.rates = list(rates)
        self.today = today
        self._base: dict[tuple[object, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._ceiling: dict[tuple[str, date], tuple[str, ...]] = {}
        self._rates_of: dict[str, list[Rate]] = {}
        self._ceiling_of: dict[tuple[str, date], tuple[str, ...]] = {}
        self._alone: dict[tuple[object, ...], tuple[list[str], tuple[str, ...]]] = {}

    def findings(self, facts: Iterable[RuleFact]) -> list[Finding]:
        """What the rules say about each live exchange among `facts`, which must hold every
        live exchange of each visiting organisation concerned (their visits and overlaps)."""
        # By visiting organisation: a visitor belongs to one, so its overlaps are there too;
        # most organisations visit once, and their exchanges need no context of their own.
        # `counts` of each, spelled out: it is asked of every exchange on the desk.
        live = sorted(
            (
                fact
                for fact in facts
                if fact.status in _COUNTED
                and fact.visiting_uid is not None
                and fact.host_uid is not None
            ),
            key=_VISITING,
        )
        found: list[Finding] = []
        for _uid, group in groupby(live, key=_VISITING):
            members = list(group)
            for fact in members:
                others: tuple[str, ...] = ()
                overlaps: tuple[str, ...] = ()
                if len(members) > 1:
                    rest = [m for m in members if m.uid != fact.uid]
                    others = tuple(sorted(m.reference for m in rest))
                    overlaps = tuple(
                        sorted(
                            m.reference
                            for m in rest
                            if m.visitor_uid == fact.visitor_uid
                            and m.start_date <= fact.end_date
                            and fact.start_date <= m.end_date
                        )
                    )
                reasons, warnings = self._verdict(fact, others, overlaps)
                found += [Finding(fact.uid, fact.reference, r) for r in reasons]
                found += [Finding(fact.uid, fact.reference, w, failure=False) for w in warnings]
        return found

    def _verdict(
        self, fact: RuleFact, others: tuple[str, ...], overlaps: tuple[str, ...]
    ) -> tuple[list[str], tuple[str, ...]]:
        assert fact.visitor_country is not None and fact.host_country is not None
        key = (
            fact.visitor_country,
            fact.host_country,
            fact.start_date,
            fact.end_date,
            fact.visitor_kind,
            fact.visitor_cluster,
            fact.host_kind,
            fact.host_cluster,
        )
        alone = not (others or overlaps)
        if alone:
            # Without other visits or overlaps, the verdict is the same for every exchange with
            # these facts and status: worked out once (the caller only reads it).
            done = self._alone.get((key, fact.status))
            if done is not None:
                return done
        base = self._base.get(key)
        if base is None:
            context = ExchangeContext(
                visitor_kind=_kind(fact.visitor_kind),
                visitor_in_cluster=fact.visitor_cluster,
                host_kind=_kind(fact.host_kind),
                host_in_cluster=fact.host_cluster,
            )
            result = check_exchange(
                fact.visitor_country, fact.host_country, fact.start_date, fact.end_date, context
            )
            base = self._base[key] = (result.reasons, result.warnings)
        reasons = list(base[0])
        if others or overlaps:
            # `check_exchange` ends its reasons with these two: added here, in its order, they
            # give what it gives with the full context.
            context = ExchangeContext(
                other_visits=others, visitor_overlaps=overlaps, reference=fact.reference
            )
            reasons += visits_once(context) + visitor_free(context)
        ceiling_key = (fact.host_country, fact.start_date)
        ceiling = self._ceiling_of.get(ceiling_key)
        if ceiling is None:
            # Many exchanges share their host country and first day: looked up once for them.
            ceiling = self._ceiling_of[ceiling_key] = self._no_ceiling(*ceiling_key)
        reasons += ceiling
        status = _STATUSES[fact.status]
        if status in DONE and fact.end_date > self.today:
            reasons.append(
                _("it is {status} but ends on {end}, after today").format(
                    status=_(STATUS_LABELS[status]).lower(), end=fact.end_date.isoformat()
                )
            )
        if alone:
            self._alone[(key, fact.status)] = (reasons, base[1])
        return reasons, base[1]

    def _no_ceiling(self, country: str, start: date) -> tuple[str, ...]:
        """The quote's own reason after the rules': no ceiling set for the host country."""
        try:
            code = normalise_country(country)
        except ValueError:
            return ()  # the rules said so already
        if code not in self._rates_of:
            # The rates of one country, in their order: `rate_for` picks the same among them.
            self._rates_of[code] = [r for r in self.rates if _code(r.host_country) in (code, None)]
        if rate_for(code, start, self._rates_of[code]) is not None:
            return ()
        key = (code, start)
        if key not in self._ceiling:
            # Rare (a country without a ceiling): the quote's sentence, whatever follows the
            # rules' reasons in it, not a copy of it here.
            quote = quote_exchange(
                Place("", code), Place("", code), start, start, self.rates, distance_km=0.0
            )
            rules = check_exchange(code, code, start, start)
            self._ceiling[key] = quote.reasons[len(rules.reasons) :]
        return self._ceiling[key]


def _code(country: str) -> str | None:
    try:
        return normalise_country(country.strip())
    except ValueError:
        return None
