"""Demo closing data written through the ORM: evidence files kept once by hash, waivers, a batch."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from cxdesk.db.models import BatchItemRow, BatchRow, BlobRow, EvidenceRow, WaiverRow


@dataclass(frozen=True)
class DemoFile:
    """One evidence file a demo visitor sent back."""

    exchange_uid: str
    kind: str
    file_name: str
    content: bytes
    media_type: str
    added_at: datetime


def add_files(session: Session, files: Iterable[DemoFile], added_by: str) -> int:
    """Attach the files; each distinct content is stored once. Returns how many were attached."""
    seen: set[str] = set()
    count = 0
    for file in files:
        digest = hashlib.sha256(file.content).hexdigest()
        if digest not in seen and session.get(BlobRow, digest) is None:
            session.add(
                BlobRow(
                    sha256=digest,
                    size=len(file.content),
                    media_type=file.media_type,
                    content=file.content,
                )
            )
        seen.add(digest)
        session.add(
            EvidenceRow(
                exchange_uid=file.exchange_uid,
                kind=file.kind,
                file_name=file.file_name,
                sha256=digest,
                added_at=file.added_at,
                added_by=added_by,
            )
        )
        count += 1
    session.flush()
    return count


def add_waivers(
    session: Session, waivers: Iterable[tuple[str, str, str, datetime]], user: str
) -> None:
    """Waive kinds of evidence: (exchange uid, kind, reason, when)."""
    for exchange_uid, kind, reason, at in waivers:
        session.add(
            WaiverRow(exchange_uid=exchange_uid, kind=kind, reason=reason, at=at, user=user)
        )
    session.flush()


def add_open_batch(
    session: Session,
    number: str,
    created_at: datetime,
    execution_date: date,
    debtor: tuple[str, str, str | None],
    items: Iterable[tuple[str, Decimal]],
    created_by: str,
) -> None:
    """A SEPA batch written and not yet confirmed by the bank."""
    name, iban, bic = debtor
    batch = BatchRow(
        number=number,
        created_at=created_at,
        created_by=created_by,
        execution_date=execution_date,
        debtor_name=name,
        debtor_iban=iban,
        debtor_bic=bic,
        file_name=None,
        status="open",
    )
    session.add(batch)
    session.flush()
    for exchange_uid, amount in items:
        session.add(BatchItemRow(batch_id=batch.id, exchange_uid=exchange_uid, amount=amount))
    session.flush()
