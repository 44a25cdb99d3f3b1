"""Personal data past its keeping period: what is still held, erasing it, and the note it leaves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import CompoundSelect, func, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from cxdesk.db.closing_store import blob_in_use
from cxdesk.db.models import (
    AuditRow,
    BankDetailsRow,
    BlobRow,
    EvidenceRow,
    ExchangeRow,
    OutboxRow,
    PaymentRow,
    SignedPaperRow,
)
from cxdesk.db.sync.evidence import evidence_changed
from cxdesk.db.tracking import now_utc, user_of


@dataclass(frozen=True)
class HeldRow:
    """An exchange paid before a day, with the bank details and evidence still kept for it."""

    uid: str
    reference: str
    paid_on: date
    iban: str | None
    files: tuple[str, ...]


def _last_payments() -> Subquery:
    return (
        select(PaymentRow.exchange_uid, func.max(PaymentRow.paid_on).label("paid_on"))
        .where(PaymentRow.deleted.is_(False))
        .group_by(PaymentRow.exchange_uid)
        .subquery()
    )


def held_after_payment(
    session: Session, paid_before: date, uids: list[str] | None = None
) -> list[HeldRow]:
    """Exchanges last paid before `paid_before` that still hold bank details or evidence,
    the oldest payment first (only those of `uids` when given)."""
    paid = _last_payments()
    query = (
        select(ExchangeRow.uid, ExchangeRow.reference, paid.c.paid_on, BankDetailsRow.iban)
        .join(paid, paid.c.exchange_uid == ExchangeRow.uid)
        .outerjoin(BankDetailsRow, BankDetailsRow.exchange_uid == ExchangeRow.uid)
        .where(paid.c.paid_on < paid_before)
        .order_by(paid.c.paid_on, ExchangeRow.reference)
    )
    if uids is not None:
        query = query.where(ExchangeRow.uid.in_(uids))
    rows = session.execute(query).all()
    files: dict[str, list[str]] = {}
    wanted = [r.uid for r in rows]
    for start in range(0, len(wanted), 500):
        for uid, name in session.execute(
            select(EvidenceRow.exchange_uid, EvidenceRow.file_name)
            .where(EvidenceRow.exchange_uid.in_(wanted[start : start + 500]))
            .order_by(EvidenceRow.kind, EvidenceRow.id)
        ):
            files.setdefault(uid, []).append(name)
    return [
        HeldRow(r.uid, r.reference, r.paid_on, r.iban, tuple(files.get(r.uid, ())))
        for r in rows
        if r.iban is not None or r.uid in files
    ]


def erase_held(session: Session, exchange_uid: str) -> None:
    """Delete an exchange's bank details and evidence, and the files nothing else refers to."""
    # Row by row, not a bulk delete: the operation's journal sees each row it removes.
    bank = session.get(BankDetailsRow, exchange_uid)
    if bank is not None:
        session.delete(bank)
    rows = list(
        session.scalars(select(EvidenceRow).where(EvidenceRow.exchange_uid == exchange_uid))
    )
    hashes = {row.sha256 for row in rows}
    for row in rows:
        session.delete(row)
    session.flush()
    if rows:
        # The report's evidence list shrank: the platform hears of it with the next package.
        evidence_changed(session, exchange_uid)
    for digest in hashes:
        blob = session.get(BlobRow, digest)
        if blob is not None and not blob_in_use(session, digest):
            session.delete(blob)
    session.flush()


def record_note(
    session: Session,
    table: str,
    uid: str,
    field: str,
    old: str | None,
    new: str | None,
    source: str,
) -> None:
    """An audit line for a change no row's edit records (an erasure, a desk setting): who, when,
    what. Audit lines are never undone nor erased: the history keeps them."""
    session.add(
        AuditRow(
            at=now_utc(),
            table_name=table,
            row_uid=uid,
            field=field,
            old=old,
            new=new,
            source=source,
            user=user_of(session),
        )
    )
    session.flush()


def unused_blobs(session: Session) -> int:
    """How many stored files nothing refers to (none, after an erasure)."""
    used: CompoundSelect[Any] = union(
        select(EvidenceRow.sha256),
        select(OutboxRow.attachment_sha256).where(OutboxRow.attachment_sha256.is_not(None)),
        select(SignedPaperRow.sha256),
    )
    return int(
        session.scalar(select(func.count()).select_from(BlobRow).where(BlobRow.sha256.not_in(used)))
        or 0
    )
