"""Signed papers received: the verified PDF (bytes in `blobs`, once by hash) and its signers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.db.closing_store import sha256_of
from cxdesk.db.models import (
    BlobRow,
    DeskStateRow,
    OrganisationRow,
    PartnershipRow,
    SignedPaperRow,
)
from cxdesk.db.tracking import now_utc, user_of


@dataclass(frozen=True)
class SignedPaper:
    """A document returned signed, as stored: who signed it, as the verification found."""

    id: int
    exchange_uid: str
    document: str  # agreement | commitment
    file_name: str
    sha256: str
    received_at: datetime
    received_by: str | None
    signers: tuple[dict[str, Any], ...]  # {"party", "name", "email", "signed_at"}


def _paper(row: SignedPaperRow) -> SignedPaper:
    return SignedPaper(
        id=row.id,
        exchange_uid=row.exchange_uid,
        document=row.document,
        file_name=row.file_name,
        sha256=row.sha256,
        received_at=row.received_at,
        received_by=row.received_by,
        signers=tuple(row.signers or ()),
    )


def _keep_bytes(session: Session, content: bytes) -> str:
    """The file's bytes stored once, as the evidence's are; return their hash."""
    digest = sha256_of(content)
    if session.get(BlobRow, digest) is None:
        session.add(
            BlobRow(sha256=digest, size=len(content), media_type="application/pdf", content=content)
        )
        session.flush()
    return digest


def add_signed_paper(
    session: Session,
    exchange_uid: str,
    document: str,
    file_name: str,
    content: bytes,
    signers: list[dict[str, Any]],
) -> SignedPaper:
    """Keep a verified signed document of an exchange; the same file twice is kept once."""
    digest = _keep_bytes(session, content)
    row = session.scalar(
        select(SignedPaperRow).where(
            SignedPaperRow.exchange_uid == exchange_uid, SignedPaperRow.sha256 == digest
        )
    )
    if row is not None:
        return _paper(row)
    row = SignedPaperRow(
        exchange_uid=exchange_uid,
        document=document,
        sha256=digest,
        file_name=file_name,
        received_at=now_utc(),
        received_by=user_of(session),
        signers=signers,
    )
    session.add(row)
    session.flush()
    return _paper(row)


def signed_papers_of(session: Session, exchange_uid: str) -> list[SignedPaper]:
    """The exchange's signed papers, first received first."""
    rows = session.scalars(
        select(SignedPaperRow)
        .where(SignedPaperRow.exchange_uid == exchange_uid)
        .order_by(SignedPaperRow.received_at, SignedPaperRow.id)
    )
    return [_paper(row) for row in rows]


def signed_paper_bytes(session: Session, paper_id: int) -> bytes | None:
    """The stored file of one signed paper."""
    row = session.get(SignedPaperRow, paper_id)
    if row is None:
        return None
    blob = session.get(BlobRow, row.sha256)
    return bytes(blob.content) if blob is not None else None


#: The desk_state key of a partnership's coordinator e-mail address is this prefix + its code.
COORDINATOR_KEY = "coordinator_email:"


def coordinator_emails(session: Session) -> dict[str, str]:
    """Each partnership's coordinator e-mail address kept for this database, by code."""
    rows = session.scalars(
        select(DeskStateRow).where(DeskStateRow.key.startswith(COORDINATOR_KEY, autoescape=True))
    )
    return {row.key[len(COORDINATOR_KEY) :]: row.value for row in rows if row.value}


def partnership_codes(session: Session) -> list[str]:
    """The partnerships the desk knows of: its own and those its organisations belong to."""
    codes = set(session.scalars(select(PartnershipRow.acronym)))
    codes |= {
        code for code in session.scalars(select(OrganisationRow.partnership).distinct()) if code
    }
    return sorted(codes)
