"""`cxdesk check`: the database's health and the scheme's rules on every stored exchange."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _, ngettext
from cxdesk.db.engine import Database
from cxdesk.db.health import integrity_problems
from cxdesk.db.rule_facts import RuleFact, live_exchange_facts, open_conflicts, paid_by_exchange
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES, Status
from cxdesk.domain.lifecycle import is_late, payment_due
from cxdesk.domain.records import Exchange
from cxdesk.services.exchanges import rates_in_force
from cxdesk.services.rule_report import RuleEvaluation, present


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exchanges_checked: int = 0
    #: Conflicts an import left for the coordinator (a note, not a problem).
    open_conflicts: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, today: date | None = None) -> CheckReport:
    """Integrity, every rule failure of every live exchange (the evaluation the import warns
    with), the money and lifecycle problems, late payments and open conflicts."""
    today = today or today_utc()
    report = CheckReport(problems=integrity_problems(db))
    with db.unit() as session:
        facts = live_exchange_facts(session)
        paid = paid_by_exchange(session)
        rates = rates_in_force(Store(session))
        report.open_conflicts = open_conflicts(session)
    findings: dict[str, list[str]] = {}
    for finding in RuleEvaluation(rates, today).findings(facts):
        if finding.failure:
            findings.setdefault(finding.uid, []).append(finding.text)
        else:  # to look at, refusing nothing (the import warns of it too)
            report.notes.append(finding.text)
    for fact in facts:
        report.exchanges_checked += 1
        if not present(fact):
            report.problems.append(
                _("{reference}: its visitor or host is missing").format(reference=fact.reference)
            )
        report.problems += findings.get(fact.uid, [])
        report.problems += _check_money(fact, paid.get(fact.uid, Decimal(0)))
        due = _late(fact, today)
        if due is not None:
            report.notes.append(
                _("{reference}: payment was due on {due} and is late").format(
                    reference=fact.reference, due=due
                )
            )
    if report.open_conflicts:
        # First: the notes are shown 50 at most, and late payments can be many more.
        report.notes.insert(
            0,
            ngettext(
                "{n} conflict waits to be resolved: cxdesk conflicts",
                "{n} conflicts wait to be resolved: cxdesk conflicts",
                report.open_conflicts,
            ).format(n=report.open_conflicts),
        )
    return report


def owed(fact: RuleFact) -> Decimal | None:
    """What the visitor is owed: once the report is validated, the amount due it found (the
    lump sum halved, or nothing, for a shorter stay); before, the lump sum granted."""
    if fact.report_validated_on is not None and fact.amount_due is not None:
        return fact.amount_due
    return fact.lump_sum


def _late(fact: RuleFact, today: date) -> date | None:
    """The payment's due day when a reported exchange is still unpaid after it."""
    if fact.status != Status.REPORTED.value:
        return None  # the lifecycle's own test below, built only for the few that may be late
    amount = owed(fact)
    if amount is not None and amount <= 0:
        return None  # not eligible: nothing is to pay, so nothing is late
    exchange = Exchange(
        fact.uid,
        fact.reference,
        fact.visitor_uid,
        fact.host_uid or "",
        fact.start_date,
        fact.end_date,
        Status.REPORTED,
        report_validated_on=fact.report_validated_on,
    )
    return payment_due(exchange) if is_late(exchange, today) else None


def _check_money(fact: RuleFact, paid: Decimal) -> list[str]:
    ref = fact.reference
    lump_sum = fact.lump_sum
    try:
        status: Status | None = Status(fact.status)
    except ValueError:
        status = None
    problems = []
    if status in GRANTED_STATUSES and (lump_sum is None or lump_sum <= 0):
        problems.append(_("{reference}: granted but has no lump sum").format(reference=ref))
    if status in (Status.REPORTED, Status.PAID) and fact.report_validated_on is None:
        problems.append(
            _("{reference}: reported without a report validation date").format(reference=ref)
        )
    amount = owed(fact)
    if status is Status.PAID and amount is not None and paid < amount:
        problems.append(
            _("{reference}: marked paid but only {paid} of {amount} was paid").format(
                reference=ref, paid=paid, amount=amount
            )
        )
    if amount is not None and amount != lump_sum and paid > amount:
        problems.append(
            _("{reference}: {paid} paid, more than the amount due {amount}").format(
                reference=ref, paid=paid, amount=amount
            )
        )
    elif lump_sum is not None and paid > lump_sum:
        problems.append(
            _("{reference}: {paid} paid, more than the lump sum {amount}").format(
                reference=ref, paid=paid, amount=lump_sum
            )
        )
    return problems
