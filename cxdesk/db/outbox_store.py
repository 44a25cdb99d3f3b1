"""The outbox: e-mails carrying an exchange's documents, queued, sent or failed (bytes in blobs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxdesk.core.errors import NotFound
from cxdesk.core.i18n import _
from cxdesk.db.closing_store import keep_blob
from cxdesk.db.models import BlobRow, ExchangeRow, OutboxRow, PersonRow
from cxdesk.db.retention_queries import record_note
from cxdesk.db.tracking import now_utc, user_of

#: The statuses of a message (cli.md: `outbox --json`).
WAITING, SENT, FAILED = "waiting", "sent", "failed"


@dataclass(frozen=True)
class OutboxMessage:
    """One message of the outbox as the CLI and the window list it."""

    id: int
    to: str
    subject: str
    body: str
    document: str
    reference: str | None
    exchange_uid: str | None
    language: str
    status: str
    error: str | None
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    attachment_name: str | None
    attachment_sha256: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "to": self.to,
            "subject": self.subject,
            "document": self.document,
            "reference": self.reference,
            "status": self.status,
            "error": self.error,
        }


def _message(row: OutboxRow, reference: str | None) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        to=row.recipient,
        subject=row.subject,
        body=row.body,
        document=row.document,
        reference=reference,
        exchange_uid=row.exchange_uid,
        language=row.language,
        status=row.status,
        error=row.error,
        attempts=row.attempts or 0,
        created_at=row.created_at,
        sent_at=row.sent_at,
        attachment_name=row.attachment_name,
        attachment_sha256=row.attachment_sha256,
    )


def _note(session: Session, row: OutboxRow, what: str) -> None:
    """The exchange's history: "queued agreement to x@y", "sent agreement to x@y"."""
    if row.exchange_uid:
        detail = f"{row.document} to {row.recipient}"
        record_note(session, "exchanges", row.exchange_uid, what, None, detail, "mail")


class OutboxStore:
    """The outbox inside one unit of work (the caller's session)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def queue(
        self,
        exchange_uid: str | None,
        document: str,
        recipient: str,
        language: str,
        subject: str,
        body: str,
        attachment: tuple[str, bytes] | None,
    ) -> OutboxMessage:
        """Put a message in the outbox (waiting); its attachment's bytes are kept in blobs."""
        name, digest = None, None
        if attachment is not None:
            name = attachment[0]
            digest = keep_blob(self.session, attachment[1], "application/pdf").sha256
        row = OutboxRow(
            created_at=now_utc(),
            created_by=user_of(self.session),
            exchange_uid=exchange_uid,
            document=document,
            recipient=recipient,
            language=language,
            subject=subject,
            body=body,
            attachment_name=name,
            attachment_sha256=digest,
            status=WAITING,
            attempts=0,
        )
        self.session.add(row)
        self.session.flush()
        _note(self.session, row, "queued")
        return self.message(row.id)

    def _rows(self, statuses: tuple[str, ...] | None) -> list[tuple[OutboxRow, str | None]]:
        query = select(OutboxRow, ExchangeRow.reference).outerjoin(
            ExchangeRow, ExchangeRow.uid == OutboxRow.exchange_uid
        )
        if statuses is not None:
            query = query.where(OutboxRow.status.in_(statuses))
        return [(r, ref) for r, ref in self.session.execute(query.order_by(OutboxRow.id)).all()]

    def messages(self) -> list[OutboxMessage]:
        """Every message, oldest first."""
        return [_message(r, ref) for r, ref in self._rows(None)]

    def to_send(self, retry_failed: bool = True) -> list[OutboxMessage]:
        """The messages `outbox --send` tries: waiting, and failed ones again."""
        statuses = (WAITING, FAILED) if retry_failed else (WAITING,)
        return [_message(r, ref) for r, ref in self._rows(statuses)]

    def waiting_count(self) -> int:
        query = select(func.count()).select_from(OutboxRow)
        return int(self.session.scalar(query.where(OutboxRow.status == WAITING)) or 0)

    def _row(self, message_id: int) -> OutboxRow:
        row = self.session.get(OutboxRow, message_id)
        if row is None:
            raise NotFound(_("The outbox has no message number {id}.").format(id=message_id))
        return row

    def message(self, message_id: int) -> OutboxMessage:
        row = self._row(message_id)
        reference = None
        if row.exchange_uid:
            reference = self.session.scalar(
                select(ExchangeRow.reference).where(ExchangeRow.uid == row.exchange_uid)
            )
        return _message(row, reference)

    def attachment(self, message: OutboxMessage) -> bytes | None:
        if not message.attachment_sha256:
            return None
        blob = self.session.get(BlobRow, message.attachment_sha256)
        return bytes(blob.content) if blob is not None else None

    def mark_sent(self, message_id: int) -> None:
        row = self._row(message_id)
        row.status, row.error, row.sent_at = SENT, None, now_utc()
        row.attempts = (row.attempts or 0) + 1
        self.session.flush()
        _note(self.session, row, "sent")

    def mark_failed(self, message_id: int, error: str) -> None:
        row = self._row(message_id)
        row.status, row.error = FAILED, error
        row.attempts = (row.attempts or 0) + 1
        self.session.flush()

    def person_language(self, email: str) -> str | None:
        """The language of the person on the desk with this address (None: nobody, or none)."""
        return self.session.scalar(
            select(PersonRow.language)
            .where(
                func.lower(PersonRow.email) == email.strip().lower(),
                PersonRow.deleted.is_(False),
                PersonRow.language.is_not(None),
                PersonRow.language != "",
            )
            .order_by(PersonRow.id)
            .limit(1)
        )
