"""Closing an exchange through the services the window calls: what each step keeps, refuses, and
leaves untouched when it refuses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from cxdesk.core.errors import UserError
from cxdesk.db.models import (
    BankDetailsRow,
    BatchItemRow,
    BatchRow,
    BlobRow,
    EvidenceRow,
    ExchangeRow,
    ReportRow,
    WaiverRow,
)
from cxdesk.db.store import Store
from cxdesk.domain.codes import EvidenceKind, Status
from cxdesk.domain.workdays import working_days
from cxdesk.services import closing
from cxdesk.services.editing import set_fields
from cxdesk.services.exchanges import move, record_payment
from tests.conftest import DEMO_TODAY

FORM_FIELDS = (
    "reference",
    "actual_start",
    "actual_end",
    "activities",
    "results",
    "rating",
    "iban",
    "bic",
    "account_holder",
)
GOOD_IBAN = "DE89 3704 0044 0532 0130 00"
PDF = b"%PDF-1.4\n% a scanned ticket\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def filled_form(path: Path, values: dict[str, str]) -> Path:
    """A closing-report form as the desk hands it out (reference filled in), then filled by the
    visitor's PDF reader: AcroForm text fields made with reportlab, filled with pypdf."""
    blank = path.with_name(path.stem + "-blank.pdf")
    page = canvas.Canvas(str(blank))
    for i, name in enumerate(FORM_FIELDS):
        page.drawString(40, 800 - i * 40, name)
        page.acroForm.textfield(
            name=name,
            x=160,
            y=790 - i * 40,
            width=380,
            height=20,
            value=values.get(name, "") if name == "reference" else "",
        )
    page.save()
    writer = PdfWriter(clone_from=PdfReader(blank))
    typed = {k: v for k, v in values.items() if k != "reference"}
    writer.update_page_form_field_values(writer.pages[0], typed, auto_regenerate=False)
    with path.open("wb") as out:
        writer.write(out)
    return path


