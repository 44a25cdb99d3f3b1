"""Exchanges waiting for a step before the payment: signatures, a visit soon, a missing report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow, ReportRow
from cxdesk.domain.codes import Status


@dataclass(frozen=True)
class WaitingRow:
    """One live exchange with the people a line about it names."""

    uid: str
    reference: str
    status: str
    start_date: date
    end_date: date
    visitor: str
    host: str


def _waiting(session: Session, condition: object) -> list[WaitingRow]:
    host = aliased(OrganisationRow)
    rows = session.execute(
        select(
            ExchangeRow.uid,
            ExchangeRow.reference,
            ExchangeRow.status,
            ExchangeRow.start_date,
            ExchangeRow.end_date,
            PersonRow.first_name,
            PersonRow.last_name,
            host.name,
        )
        .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
        .join(host, host.uid == ExchangeRow.host_organisation_uid)
        .where(ExchangeRow.deleted.is_(False), condition)  # type: ignore[arg-type]
        .order_by(ExchangeRow.start_date, ExchangeRow.reference)
    ).all()
    return [WaitingRow(r[0], r[1], r[2], r[3], r[4], f"{r[5]} {r[6]}".strip(), r[7]) for r in rows]


def awaiting_signatures(session: Session) -> list[WaitingRow]:
    """Approved exchanges: the agreement waits for its signatures."""
    return _waiting(session, ExchangeRow.status == Status.APPROVED.value)


def starting_between(session: Session, first: date, last: date) -> list[WaitingRow]:
    """Signed exchanges starting from `first` to `last`."""
    return _waiting(
        session,
        and_(
            ExchangeRow.status == Status.SIGNED.value,
            ExchangeRow.start_date >= first,
            ExchangeRow.start_date <= last,
        ),
    )


def reports_missing(session: Session, today: date) -> list[WaitingRow]:
    """Completed exchanges, and signed ones past their end, with no closing report received."""
    has_report = exists().where(
        ReportRow.exchange_uid == ExchangeRow.uid, ReportRow.deleted.is_(False)
    )
    return _waiting(
        session,
        and_(
            or_(
                ExchangeRow.status == Status.COMPLETED.value,
                and_(ExchangeRow.status == Status.SIGNED.value, ExchangeRow.end_date < today),
            ),
            ~has_report,
        ),
    )
