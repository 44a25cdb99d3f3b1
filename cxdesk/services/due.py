"""What needs doing, soonest first: signatures, visits, reports and payments (cli.md, `due`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _, format_money, ngettext
from cxdesk.db.batch_store import BatchStore
from cxdesk.db.due_queries import (
    WaitingRow,
    awaiting_signatures,
    reports_missing,
    starting_between,
)
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import BatchStatus
from cxdesk.domain.lifecycle import PAYMENT_DAYS

#: A signed visit shows this many days ahead.
VISIT_DAYS = 7
#: A closing report is expected this many days after the visit's end.
REPORT_DAYS = 14
#: The kinds, in the order a day's lines are listed.
KINDS = ("payment", "report", "signature", "visit")


@dataclass(frozen=True)
class DueItem:
    """One thing to do: its kind, the exchange (or SEPA batch) it is about, and by when."""

    kind: str  # signature | visit | report | payment
    reference: str
    due_on: date
    days_left: int  # negative when late
    what: str
    uid: str | None = None  # the exchange's uid; None for a batch

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "reference": self.reference,
            "due_on": self.due_on.isoformat(),
            "days_left": self.days_left,
            "what": self.what,
        }


def _item(
    kind: str, reference: str, due_on: date, today: date, what: str, uid: str | None
) -> DueItem:
    return DueItem(kind, reference, due_on, (due_on - today).days, what, uid)


def _signature(row: WaitingRow, today: date) -> DueItem:
    what = _("Agreement waiting for signatures: {visitor} visits {host}").format(
        visitor=row.visitor, host=row.host
    )
    return _item("signature", row.reference, row.start_date, today, what, row.uid)


def _visit(row: WaitingRow, today: date) -> DueItem:
    what = _("Visit of {visitor} to {host} starts, until {end}").format(
        visitor=row.visitor, host=row.host, end=row.end_date.isoformat()
    )
    return _item("visit", row.reference, row.start_date, today, what, row.uid)


def _report(row: WaitingRow, today: date) -> DueItem:
    what = _("Closing report of {visitor} (visit to {host} ended {end}) not received").format(
        visitor=row.visitor, host=row.host, end=row.end_date.isoformat()
    )
    return _item(
        "report", row.reference, row.end_date + timedelta(days=REPORT_DAYS), today, what, row.uid
    )


def _payments(store: Store, today: date) -> list[DueItem]:
    items: list[DueItem] = []
    waiting: dict[str, list[tuple[date, Decimal]]] = {}
    for payable in BatchStore(store).payable():
        validated = payable.report_validated_on or today
        due_on = validated + timedelta(days=PAYMENT_DAYS)
        if payable.open_batch is not None:
            waiting.setdefault(payable.open_batch, []).append((due_on, payable.owed))
            continue
        what = _("Pay {amount} to {visitor}").format(
            amount=format_money(payable.owed), visitor=payable.visitor
        )
        if not payable.iban:
            what += " " + _("(no IBAN given yet)")
        items.append(_item("payment", payable.reference, due_on, today, what, payable.uid))
    for batch in BatchStore(store).batches(BatchStatus.OPEN):
        lines = waiting.get(batch.number, [])
        total = sum((amount for _day, amount in lines), Decimal(0))
        # The batch is as urgent as the earliest payment in it.
        due_on = min((day for day, _amount in lines), default=batch.execution_date)
        what = ngettext(
            "SEPA batch {batch} ({n} payment, {total}, to be executed {date}) waits for the "
            "bank's confirmation",
            "SEPA batch {batch} ({n} payments, {total}, to be executed {date}) waits for the "
            "bank's confirmation",
            len(batch.items),
        ).format(
            batch=batch.number,
            n=len(batch.items),
            total=format_money(total),
            date=batch.execution_date.isoformat(),
        )
        items.append(_item("payment", batch.number, due_on, today, what, None))
    return items


def due_items(db: Database, today: date | None = None) -> list[DueItem]:
    """Everything that needs doing, soonest first (late ones first of all)."""
    today = today or today_utc()
    with db.unit() as session:
        store = Store(session)
        items = [_signature(row, today) for row in awaiting_signatures(session)]
        items += [
            _visit(row, today)
            for row in starting_between(session, today, today + timedelta(days=VISIT_DAYS))
        ]
        items += [_report(row, today) for row in reports_missing(session, today)]
        items += _payments(store, today)
    return sorted(items, key=lambda i: (i.due_on, KINDS.index(i.kind), i.reference))
