"""Validating a closing report and paying the visitor: the second half's money steps.

Every write is one operation (`operations.run`); the `…_in(store, …)` functions are the same
steps inside an operation another service already runs (the lifecycle, a SEPA confirmation).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.store import Store, new_uid
from cxdesk.domain.closing import (
    ChecklistLine,
    checklist,
    settle,
    stay_of,
    validation_problems,
)
from cxdesk.domain.codes import STATUS_LABELS, EvidenceKind, PaymentKind, Status
from cxdesk.domain.lifecycle import allowed_transitions, check_transition, payment_due
from cxdesk.domain.records import Change, Exchange, Payment, Report
from cxdesk.services import operations
from cxdesk.services.evidence import closing_change, evidence_kind, waive_in


def validation_reasons(
    exchange: Exchange,
    report: Report | None,
    lines: Sequence[ChecklistLine],
    on: date,
    today: date,
) -> list[str]:
    """Why the report cannot be validated on `on` (empty when it can)."""
    status = Status(exchange.status)
    if Status.REPORTED not in allowed_transitions(status):
        reasons = check_transition(
            dataclasses.replace(exchange, report_validated_on=on), Status.REPORTED
        )
        if status is Status.SIGNED:
            reasons = [
                _("{reference} is not completed yet: mark it completed first").format(
                    reference=exchange.reference
                )
            ]
        return reasons
    return validation_problems(exchange, report, lines, on, today)


def validate_report(
    db: Database,
    key: str,
    *,
    on: date | None = None,
    waivers: Sequence[tuple[EvidenceKind | str, str]] = (),
    source: str = "editor",
) -> Change:
    """Validate the report on `on` (default today): the exchange becomes reported, with the
    amount due worked out from the dates the visit really took."""
    return operations.run(
        db, lambda store: validate_in(store, key, on=on, waivers=waivers, source=source)
    )


def validate_in(
    store: Store,
    key: str,
    *,
    on: date | None = None,
    waivers: Sequence[tuple[EvidenceKind | str, str]] = (),
    source: str,
    today: date | None = None,
) -> Change:
    """`validate_report` inside an operation: waive what `waivers` names, check, settle, move."""
    today = today or today_utc()
    on = on or today
    exchange = store.exchange(key)
    closing = ClosingStore(store)
    chosen = [(evidence_kind(kind), reason) for kind, reason in waivers]
    if Status(exchange.status) is Status.COMPLETED:
        for kind, reason in chosen:
            waive_in(closing, exchange, kind, reason)
    report = closing.report(exchange.uid)
    lines = checklist(closing.evidence_of(exchange.uid), closing.waivers_of(exchange.uid))
    reasons = validation_reasons(exchange, report, lines, on, today)
    if reasons:
        raise UserError(
            _("The report of {reference} was not validated: {reason}.").format(
                reference=exchange.reference, reason=reasons[0]
            ),
            problems=[f"{exchange.reference}: {r}" for r in reasons[1:]],
        )
    assert report is not None
    if exchange.lump_sum is None:
        raise UserError(
            _("{reference} has no granted lump sum: nothing can be worked out as due.").format(
                reference=exchange.reference
            )
        )
    row = store.exchange_row(exchange.uid)
    start, end = stay_of(exchange, report)
    settlement = settle(
        granted=exchange.lump_sum,
        ceiling=row.granted_ceiling,
        already_halved=bool(row.granted_halved_because),
        host_country=store.organisation(exchange.host_organisation_uid).country,
        start=start,
        end=end,
    )
    closing.settle(exchange.uid, settlement.amount_due, settlement.reduction_reason, source)
    store.edit(
        "exchanges",
        exchange.uid,
        {"status": Status.REPORTED, "report_validated_on": on},
        source,
    )
    validated = dataclasses.replace(exchange, report_validated_on=on)
    due = payment_due(validated)
    assert due is not None
    if settlement.eligible:
        message = _("Report of {reference} validated on {date}: {amount} to pay by {due}.").format(
            reference=exchange.reference,
            date=on.isoformat(),
            amount=format_money(settlement.amount_due),
            due=due.isoformat(),
        )
    else:
        message = _("Report of {reference} validated on {date}: nothing is due.").format(
            reference=exchange.reference, date=on.isoformat()
        )
    if settlement.reduction_reason:
        message += " " + settlement.reduction_reason + "."
    return closing_change(exchange, message, "waivers")


# -- payment ---------------------------------------------------------------------------------


def pay(
    db: Database,
    key: str,
    *,
    on: date | None = None,
    bank_reference: str | None = None,
    source: str = "editor",
) -> Change:
    """Record the one payment of the amount due on `on` (default today): the exchange is paid."""
    return operations.run(
        db,
        lambda store: pay_in(store, key, on=on, bank_reference=bank_reference, source=source),
    )


def amount_owed(store: Store, exchange: Exchange) -> Decimal | None:
    """What the visitor is owed: the validated amount due, else the granted lump sum."""
    report = ClosingStore(store).report(exchange.uid)
    if report is not None and report.amount_due is not None:
        return report.amount_due
    return exchange.lump_sum


def open_batch_refusal(
    store: Store, exchange: Exchange, batch: str | None = None
) -> UserError | None:
    """The refusal to pay an exchange whose payment waits in an open SEPA batch (other than
    `batch`, the one being confirmed): a payment is never made twice."""
    waiting = ClosingStore(store).open_batch_of(exchange.uid)
    if waiting is None or waiting == batch:
        return None
    return UserError(
        _(
            "{reference} waits in the SEPA batch {batch}, not yet confirmed by the bank: "
            "confirm it (sepa --confirm {batch}) or cancel it (sepa --cancel {batch}) first."
        ).format(reference=exchange.reference, batch=waiting)
    )


def pay_in(
    store: Store,
    key: str,
    *,
    on: date | None = None,
    bank_reference: str | None = None,
    source: str,
    batch: str | None = None,
) -> Change:
    """`pay` inside an operation. A SEPA batch being confirmed passes its number as `batch`: its
    own payments are not refused for waiting in it."""
    on = on or today_utc()
    exchange = store.exchange(key)
    reference = exchange.reference
    status = Status(exchange.status)
    if status is Status.PAID:
        raise UserError(_("{reference} is paid already.").format(reference=reference))
    if status is not Status.REPORTED:
        raise UserError(
            _(
                "{reference} cannot be paid: its report is not validated ({status}); validate "
                "it first (validate-report)."
            ).format(reference=reference, status=_(STATUS_LABELS[status]))
        )
    closing = ClosingStore(store)
    refusal = open_batch_refusal(store, exchange, batch)
    if refusal is not None:
        raise refusal
    owed = amount_owed(store, exchange)
    report = closing.report(exchange.uid)
    if owed is None or owed <= 0:
        why = report.reduction_reason if report is not None and report.reduction_reason else ""
        raise UserError(
            (
                _("{reference} is not eligible: nothing is due ({why}).")
                if why
                else _("{reference} has nothing due: there is nothing to pay.")
            ).format(reference=reference, why=why)
        )
    if exchange.report_validated_on is not None and on < exchange.report_validated_on:
        raise UserError(
            _(
                "{reference} cannot be paid on {date}, before its report was validated on "
                "{validated}."
            ).format(
                reference=reference,
                date=on.isoformat(),
                validated=exchange.report_validated_on.isoformat(),
            )
        )
    paid = sum((p.amount for p in store.payments_of(exchange.uid)), Decimal(0))
    rest = owed - paid
    if rest > 0:
        store.add_payment(
            Payment(
                new_uid(),
                exchange.uid,
                PaymentKind.LUMP_SUM,
                rest,
                on,
                (bank_reference or "").strip() or None,
            ),
            source,
        )
    store.edit("exchanges", exchange.uid, {"status": Status.PAID}, source)
    message = _("{reference} paid: {amount} on {date}.").format(
        reference=reference, amount=format_money(max(rest, Decimal(0))), date=on.isoformat()
    )
    return closing_change(exchange, message, "payments")
