"""SEPA batches in the database: the payments due with where to pay them, batches and items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxdesk.db.models import (
    BankDetailsRow,
    BatchItemRow,
    BatchRow,
    ExchangeRow,
    PaymentRow,
    PersonRow,
    ReportRow,
)
from cxdesk.db.store import Store
from cxdesk.db.tracking import now_utc, user_of
from cxdesk.domain.codes import BatchStatus, Status
from cxdesk.domain.records import Batch, BatchItem


@dataclass(frozen=True)
class Payable:
    """A reported exchange with what is still owed, where to pay it, and any open batch."""

    uid: str
    reference: str
    report_validated_on: date | None
    owed: Decimal  # the amount due (or the lump sum) less what was paid already
    visitor: str
    iban: str | None
    bic: str | None
    account_holder: str | None
    open_batch: str | None


def _batch(row: BatchRow, items: list[BatchItemRow]) -> Batch:
    return Batch(
        number=row.number,
        execution_date=row.execution_date,
        debtor_name=row.debtor_name,
        debtor_iban=row.debtor_iban,
        debtor_bic=row.debtor_bic,
        status=BatchStatus(row.status),
        items=tuple(BatchItem(i.exchange_uid, i.amount) for i in items),
        created_at=row.created_at,
        created_by=row.created_by,
        file_name=row.file_name,
        closed_on=row.closed_on,
        bank_reference=row.bank_reference,
        id=row.id,
    )


class BatchStore:
    """Batches inside one unit of work (the caller's `Store` session)."""

    def __init__(self, store: Store) -> None:
        self.session: Session = store.session

    def payable(self) -> list[Payable]:
        """Every reported exchange with something still owed, by reference."""
        paid = (
            select(PaymentRow.exchange_uid, func.sum(PaymentRow.amount).label("paid"))
            .where(PaymentRow.deleted.is_(False))
            .group_by(PaymentRow.exchange_uid)
            .subquery()
        )
        waiting = (
            select(BatchItemRow.exchange_uid, func.min(BatchRow.number).label("number"))
            .join(BatchRow, BatchRow.id == BatchItemRow.batch_id)
            .where(BatchRow.status == BatchStatus.OPEN.value)
            .group_by(BatchItemRow.exchange_uid)
            .subquery()
        )
        rows = self.session.execute(
            select(
                ExchangeRow.uid,
                ExchangeRow.reference,
                ExchangeRow.report_validated_on,
                ExchangeRow.lump_sum,
                ReportRow.amount_due,
                paid.c.paid,
                PersonRow.first_name,
                PersonRow.last_name,
                BankDetailsRow.iban,
                BankDetailsRow.bic,
                BankDetailsRow.account_holder,
                waiting.c.number,
            )
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .outerjoin(
                ReportRow,
                (ReportRow.exchange_uid == ExchangeRow.uid) & ReportRow.deleted.is_(False),
            )
            .outerjoin(paid, paid.c.exchange_uid == ExchangeRow.uid)
            .outerjoin(BankDetailsRow, BankDetailsRow.exchange_uid == ExchangeRow.uid)
            .outerjoin(waiting, waiting.c.exchange_uid == ExchangeRow.uid)
            .where(ExchangeRow.status == Status.REPORTED.value, ExchangeRow.deleted.is_(False))
            .order_by(ExchangeRow.reference)
        ).all()
        found = []
        for r in rows:
            due = r.amount_due if r.amount_due is not None else r.lump_sum
            owed = (due or Decimal(0)) - (r.paid or Decimal(0))
            if owed <= 0:
                continue
            found.append(
                Payable(
                    uid=r.uid,
                    reference=r.reference,
                    report_validated_on=r.report_validated_on,
                    owed=owed,
                    visitor=f"{r.first_name} {r.last_name}".strip(),
                    iban=r.iban,
                    bic=r.bic,
                    account_holder=r.account_holder,
                    open_batch=r.number,
                )
            )
        return found

    def next_number(self, prefix: str) -> str:
        """The next free batch number starting with `prefix` (`SEPA-2026-` → `SEPA-2026-0003`)."""
        numbers = self.session.scalars(
            select(BatchRow.number).where(BatchRow.number.like(prefix + "%"))
        )
        used = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
        return f"{prefix}{max(used, default=0) + 1:04d}"

    def add(
        self,
        number: str,
        execution_date: date,
        debtor: tuple[str, str, str | None],
        items: list[BatchItem],
        file_name: str | None,
    ) -> Batch:
        name, iban, bic = debtor
        row = BatchRow(
            number=number,
            created_at=now_utc(),
            created_by=user_of(self.session),
            execution_date=execution_date,
            debtor_name=name,
            debtor_iban=iban,
            debtor_bic=bic,
            file_name=file_name,
            status=BatchStatus.OPEN.value,
        )
        self.session.add(row)
        self.session.flush()
        rows = [
            BatchItemRow(batch_id=row.id, exchange_uid=i.exchange_uid, amount=i.amount)
            for i in items
        ]
        self.session.add_all(rows)
        self.session.flush()
        return _batch(row, rows)

    def _row(self, number: str) -> BatchRow | None:
        return self.session.scalar(
            select(BatchRow).where(func.upper(BatchRow.number) == number.strip().upper())
        )

    def _items(self, row: BatchRow) -> list[BatchItemRow]:
        return list(
            self.session.scalars(
                select(BatchItemRow)
                .where(BatchItemRow.batch_id == row.id)
                .order_by(BatchItemRow.id)
            )
        )

    def batch(self, number: str) -> Batch | None:
        row = self._row(number)
        return _batch(row, self._items(row)) if row is not None else None

    def batches(self, status: BatchStatus | None = None) -> list[Batch]:
        """Batches (of one status when given), the oldest first, with their items."""
        query = select(BatchRow).order_by(BatchRow.id)
        if status is not None:
            query = query.where(BatchRow.status == status.value)
        rows = list(self.session.scalars(query))
        items: dict[int, list[BatchItemRow]] = {r.id: [] for r in rows}
        if rows:
            for item in self.session.scalars(
                select(BatchItemRow)
                .where(BatchItemRow.batch_id.in_(list(items)))
                .order_by(BatchItemRow.id)
            ):
                items[item.batch_id].append(item)
        return [_batch(r, items[r.id]) for r in rows]

    def close(
        self, number: str, status: BatchStatus, on: date, bank_reference: str | None
    ) -> Batch:
        """Mark a batch confirmed or cancelled on `on`."""
        row = self._row(number)
        assert row is not None
        row.status = status.value
        row.closed_on = on
        if bank_reference is not None:
            row.bank_reference = bank_reference
        self.session.flush()
        return _batch(row, self._items(row))

    def remove(self, number: str) -> None:
        """Take back a batch whose file could not be put in place: as if never made."""
        row = self._row(number)
        if row is None:
            return
        for item in self._items(row):
            self.session.delete(item)
        self.session.flush()
        self.session.delete(row)
        self.session.flush()
