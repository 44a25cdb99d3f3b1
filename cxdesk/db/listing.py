"""Every record of a table, as the window's tabs filter and sort them, read a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

# The tabs' own queries (the same filter, the same order): `list --filter` is the tab's filter.
from cxdesk.db.browse import _organisation_query, _person_query
from cxdesk.db.browse_exchanges import _exchange_filtered, _exchange_query
from cxdesk.db.models import Base, ExchangeRow, PaymentRow, ReportRow
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, PersonFilter, Sort

#: Rows read at a time: memory stays flat on 300,000 organisations.
CHUNK = 1000

Filter = OrgFilter | PersonFilter | ExchangeFilter


class PaymentLine(NamedTuple):
    id: int
    uid: str
    reference: str
    kind: str
    amount: Decimal
    paid_on: date
    bank_reference: str | None


def _ids(session: Session, table: str, flt: Filter, sort: Sort | None) -> Select[Any]:
    if table == "organisations":
        assert isinstance(flt, OrgFilter)
        return _organisation_query(session, flt, sort)
    if table == "people":
        assert isinstance(flt, PersonFilter)
        return _person_query(session, flt, sort)
    assert isinstance(flt, ExchangeFilter)
    if table == "exchanges":
        return _exchange_query(session, flt, sort)
    if table == "reports":
        # Reports: those of the exchanges the filter selects, in the order they came in.
        reports = select(ReportRow.id).where(ReportRow.deleted.is_(False))
        if flt.text or flt.statuses:
            chosen = _exchange_filtered(session, flt)
            exchanges = select(ExchangeRow.uid).where(ExchangeRow.id.in_(chosen))
            reports = reports.where(ReportRow.exchange_uid.in_(exchanges))
        return reports.order_by(ReportRow.received_on, ReportRow.id)
    # Payments: those of the exchanges the filter selects, in the order they were paid.
    query = select(PaymentRow.id).where(PaymentRow.deleted.is_(False))
    if flt.text or flt.statuses:
        chosen = _exchange_filtered(session, flt)
        exchanges = select(ExchangeRow.uid).where(ExchangeRow.id.in_(chosen))
        query = query.where(PaymentRow.exchange_uid.in_(exchanges))
    return query.order_by(PaymentRow.paid_on, PaymentRow.id)


def id_chunks(
    session: Session, table: str, flt: Filter, sort: Sort | None = None, size: int | None = None
) -> Iterator[list[int]]:
    """The ids of the live rows `flt` selects, in the tab's order, `size` (CHUNK) at a time,
    from one streamed query (never all of them in memory)."""
    size = size or CHUNK
    query = _ids(session, table, flt, sort).execution_options(yield_per=size)
    for chunk in session.execute(query).scalars().partitions(size):
        yield list(chunk)


def rows_by_id(
    session: Session, table: str, ids: Sequence[int], columns: Sequence[str]
) -> list[dict[str, Any]]:
    """The rows with these ids, in this order, each as {column: value as stored}."""
    target = Base.metadata.tables[table]
    query = select(target.c.id, *(target.c[name] for name in columns)).where(
        target.c.id.in_(list(ids))
    )
    found = {row.id: row._asdict() for row in session.execute(query)}
    rows = []
    for row_id in ids:
        if row_id in found:
            values = found[row_id]
            values.pop("id")
            rows.append(values)
    return rows


def payment_lines(session: Session, ids: Sequence[int]) -> list[PaymentLine]:
    """Payments with their exchange's reference, in the order of `ids`."""
    query = (
        select(
            PaymentRow.id,
            PaymentRow.uid,
            ExchangeRow.reference,
            PaymentRow.kind,
            PaymentRow.amount,
            PaymentRow.paid_on,
            PaymentRow.bank_reference,
        )
        .join(ExchangeRow, ExchangeRow.uid == PaymentRow.exchange_uid)
        .where(PaymentRow.id.in_(list(ids)))
    )
    found = {row.id: PaymentLine(*row) for row in session.execute(query)}
    return [found[i] for i in ids if i in found]


def row_values(session: Session, table: str, uid: str, columns: Sequence[str]) -> dict[str, Any]:
    """One row's columns as stored, by uid."""
    target = Base.metadata.tables[table]
    row = session.execute(
        select(*(target.c[name] for name in columns)).where(target.c.uid == uid)
    ).one()
    return row._asdict()


def payment_rows(
    session: Session, exchange_uid: str, columns: Sequence[str]
) -> list[dict[str, Any]]:
    """The live payments of an exchange, in the order they were paid, as {column: value}."""
    target = Base.metadata.tables["payments"]
    query = (
        select(*(target.c[name] for name in columns))
        .where(target.c.exchange_uid == exchange_uid, target.c.deleted.is_(False))
        .order_by(target.c.paid_on, target.c.id)
    )
    return [row._asdict() for row in session.execute(query)]


def exchange_references(session: Session, uids: Sequence[str]) -> dict[str, str]:
    """The references of these exchanges, by uid."""
    query = select(ExchangeRow.uid, ExchangeRow.reference).where(ExchangeRow.uid.in_(list(uids)))
    return {uid: reference for uid, reference in session.execute(query)}
