"""`cxdesk check`: the database's health and the scheme's rules on every stored exchange."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.health import integrity_problems
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES, VOID_STATUSES, Status
from cxdesk.domain.lifecycle import is_late, payment_due
from cxdesk.domain.quote import quote_exchange
from cxdesk.domain.records import Exchange, Organisation, Payment, Person
from cxdesk.domain.rules import ExchangeContext
from cxdesk.services.exchanges import place_of, rates_in_force, today_utc

Progress = Callable[[int, int], bool]


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exchanges_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(
    db: Database, today: date | None = None, progress: Progress | None = None
) -> CheckReport:
    today = today or today_utc()
    report = CheckReport(problems=integrity_problems(db))
    with db.unit() as session:
        store = Store(session)
        orgs: dict[str, Organisation] = {o.uid: o for o in store.all_live("organisations")}
        people: dict[str, Person] = {p.uid: p for p in store.all_live("people")}
        exchanges: list[Exchange] = store.all_live("exchanges")
        payments: list[Payment] = store.all_live("payments")
        rates = rates_in_force(store)
    by_org: dict[str, list[Exchange]] = defaultdict(list)
    by_visitor: dict[str, list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        visitor = people.get(exchange.visitor_uid)
        if visitor is not None:
            by_org[visitor.organisation_uid].append(exchange)
        by_visitor[exchange.visitor_uid].append(exchange)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for payment in payments:
        paid[payment.exchange_uid] += payment.amount
    for index, exchange in enumerate(exchanges):
        if progress and index % 5000 == 0 and not progress(index, len(exchanges)):
            break
        report.exchanges_checked += 1
        report.problems += _check_one(exchange, orgs, people, by_org, by_visitor, rates)
        report.problems += _check_money(exchange, paid.get(exchange.uid, Decimal(0)))
        if is_late(exchange, today):
            report.notes.append(
                _("{reference}: payment was due on {due} and is late").format(
                    reference=exchange.reference, due=payment_due(exchange)
                )
            )
    return report


def _check_one(
    exchange: Exchange,
    orgs: dict[str, Organisation],
    people: dict[str, Person],
    by_org: dict[str, list[Exchange]],
    by_visitor: dict[str, list[Exchange]],
    rates: list,
) -> list[str]:  # type: ignore[type-arg]
    ref = exchange.reference
    visitor = people.get(exchange.visitor_uid)
    host = orgs.get(exchange.host_organisation_uid)
    visiting = orgs.get(visitor.organisation_uid) if visitor else None
    if visitor is None or visiting is None or host is None:
        return [_("{reference}: its visitor or host is missing").format(reference=ref)]
    if exchange.status in VOID_STATUSES:
        return []
    context = ExchangeContext.from_records(
        visiting,
        host,
        exchange=exchange,
        visiting_organisation_exchanges=by_org[visiting.uid],
        visitor_exchanges=by_visitor[exchange.visitor_uid],
    )
    quote = quote_exchange(
        place_of(visiting),
        place_of(host),
        exchange.start_date,
        exchange.end_date,
        rates,
        context=context,
    )
    return [f"{ref}: {reason}" for reason in quote.reasons]


def _check_money(exchange: Exchange, paid: Decimal) -> list[str]:
    ref = exchange.reference
    problems = []
    if exchange.status in GRANTED_STATUSES and (
        exchange.lump_sum is None or exchange.lump_sum <= 0
    ):
        problems.append(_("{reference}: granted but has no lump sum").format(reference=ref))
    if exchange.status in (Status.REPORTED, Status.PAID) and exchange.report_validated_on is None:
        problems.append(
            _("{reference}: reported without a report validation date").format(reference=ref)
        )
    if (
        exchange.status is Status.PAID
        and exchange.lump_sum is not None
        and paid < exchange.lump_sum
    ):
        problems.append(
            _("{reference}: marked paid but only {paid} of {amount} was paid").format(
                reference=ref, paid=paid, amount=exchange.lump_sum
            )
        )
    if exchange.lump_sum is not None and paid > exchange.lump_sum:
        problems.append(
            _("{reference}: {paid} paid, more than the lump sum {amount}").format(
                reference=ref, paid=paid, amount=exchange.lump_sum
            )
        )
    return problems
