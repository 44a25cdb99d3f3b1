"""The closing store: reports with their audit trail, evidence bytes kept once, waivers, bank
details kept out of the audit, the open SEPA batch that holds a payment."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from cxdesk.db.closing_store import ClosingStore, sha256_of
from cxdesk.db.models import (
    AuditRow,
    BatchItemRow,
    BatchRow,
    ExchangeRow,
    OutboxRow,
    SignedPaperRow,
)
from cxdesk.db.store import Store
from cxdesk.domain.codes import EvidenceKind

DAY = date(2026, 11, 28)


def _uids(session: Any, n: int) -> list[str]:
    return list(session.scalars(select(ExchangeRow.uid).order_by(ExchangeRow.id).limit(n)))


def test_a_report_is_created_then_edited_with_its_history(demo_db: Any) -> None:
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        (uid,) = _uids(session, 1)
        store.save_report(uid, {"received_on": DAY, "rating": 3}, "test")
        again = store.save_report(uid, {"received_on": DAY, "rating": 5}, "test")
        assert again.rating == 5 and again.exchange_uid == uid
        store.settle(uid, Decimal("475.00"), "Halved", "test")
        report = store.report(uid)
        assert report is not None and report.amount_due == Decimal("475.00")
        audit = session.scalars(
            select(AuditRow.field).where(
                AuditRow.table_name == "reports", AuditRow.row_uid == report.uid
            )
        ).all()
    assert audit == ["*", "rating", "amount_due", "reduction_reason"]


def test_the_same_bytes_make_one_blob(demo_db: Any) -> None:
    content = b"%PDF-1.4 the same ticket"
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        first, second = _uids(session, 2)
        blobs = store.blob_count()
        a, new_a = store.add_evidence(
            first, EvidenceKind.TRAVEL, "t.pdf", content, "application/pdf"
        )
        b, new_b = store.add_evidence(
            first, EvidenceKind.TRAVEL, "t2.pdf", content, "application/pdf"
        )
        c, new_c = store.add_evidence(
            second, EvidenceKind.OTHER, "t.pdf", content, "application/pdf"
        )
        assert (new_a, new_b, new_c) == (True, False, True)
        assert a.sha256 == c.sha256 == sha256_of(content) and a.size == len(content)
        assert store.blob_count() == blobs + 1
        store.remove_evidence(first, a.id or 0)
        assert store.blob(a.sha256) == content  # the other exchange still holds it
        store.remove_evidence(second, c.id or 0)
        assert store.blob(a.sha256) is None
        assert store.evidence_of(first) == [] and store.evidence_of_many([second]) == {second: []}


def test_bytes_an_email_or_a_signed_paper_holds_stay_when_the_evidence_goes(
    demo_db: Any,
) -> None:
    content = b"%PDF-1.4 signed, and kept as evidence too"
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        (uid,) = _uids(session, 1)
        evidence, _new = store.add_evidence(
            uid, EvidenceKind.OTHER, "signed.pdf", content, "application/pdf"
        )
        at = datetime(2026, 11, 28, 9, 0)
        session.add(
            SignedPaperRow(
                exchange_uid=uid,
                document="agreement",
                sha256=evidence.sha256,
                file_name="signed.pdf",
                received_at=at,
            )
        )
        session.add(
            OutboxRow(
                created_at=at,
                exchange_uid=uid,
                document="agreement",
                recipient="a@b.eu",
                language="en",
                subject="s",
                body="b",
                attachment_name="signed.pdf",
                attachment_sha256=evidence.sha256,
                status="sent",
            )
        )
        session.flush()
        store.remove_evidence(uid, evidence.id or 0)  # no foreign key broken, nothing lost
        assert store.blob(evidence.sha256) == content


def test_waivers_replace_their_reason_and_go(demo_db: Any) -> None:
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        (uid,) = _uids(session, 1)
        store.waive(uid, EvidenceKind.TRAVEL, "by car")
        store.waive(uid, EvidenceKind.TRAVEL, "by bicycle")
        assert [(w.kind, w.reason) for w in store.waivers_of(uid)] == [
            (EvidenceKind.TRAVEL, "by bicycle")
        ]
        assert store.unwaive(uid, EvidenceKind.TRAVEL) is not None
        assert store.waivers_of(uid) == [] and store.unwaive(uid, EvidenceKind.TRAVEL) is None


def test_bank_details_leave_no_audit_line(demo_db: Any) -> None:
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        (uid,) = _uids(session, 1)
        before = session.scalar(select(func.count()).select_from(AuditRow))
        store.set_bank_details(uid, "DE89370400440532013000", None, "Ana Ruiz", DAY)
        kept = store.bank_details(uid)
        assert kept is not None and kept.iban == "DE89370400440532013000"
        assert session.scalar(select(func.count()).select_from(AuditRow)) == before
        texts = session.scalars(select(AuditRow.new).where(AuditRow.new.like("%0532%"))).all()
        assert texts == []


def test_the_open_batch_holding_a_payment(demo_db: Any) -> None:
    with demo_db.unit() as session:
        store = ClosingStore(Store(session))
        (uid,) = _uids(session, 1)
        open_before = store.open_batch_of(uid)
        for number, status in (("B-1", "confirmed"), ("B-2", "open")):
            batch = BatchRow(
                number=number,
                created_at=datetime(2026, 11, 28),
                execution_date=DAY,
                debtor_name="ECP",
                debtor_iban="DE89370400440532013000",
                status=status,
            )
            session.add(batch)
            session.flush()
            session.add(BatchItemRow(batch_id=batch.id, exchange_uid=uid, amount=Decimal(1)))
        session.flush()
        assert open_before is None and store.open_batch_of(uid) == "B-2"
