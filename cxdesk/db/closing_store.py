"""Closing reports, evidence (bytes kept once by SHA-256), waivers, bank details, commitments."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxdesk.core.errors import NotFound
from cxdesk.core.i18n import _
from cxdesk.db.models import (
    BankDetailsRow,
    BatchItemRow,
    BatchRow,
    BlobRow,
    CommitmentRow,
    EvidenceRow,
    ExchangeRow,
    OutboxRow,
    ReportRow,
    SignedPaperRow,
    WaiverRow,
)
from cxdesk.db.store import Store, new_uid
from cxdesk.db.sync.evidence import evidence_changed
from cxdesk.db.tracking import apply_edit, now_utc, record_creation, user_of
from cxdesk.domain.codes import BatchStatus, EvidenceKind
from cxdesk.domain.records import BankDetails, Commitment, Evidence, Report, Waiver

#: A report's fields the coordinator or the visitor's form gives (the rest the validation sets).
REPORT_FIELDS = (
    "received_on",
    "actual_start",
    "actual_end",
    "activities",
    "results",
    "rating",
)


def report_record(row: ReportRow) -> Report:
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


def _evidence(row: EvidenceRow, blob: BlobRow | None) -> Evidence:
    return Evidence(
        exchange_uid=row.exchange_uid,
        kind=EvidenceKind(row.kind),
        file_name=row.file_name,
        sha256=row.sha256,
        size=blob.size if blob else 0,
        media_type=blob.media_type if blob else "application/octet-stream",
        added_at=row.added_at,
        added_by=row.added_by,
        id=row.id,
    )


def _waiver(row: WaiverRow) -> Waiver:
    return Waiver(row.exchange_uid, EvidenceKind(row.kind), row.reason, row.at, row.user)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def blob_in_use(session: Session, sha256: str) -> bool:
    """Whether any evidence, e-mail waiting or sent, or signed paper still holds these bytes."""
    for column in (EvidenceRow.sha256, OutboxRow.attachment_sha256, SignedPaperRow.sha256):
        if session.scalar(select(func.count()).where(column == sha256)):
            return True
    return False


def keep_blob(session: Session, content: bytes, media_type: str) -> BlobRow:
    """A file's bytes in `blobs`, stored once by content hash (an evidence file, an e-mail's
    attachment): the row already there for the same bytes, else a new one."""
    digest = sha256_of(content)
    blob = session.get(BlobRow, digest)
    if blob is None:
        blob = BlobRow(sha256=digest, size=len(content), media_type=media_type, content=content)
        session.add(blob)
        session.flush()
    return blob


class ClosingStore:
    """The closing side of an exchange inside one unit of work (the caller's `Store` session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.session: Session = store.session

    # -- the report ----------------------------------------------------------------------
    def _report_row(self, exchange_uid: str) -> ReportRow | None:
        return self.session.scalar(
            select(ReportRow).where(
                ReportRow.exchange_uid == exchange_uid, ReportRow.deleted.is_(False)
            )
        )

    def report(self, exchange_uid: str) -> Report | None:
        row = self._report_row(exchange_uid)
        return report_record(row) if row is not None else None

    def save_report(self, exchange_uid: str, values: dict[str, Any], source: str) -> Report:
        """Create the exchange's report, or change the fields of it that `values` name."""
        row = self._report_row(exchange_uid)
        if row is None:
            # A report deleted (a tombstone from the platform) comes back to life: one per exchange.
            row = self.session.scalar(
                select(ReportRow).where(ReportRow.exchange_uid == exchange_uid)
            )
            if row is not None:
                apply_edit(self.session, "reports", row, {"deleted": False, **values}, source)
            else:
                row = ReportRow(uid=new_uid(), exchange_uid=exchange_uid, revision=0, **values)
                self.session.add(row)
                record_creation(self.session, "reports", row, source)
        else:
            apply_edit(self.session, "reports", row, values, source)
        self.session.flush()
        return report_record(row)

    def settle(
        self, exchange_uid: str, amount_due: Decimal | None, reason: str | None, source: str
    ) -> None:
        """Record what the validation found owed, and why it is less than granted."""
        row = self._report_row(exchange_uid)
        if row is None:
            raise NotFound(_("The exchange has no closing report."))
        values = {"amount_due": amount_due, "reduction_reason": reason}
        apply_edit(self.session, "reports", row, values, source)
        self.session.flush()

    def all_reports(self) -> list[tuple[Report, str]]:
        """Every live report with its exchange's reference, in reference order."""
        rows = self.session.execute(
            select(ReportRow, ExchangeRow.reference)
            .join(ExchangeRow, ExchangeRow.uid == ReportRow.exchange_uid)
            .where(ReportRow.deleted.is_(False))
            .order_by(ExchangeRow.reference)
        ).all()
        return [(report_record(r), ref) for r, ref in rows]

    def report_meta(self, exchange_uid: str) -> dict[str, Any] | None:
        """The report's sync columns (uid, revision, updated_at, deleted)."""
        row = self._report_row(exchange_uid)
        if row is None:
            return None
        return {
            "uid": row.uid,
            "revision": row.revision,
            "updated_at": row.updated_at,
            "deleted": row.deleted,
        }

    # -- evidence ------------------------------------------------------------------------
    def evidence_of(self, exchange_uid: str) -> list[Evidence]:
        rows = self.session.execute(
            select(EvidenceRow, BlobRow)
            .join(BlobRow, BlobRow.sha256 == EvidenceRow.sha256)
            .where(EvidenceRow.exchange_uid == exchange_uid)
            .order_by(EvidenceRow.added_at, EvidenceRow.id)
        ).all()
        return [_evidence(e, b) for e, b in rows]

    def evidence_of_many(self, exchange_uids: Iterable[str]) -> dict[str, list[Evidence]]:
        wanted = list(set(exchange_uids))
        found: dict[str, list[Evidence]] = {uid: [] for uid in wanted}
        rows = self.session.execute(
            select(EvidenceRow, BlobRow)
            .join(BlobRow, BlobRow.sha256 == EvidenceRow.sha256)
            .where(EvidenceRow.exchange_uid.in_(wanted))
            .order_by(EvidenceRow.added_at, EvidenceRow.id)
        ).all()
        for e, b in rows:
            found[e.exchange_uid].append(_evidence(e, b))
        return found

    def add_evidence(
        self,
        exchange_uid: str,
        kind: EvidenceKind,
        file_name: str,
        content: bytes,
        media_type: str,
    ) -> tuple[Evidence, bool]:
        """Attach a file; its bytes are stored once whoever attaches them again. Returns the
        evidence and whether it is new (the same file attached as the same kind is not)."""
        blob = keep_blob(self.session, content, media_type)
        digest = blob.sha256
        row = self.session.scalar(
            select(EvidenceRow).where(
                EvidenceRow.exchange_uid == exchange_uid,
                EvidenceRow.kind == kind.value,
                EvidenceRow.sha256 == digest,
            )
        )
        if row is not None:
            return _evidence(row, blob), False
        row = EvidenceRow(
            exchange_uid=exchange_uid,
            kind=kind.value,
            file_name=file_name,
            sha256=digest,
            added_at=now_utc(),
            added_by=user_of(self.session),
        )
        self.session.add(row)
        self.session.flush()
        # The report's evidence list (its reports.csv cell) changed: send it with the next package.
        evidence_changed(self.session, exchange_uid)
        return _evidence(row, blob), True

    def remove_evidence(self, exchange_uid: str, evidence_id: int) -> Evidence:
        """Detach one file; its bytes go too when nothing else holds them."""
        row = self.session.get(EvidenceRow, evidence_id)
        if row is None or row.exchange_uid != exchange_uid:
            raise NotFound(
                _("The exchange has no evidence file number {id}.").format(id=evidence_id)
            )
        blob = self.session.get(BlobRow, row.sha256)
        record = _evidence(row, blob)
        self.session.delete(row)
        self.session.flush()
        evidence_changed(self.session, exchange_uid)
        # The same file may be an e-mail's attachment or a signed paper too: kept for those.
        if not blob_in_use(self.session, row.sha256) and blob is not None:
            self.session.delete(blob)
            self.session.flush()
        return record

    def blob(self, sha256: str) -> bytes | None:
        row = self.session.get(BlobRow, sha256.lower())
        return bytes(row.content) if row is not None else None

    def blob_count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(BlobRow)) or 0)

    # -- waivers -------------------------------------------------------------------------
    def waivers_of(self, exchange_uid: str) -> list[Waiver]:
        rows = self.session.scalars(
            select(WaiverRow).where(WaiverRow.exchange_uid == exchange_uid).order_by(WaiverRow.id)
        )
        return [_waiver(r) for r in rows]

    def waive(self, exchange_uid: str, kind: EvidenceKind, reason: str) -> Waiver:
        """Waive a kind of evidence (again: the new reason replaces the old)."""
        row = self.session.scalar(
            select(WaiverRow).where(
                WaiverRow.exchange_uid == exchange_uid, WaiverRow.kind == kind.value
            )
        )
        if row is None:
            row = WaiverRow(exchange_uid=exchange_uid, kind=kind.value)
            self.session.add(row)
        row.reason = reason
        row.at = now_utc()
        row.user = user_of(self.session)
        self.session.flush()
        return _waiver(row)

    def unwaive(self, exchange_uid: str, kind: EvidenceKind) -> Waiver | None:
        row = self.session.scalar(
            select(WaiverRow).where(
                WaiverRow.exchange_uid == exchange_uid, WaiverRow.kind == kind.value
            )
        )
        if row is None:
            return None
        record = _waiver(row)
        self.session.delete(row)
        self.session.flush()
        return record

    # -- bank details (on the desk only; no audit line ever holds them) ---------------------
    def bank_details(self, exchange_uid: str) -> BankDetails | None:
        row = self.session.get(BankDetailsRow, exchange_uid)
        if row is None:
            return None
        return BankDetails(row.exchange_uid, row.iban, row.account_holder, row.bic, row.given_on)

    def set_bank_details(
        self, exchange_uid: str, iban: str, bic: str | None, holder: str, given_on: date
    ) -> BankDetails:
        row = self.session.get(BankDetailsRow, exchange_uid)
        if row is None:
            row = BankDetailsRow(exchange_uid=exchange_uid)
            self.session.add(row)
        row.iban, row.bic, row.account_holder, row.given_on = iban, bic, holder, given_on
        self.session.flush()
        return BankDetails(exchange_uid, iban, holder, bic, given_on)

    # -- commitments ---------------------------------------------------------------------
    def commitment(self, exchange_uid: str) -> Commitment | None:
        row = self.session.get(CommitmentRow, exchange_uid)
        if row is None:
            return None
        return Commitment(row.exchange_uid, row.goals, row.objectives, row.agenda)

    def save_commitment(self, commitment: Commitment) -> Commitment:
        row = self.session.get(CommitmentRow, commitment.exchange_uid)
        if row is None:
            row = CommitmentRow(exchange_uid=commitment.exchange_uid)
            self.session.add(row)
        row.goals, row.objectives, row.agenda = (
            commitment.goals,
            commitment.objectives,
            commitment.agenda,
        )
        self.session.flush()
        return commitment

    # -- SEPA batches --------------------------------------------------------------------
    def open_batch_of(self, exchange_uid: str) -> str | None:
        """The number of the open SEPA batch that holds the exchange's payment, if any."""
        return self.session.scalar(
            select(BatchRow.number)
            .join(BatchItemRow, BatchItemRow.batch_id == BatchRow.id)
            .where(
                BatchItemRow.exchange_uid == exchange_uid,
                BatchRow.status == BatchStatus.OPEN.value,
            )
            .order_by(BatchRow.id)
            .limit(1)
        )