def evidence_files(folder: Path) -> dict[EvidenceKind, Path]:
    """A ticket (PDF), a hotel invoice (PNG) and the host's signed confirmation (JPEG)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        EvidenceKind.TRAVEL: (folder / "ticket.pdf", PDF),
        EvidenceKind.ACCOMMODATION: (folder / "hotel.png", PNG),
        EvidenceKind.ATTENDANCE: (folder / "signed.jpg", JPEG),
    }
    for path, content in files.values():
        path.write_bytes(content)
    return {kind: path for kind, (path, _content) in files.items()}


def completed(db: Any) -> list[tuple[str, date, date]]:
    """The demo's completed exchanges granted in full, with nothing of their closing yet:
    (reference, start, end)."""
    with db.unit() as session:
        rows = session.execute(
            select(ExchangeRow.reference, ExchangeRow.start_date, ExchangeRow.end_date)
            .where(
                ExchangeRow.status == "completed",
                ExchangeRow.end_date <= DEMO_TODAY,
                func.coalesce(ExchangeRow.granted_halved_because, "") == "",
                ExchangeRow.uid.not_in(select(ReportRow.exchange_uid)),
                ExchangeRow.uid.not_in(select(EvidenceRow.exchange_uid)),
                ExchangeRow.uid.not_in(select(WaiverRow.exchange_uid)),
                ExchangeRow.uid.not_in(select(BankDetailsRow.exchange_uid)),
            )
            .order_by(ExchangeRow.reference)
        ).all()
    assert rows
    return [tuple(r) for r in rows]  # type: ignore[misc]


def host_country(db: Any, reference: str) -> str:
    with db.unit() as session:
        store = Store(session)
        return store.organisation(store.exchange(reference).host_organisation_uid).country


def stay_of(db: Any, reference: str, days: int, near: date) -> tuple[date, date]:
    """A stay of exactly `days` working days at the host, Monday on, around `near`."""
    country = host_country(db, reference)
    monday = near - timedelta(days=near.weekday())
    for week in range(60):
        start = monday - timedelta(weeks=week)
        for length in range(days - 1, 12):
            end = start + timedelta(days=length)
            if working_days(start, end, country) == days:
                return start, end
    raise AssertionError("no such week")


def snapshot(db: Any, reference: str) -> tuple[Any, ...]:
    state = closing.closing_state(db, reference, today=DEMO_TODAY)
    with db.unit() as session:
        blobs = session.scalar(select(func.count()).select_from(BlobRow))
    return (state.report, state.evidence, state.bank, state.exchange.status, blobs)


def report_in(db: Any, tmp_path: Path, reference: str, **values: str) -> Any:
    form = filled_form(
        tmp_path / f"{reference}.pdf",
        {"reference": reference, "iban": GOOD_IBAN, "account_holder": "Ana Ruiz", **values},
    )
    files = evidence_files(tmp_path / "evidence")
    return closing.receive_form(db, reference, form, list(files.items()))


def test_the_form_with_three_files_then_validation_then_payment(
    demo_db: Any, tmp_path: Path
) -> None:
    reference, start, end = completed(demo_db)[0]
    change = report_in(demo_db, tmp_path, reference, activities="Day 1: visits", rating="4 - good")
    assert {"exchanges", "reports"} <= change.tables and "3 evidence files" in change.message
    assert "DE89 •••• •••• •••• 3000" in change.message and GOOD_IBAN not in change.message
    state = closing.closing_state(demo_db, reference, today=DEMO_TODAY)
    assert state.report is not None and state.report.rating == 4
    assert state.report.activities == "Day 1: visits"
    assert all(line.done for line in state.checklist) and state.can_validate_reasons == ()
    assert state.bank is not None and state.masked_iban == "DE89 •••• •••• •••• 3000"
    assert closing.evidence_bytes(demo_db, state.evidence[1].sha256) == PNG

    closing.validate_report(demo_db, reference, on=DEMO_TODAY, source="cli")
    state = closing.closing_state(demo_db, reference, today=DEMO_TODAY)
    assert state.exchange.status is Status.REPORTED
    assert state.exchange.report_validated_on == DEMO_TODAY
    assert state.amount_due == state.granted and state.reduction_reason is None
    assert state.payment_due == DEMO_TODAY + timedelta(days=10)

    closing.pay(demo_db, reference, on=DEMO_TODAY, bank_reference="SEPA-2026-11-28")
    with demo_db.unit() as session:
        store = Store(session)
        exchange = store.exchange(reference)
        payments = store.payments_of(exchange.uid)
    assert exchange.status is Status.PAID
    assert [(p.amount, p.bank_reference) for p in payments] == [
        (state.amount_due, "SEPA-2026-11-28")
    ]


def test_a_bad_iban_or_a_missing_file_changes_nothing(demo_db: Any, tmp_path: Path) -> None:
    reference = completed(demo_db)[0][0]
    before = snapshot(demo_db, reference)
    with pytest.raises(UserError, match="check digits") as refused:
        report_in(demo_db, tmp_path, reference, iban="DE89 3704 0044 0532 0130 01")
    assert "DE89370400440532013001" not in str(refused.value)
    assert GOOD_IBAN[:-1] not in str(refused.value)
    assert snapshot(demo_db, reference) == before
    form = filled_form(tmp_path / "f.pdf", {"reference": reference})
    with pytest.raises(UserError, match="gone.pdf does not exist"):
        closing.receive_form(
            demo_db, reference, form, [(EvidenceKind.TRAVEL, tmp_path / "gone.pdf")]
        )
    assert snapshot(demo_db, reference) == before


def test_the_same_bytes_are_stored_once(demo_db: Any, tmp_path: Path) -> None:
    first, second = completed(demo_db)[:2]
    files = evidence_files(tmp_path)
    with demo_db.unit() as session:
        blobs = session.scalar(select(func.count()).select_from(BlobRow))
    closing.attach_evidence(demo_db, first[0], "travel", files[EvidenceKind.TRAVEL])
    again = closing.attach_evidence(demo_db, first[0], "travel", files[EvidenceKind.TRAVEL])
    assert "already" in again.message
    closing.attach_evidence(demo_db, first[0], "other", files[EvidenceKind.TRAVEL])
    closing.attach_evidence(demo_db, second[0], "travel", files[EvidenceKind.TRAVEL])
    with demo_db.unit() as session:
        assert session.scalar(select(func.count()).select_from(BlobRow)) == blobs + 1
    state = closing.closing_state(demo_db, first[0])
    assert [e.kind for e in state.evidence] == [EvidenceKind.TRAVEL, EvidenceKind.OTHER]
    # Removing one keeps the bytes the others still hold; removing the last lets them go.
    closing.remove_evidence(demo_db, first[0], state.evidence[0].id or 0)
    closing.remove_evidence(demo_db, first[0], state.evidence[1].id or 0)
    assert closing.evidence_bytes(demo_db, state.evidence[0].sha256) == PDF
    (kept,) = closing.closing_state(demo_db, second[0]).evidence
    closing.remove_evidence(demo_db, second[0], kept.id or 0)
    with pytest.raises(UserError, match="No evidence file has the hash"):
        closing.evidence_bytes(demo_db, kept.sha256)


def test_evidence_that_is_no_pdf_png_or_jpeg_or_too_big_is_refused(
    demo_db: Any, tmp_path: Path
) -> None:
    reference = completed(demo_db)[0][0]
    text = tmp_path / "notes.txt"
    text.write_text("a note")
    with pytest.raises(UserError, match="notes.txt is not a PDF, PNG or JPEG"):
        closing.attach_evidence(demo_db, reference, "travel", text)
    big = tmp_path / "huge.pdf"
    with big.open("wb") as out:
        out.write(PDF)
        out.truncate(21 * 1024 * 1024)
    with pytest.raises(UserError, match="huge.pdf is 21 MB: an evidence file may be at most 20"):
        closing.attach_evidence(demo_db, reference, "travel", big)
    with pytest.raises(UserError, match="nonsense is not a kind of evidence"):
        closing.attach_evidence(demo_db, reference, "nonsense", tmp_path)
    assert closing.closing_state(demo_db, reference).evidence == ()


def test_a_waiver_needs_a_reason_and_can_be_taken_back(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    with pytest.raises(UserError, match="needs a reason"):
        closing.waive(demo_db, reference, "accommodation", "  ")
    closing.waive(demo_db, reference, "accommodation", "Stayed with family")
    line = closing.closing_state(demo_db, reference).checklist[1]
    assert line.done and line.waiver is not None and line.waiver.reason == "Stayed with family"
    closing.unwaive(demo_db, reference, "accommodation")
    assert not closing.closing_state(demo_db, reference).checklist[1].done


def test_validation_refusals_name_the_way_out(demo_db: Any, tmp_path: Path) -> None:
    reference, _start, end = completed(demo_db)[0]
    with pytest.raises(UserError, match="no closing report yet") as refused:
        closing.validate_report(demo_db, reference, on=DEMO_TODAY)
    assert any("Evidence missing: travel" in p for p in refused.value.problems)
    closing.save_report(
        demo_db,
        reference,
        received_on=DEMO_TODAY,
        actual_start=None,
        actual_end=None,
        activities="Visits",
        results=None,
        rating=5,
    )
    with pytest.raises(UserError, match="before the visit ends on " + end.isoformat()):
        closing.validate_report(demo_db, reference, on=end - timedelta(days=1))
    with pytest.raises(UserError, match="a day still to come"):
        closing.validate_report(demo_db, reference, on=date.today() + timedelta(days=2))
    with pytest.raises(UserError, match="accommodation .*attendance"):
        closing.validate_report(
            demo_db, reference, on=DEMO_TODAY, waivers=[("travel", "came by car")]
        )
    # The waiver given with the refused validation was not kept either.
    assert not closing.closing_state(demo_db, reference).checklist[0].done
    closing.validate_report(
        demo_db,
        reference,
        on=DEMO_TODAY,
        waivers=[(k, "on paper") for k in ("travel", "accommodation", "attendance")],
    )
    assert closing.closing_state(demo_db, reference).exchange.status is Status.REPORTED
    with pytest.raises(UserError, match="validated already"):
        closing.attach_evidence(
            demo_db, reference, "other", evidence_files(tmp_path)[EvidenceKind.TRAVEL]
        )


def test_a_shorter_stay_is_halved_and_a_much_shorter_one_is_not_eligible(
    demo_db: Any, tmp_path: Path
) -> None:
    (halved, _s1, end1), (nothing, _s2, end2) = completed(demo_db)[:2]
    start, end = stay_of(demo_db, halved, 4, end1)
    report_in(demo_db, tmp_path, halved, actual_start=start.isoformat(), actual_end=end.isoformat())
    change = closing.validate_report(demo_db, halved, on=DEMO_TODAY)
    state = closing.closing_state(demo_db, halved)
    assert state.granted is not None and state.amount_due == (state.granted / 2).quantize(
        Decimal("0.01")
    )
    assert state.reduction_reason == (
        "Halved: the visit actually took 4 working days at the host, fewer than 5"
    )
    assert state.reduction_reason in change.message

    start, end = stay_of(demo_db, nothing, 2, end2)
    report_in(
        demo_db, tmp_path, nothing, actual_start=start.isoformat(), actual_end=end.isoformat()
    )
    change = closing.validate_report(demo_db, nothing, on=DEMO_TODAY)
    assert "nothing is due" in change.message
    state = closing.closing_state(demo_db, nothing)
    assert state.amount_due == Decimal("0.00") and "Not eligible" in (state.reduction_reason or "")
    with pytest.raises(UserError, match="is not eligible: nothing is due"):
        closing.pay(demo_db, nothing, on=DEMO_TODAY)
    with pytest.raises(UserError, match="nothing is due"):
        record_payment(demo_db, nothing, Decimal("10.00"), DEMO_TODAY)


def _validated(db: Any, reference: str) -> None:
    for kind in ("travel", "accommodation", "attendance"):
        closing.waive(db, reference, kind, "shown on paper")
    closing.save_report(
        db,
        reference,
        received_on=DEMO_TODAY,
        actual_start=None,
        actual_end=None,
        activities=None,
        results=None,
        rating=None,
    )
    closing.validate_report(db, reference, on=DEMO_TODAY)


def test_a_payment_waiting_in_an_open_sepa_batch_is_not_paid_again(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    _validated(demo_db, reference)
    with demo_db.unit() as session:
        uid = Store(session).exchange(reference).uid
        batch = BatchRow(
            number="CXD-20261128-01",
            created_at=datetime(2026, 11, 28, 9),
            execution_date=DEMO_TODAY,
            debtor_name="ECP",
            debtor_iban="DE89370400440532013000",
            status="open",
        )
        session.add(batch)
        session.flush()
        session.add(BatchItemRow(batch_id=batch.id, exchange_uid=uid, amount=Decimal("780.00")))
    assert closing.closing_state(demo_db, reference).open_batch == "CXD-20261128-01"
    for attempt in (
        lambda: closing.pay(demo_db, reference, on=DEMO_TODAY),
        lambda: record_payment(demo_db, reference, Decimal("780.00"), DEMO_TODAY),
        lambda: move(demo_db, reference, Status.PAID, today=DEMO_TODAY),
    ):
        with pytest.raises(UserError, match="sepa --confirm CXD-20261128-01"):
            attempt()
    with demo_db.unit() as session:
        store = Store(session)
        assert store.payments_of(uid) == []
        # The batch being confirmed pays its own.
        closing.pay_in(store, reference, on=DEMO_TODAY, source="sepa", batch="CXD-20261128-01")
        assert store.exchange(reference).status is Status.PAID


def test_no_way_around_the_rules(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    with pytest.raises(UserError, match="validate-report"):
        set_fields(demo_db, "exchanges", reference, ["report_validated_on=2026-11-27"])
    with pytest.raises(UserError, match="no closing report yet"):
        set_fields(demo_db, "exchanges", reference, ["status=reported"])
    with pytest.raises(UserError, match="no closing report yet"):
        move(demo_db, reference, Status.REPORTED, today=DEMO_TODAY)
    with pytest.raises(UserError, match="Reported"):
        set_fields(demo_db, "exchanges", reference, ["status=paid"])
    assert closing.closing_state(demo_db, reference).exchange.status is Status.COMPLETED
    # Through the rules, the lifecycle's own step validates (and settles) as validate-report.
    for kind in ("travel", "accommodation", "attendance"):
        closing.waive(demo_db, reference, kind, "shown on paper")
    closing.save_report(
        demo_db,
        reference,
        received_on=DEMO_TODAY,
        actual_start=None,
        actual_end=None,
        activities=None,
        results=None,
        rating=None,
    )
    set_fields(
        demo_db, "exchanges", reference, ["status=reported", "report_validated_on=2026-11-27"]
    )
    state = closing.closing_state(demo_db, reference)
    assert state.exchange.report_validated_on == date(2026, 11, 27)
    assert state.amount_due == state.granted
    with pytest.raises(UserError, match="validate-report"):
        set_fields(demo_db, "exchanges", reference, ["report_validated_on=2026-11-28"])
    # `set status=paid` pays as `pay` does: one payment of the amount due.
    set_fields(demo_db, "exchanges", reference, ["status=paid"])
    with demo_db.unit() as session:
        store = Store(session)
        exchange = store.exchange(reference)
        assert exchange.status is Status.PAID
        assert [p.amount for p in store.payments_of(exchange.uid)] == [state.amount_due]


def test_another_exchanges_form_is_refused_naming_both(demo_db: Any, tmp_path: Path) -> None:
    mine, other = (c[0] for c in completed(demo_db)[:2])
    form = filled_form(tmp_path / "form.pdf", {"reference": other, "rating": "5"})
    with pytest.raises(UserError) as refused:
        closing.receive_form(demo_db, mine, form)
    assert f"form of {other}, not of {mine}" in str(refused.value)
    assert closing.closing_state(demo_db, mine).report is None


def test_a_file_that_is_no_form_is_refused_naming_it(demo_db: Any, tmp_path: Path) -> None:
    reference = completed(demo_db)[0][0]
    text = tmp_path / "letter.pdf"
    text.write_text("Dear coordinator")
    with pytest.raises(UserError, match="letter.pdf is not a PDF"):
        closing.receive_form(demo_db, reference, text)
    plain = tmp_path / "plain.pdf"
    page = canvas.Canvas(str(plain))
    page.drawString(40, 800, "no form here")
    page.save()
    with pytest.raises(UserError, match="plain.pdf has no form fields"):
        closing.receive_form(demo_db, reference, plain)


def test_bank_details_are_checked_and_kept(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    with pytest.raises(UserError, match="An IBAN of Germany \\(DE\\) has 22 characters"):
        closing.set_bank_details(
            demo_db, reference, iban="DE89 3704 0044 0532 0130", bic=None, account_holder="A"
        )
    with pytest.raises(UserError, match="BIC"):
        closing.set_bank_details(
            demo_db, reference, iban=GOOD_IBAN, bic="COBA12", account_holder="A"
        )
    change = closing.set_bank_details(
        demo_db, reference, iban=GOOD_IBAN.lower(), bic="cobadeffxxx", account_holder=" Ana "
    )
    assert "DE89 •••• •••• •••• 3000" in change.message
    bank = closing.closing_state(demo_db, reference).bank
    assert bank is not None
    assert (bank.iban, bank.bic, bank.account_holder) == (
        "DE89370400440532013000",
        "COBADEFFXXX",
        "Ana",
    )


def test_the_commitment_is_saved_and_read_back(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    assert closing.commitment_of(demo_db, reference) is None
    closing.save_commitment(
        demo_db, reference, goals="Learn", objectives=" ", agenda="Mon: visit\nTue: talks"
    )
    kept = closing.commitment_of(demo_db, reference)
    assert kept is not None and (kept.goals, kept.objectives) == ("Learn", None)
    assert kept.agenda == "Mon: visit\nTue: talks"


def test_a_report_typed_in_the_window_is_edited_by_field(demo_db: Any) -> None:
    reference = completed(demo_db)[0][0]
    args: dict[str, Any] = {
        "received_on": DEMO_TODAY,
        "actual_start": None,
        "actual_end": None,
        "activities": "Visits",
        "results": None,
        "rating": 3,
    }
    closing.save_report(demo_db, reference, **args)
    closing.save_report(demo_db, reference, **(args | {"rating": 5, "results": "Two MoUs"}))
    with demo_db.unit() as session:
        uid = Store(session).exchange(reference).uid
        rows = session.scalars(select(ReportRow).where(ReportRow.exchange_uid == uid)).all()
        assert len(rows) == 1 and (rows[0].rating, rows[0].results) == (5, "Two MoUs")
    with pytest.raises(UserError, match="from 1 to 5"):
        closing.save_report(demo_db, reference, **(args | {"rating": 7}))
