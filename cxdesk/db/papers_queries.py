"""What the papers of an exchange read besides the exchange: its Commitment and its report."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.db.models import CommitmentRow, ReportRow
from cxdesk.domain.records import Commitment, Report


def commitment_of(session: Session, exchange_uid: str) -> Commitment | None:
    """The Commitment to Quality typed on the exchange; None when nothing was typed."""
    row = session.get(CommitmentRow, exchange_uid)
    if row is None:
        return None
    return Commitment(
        exchange_uid=row.exchange_uid,
        goals=row.goals,
        objectives=row.objectives,
        agenda=row.agenda,
    )


def report_of(session: Session, exchange_uid: str) -> Report | None:
    """The exchange's closing report (not a deleted one); None before it is received."""
    row = session.scalars(
        select(ReportRow).where(
            ReportRow.exchange_uid == exchange_uid, ReportRow.deleted.is_(False)
        )
    ).first()
    if row is None:
        return None
    return Report(
        uid=row.uid,
        exchange_uid=row.exchange_uid,
        received_on=row.received_on,
        actual_start=row.actual_start,
        actual_end=row.actual_end,
        activities=row.activities,
        results=row.results,
        rating=row.rating,
        amount_due=row.amount_due,
        reduction_reason=row.reduction_reason,
    )
