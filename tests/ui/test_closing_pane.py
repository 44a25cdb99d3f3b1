"""Closing an exchange in the window, as a coordinator does it: the report typed, the evidence
attached, the bank details, validation and payment, a filled form dropped on a row, undo."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from cxdesk.core.clock import today_utc
from cxdesk.db.models import EvidenceRow, ExchangeRow, ReportRow, WaiverRow
from cxdesk.domain.codes import EvidenceKind, Status
from cxdesk.services import browse, closing, papers
from cxdesk.ui.dialogs import closing_files
from cxdesk.ui.dialogs.closing_base import qdate
from cxdesk.ui.tabs.exchanges import closing_actions

RIGHT_IBAN = "DE89370400440532013000"
WRONG_IBAN = "DE89370400440532013001"  # one digit off: the check digits do not match


# -- what the test hands the window ------------------------------------------------------------


def small_pdf(path: Path, text: str = "ticket") -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=100)
    writer.add_metadata({"/Title": text})
    with path.open("wb") as out:
        writer.write(out)
    return path


def small_png(path: Path) -> Path:
    image = QImage(24, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    assert image.save(str(path), "PNG")
    return path


def filled_form(db: Any, reference: str, folder: Path, values: dict[str, str]) -> Path:
    """The exchange's form as cxdesk writes it, filled as a visitor's PDF reader would."""
    blank, _lang = papers.report_form(db, reference, folder / f"{reference}-blank.pdf")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank.read_bytes())))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = folder / f"{reference}-filled.pdf"
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def closeable(db: Any, count: int = 1) -> list[str]:
    """Completed exchanges whose visit is over, with no report, evidence or waiver yet."""
    with db.unit() as session:
        started = select(ReportRow.exchange_uid).union(
            select(EvidenceRow.exchange_uid), select(WaiverRow.exchange_uid)
        )
        found = list(
            session.scalars(
                select(ExchangeRow.reference)
                .where(ExchangeRow.status == Status.COMPLETED)
                .where(ExchangeRow.end_date < today_utc())
                .where(ExchangeRow.lump_sum.is_not(None))
                .where(ExchangeRow.uid.not_in(started))
                .order_by(ExchangeRow.reference)
                .limit(count)
            )
        )
    assert len(found) == count, "the demo desk has too few completed exchanges to close"
    return found


def select_reference(tab: Any, reference: str) -> None:
    tab.filter_bar.text.setText(reference)
    tab.filter_bar.flush()
    assert tab.model.rowCount() == 1
    tab.select_first()
    assert tab.exchange_pane.title.text() == reference


def table_status(tab: Any) -> str:
    return str(tab.model.index(0, 1).data())


def pane_texts(pane: Any) -> str:
    """Every word the pane shows or tells in a tooltip."""
    return "\n".join(
        f"{label.text()}\n{label.toolTip()}\n{label.accessibleName()}"
        for label in pane.findChildren(QLabel)
    )


def click_ok(dialog: Any) -> None:
    dialog.ok_button.click()


@pytest.fixture
def tab(window: Any) -> Any:
    window.show_tab("exchanges")
    return window.exchanges


# -- the whole path ------------------------------------------------------------------------------


def test_report_evidence_bank_validation_payment_and_undo(
    window: Any, tab: Any, demo_db: Any, answers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    (reference,) = closeable(demo_db)
    select_reference(tab, reference)
    pane = tab.exchange_pane
    assert pane.closing_box.isVisible()
    assert "not yet" in pane.report.fields["received"].text()
    assert not pane.report.pay_button.isEnabled()

    # Type the report.
    pane.report.type_button.click()
    dialog = tab.closing.dialog
    long_text = "Day 1: visit of the test lab and the pilot line. " * 6 + "\nDay 2: workshop."
    dialog.activities.setPlainText(long_text)
    dialog.results.setPlainText("A joint Horizon proposal.")
    dialog.rating.setCurrentIndex(dialog.rating.findData(4))
    click_ok(dialog)
    assert not dialog.isVisible(), dialog.problem.text()
    shown = pane.report.fields["activities"]
    assert shown.text().endswith("…") and len(shown.text()) < len(long_text)
    assert shown.toolTip() == long_text.strip()
    assert pane.report.fields["rating"].text() == "4 of 5"
    assert "3 of 3 kinds of evidence still missing" in pane.evidence.summary.text()

    # Attach the three kinds of evidence, each from a file dialog.
    files = {
        EvidenceKind.TRAVEL: small_pdf(tmp_path / "boarding-pass.pdf"),
        EvidenceKind.ACCOMMODATION: small_png(tmp_path / "hotel-invoice.png"),
        EvidenceKind.ATTENDANCE: small_pdf(tmp_path / "attendance.pdf", "signed by the host"),
    }
    for kind, path in files.items():
        monkeypatch.setattr(closing_files, "choose_evidence", lambda *_a, p=path: [p])
        pane.evidence.attach_buttons[kind].click()
        assert "attached" in pane.evidence.marks[kind].text(), answers.told
    assert pane.evidence.summary.text() == "Complete: each kind of evidence is attached or waived."
    assert "hotel-invoice.png" in pane_texts(pane)

    # Open writes the bytes to a file of the same name and hands it to the system.
    opened: list[Path] = []
    monkeypatch.setattr(closing_actions, "open_path", opened.append)
    open_button, _remove = pane.evidence.file_buttons["accommodation/hotel-invoice.png"]
    open_button.click()
    assert opened and opened[0].name == "hotel-invoice.png"
    assert opened[0].read_bytes() == files[EvidenceKind.ACCOMMODATION].read_bytes()

    # Bank details: a wrong IBAN is told under its field; the right one is kept, shown masked.
    pane.report.bank_button.click()
    bank = tab.closing.dialog
    bank.iban.setText(WRONG_IBAN)
    bank.holder.setText("Dritë Kola")
    click_ok(bank)
    assert bank.isVisible()
    assert bank.iban_problem.isVisible()
    assert "check digits" in bank.iban_problem.text()
    assert closing.closing_state(demo_db, reference).bank is None
    bank.iban.setText("de89 3704 0044 0532 0130 00")
    click_ok(bank)
    assert not bank.isVisible(), bank.problem.text()
    assert pane.report.fields["bank"].text().startswith("DE89 •••• •••• •••• 3000")
    texts = pane_texts(pane) + window.status_text
    assert RIGHT_IBAN not in texts.replace(" ", "")

    # Validation before the visit ended is refused with the service's sentence.
    exchange = browse.exchange(demo_db, reference)
    pane.report.validate_button.click()
    validate = tab.closing.dialog
    assert "€" in validate.amount.text()
    validate.on.setDate(qdate(exchange.end_date - timedelta(days=1)))
    click_ok(validate)
    assert validate.isVisible()
    assert answers.told and "was not validated" in answers.told[-1]
    assert "before the visit ends" in answers.told[-1]
    assert "before the visit ends" in validate.problem.text()
    assert browse.exchange(demo_db, reference).status is Status.COMPLETED
    validate.on.setDate(qdate(today_utc()))
    click_ok(validate)
    assert not validate.isVisible(), validate.problem.text()
    assert browse.exchange(demo_db, reference).status is Status.REPORTED
    assert table_status(tab) == "Reported"
    assert "due by" in pane.report.fields["payment"].text()

    # Pay with the bank's reference: paid in the table, the reference in the pane.
    pane.report.pay_button.click()
    pay = tab.closing.dialog
    assert pay.amount.text() == pane.report.fields["amount"].text().split(" ")[0]
    assert RIGHT_IBAN not in pay.account.text().replace(" ", "")
    pay.bank_reference.setText("SEPA-2026-0042")
    click_ok(pay)
    assert not pay.isVisible(), pay.problem.text()
    assert browse.exchange(demo_db, reference).status is Status.PAID
    assert table_status(tab) == "Paid"
    assert "bank reference SEPA-2026-0042" in pane.report.fields["payment"].text()
    assert RIGHT_IBAN not in (pane_texts(pane) + window.status_text).replace(" ", "")

    # Ctrl+Z takes the payment back; the table and the pane follow.
    assert "Pay" in window.context.undo_stack.undoText()
    window.actions_by_id["undo"].trigger()
    detail = browse.exchange_detail(demo_db, reference)
    assert detail.exchange.status is Status.REPORTED and detail.payments == ()
    assert table_status(tab) == "Reported"
    assert "SEPA-2026-0042" not in pane.report.fields["payment"].text()
    assert pane.report.pay_button.isEnabled()


def test_missing_evidence_waived_in_the_validation_dialog(
    tab: Any, demo_db: Any, answers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    (reference,) = closeable(demo_db)
    select_reference(tab, reference)
    pane = tab.exchange_pane
    pane.report.type_button.click()
    click_ok(tab.closing.dialog)
    monkeypatch.setattr(
        closing_files, "choose_evidence", lambda *_a: [small_pdf(tmp_path / "ticket.pdf")]
    )
    pane.evidence.attach_buttons[EvidenceKind.TRAVEL].click()

    # A waiver from the checklist needs its reason; Undo waiver takes it back.
    pane.evidence.waive_buttons[EvidenceKind.ATTENDANCE].click()
    waive = tab.closing.dialog
    click_ok(waive)
    assert waive.isVisible() and "reason" in waive.problem.text()
    waive.reason.setPlainText("The host confirmed by e-mail, kept in the file.")
    click_ok(waive)
    assert not waive.isVisible()
    assert (
        "waived: The host confirmed by e-mail"
        in pane.evidence.marks[EvidenceKind.ATTENDANCE].text()
    )
    assert pane.evidence.waive_buttons[EvidenceKind.ATTENDANCE].text() == "Undo waiver"

    # The accommodation is waived in the validation dialog itself, with its reason.
    pane.report.validate_button.click()
    validate = tab.closing.dialog
    assert list(validate.waivers) == [EvidenceKind.ACCOMMODATION]
    box, reason = validate.waivers[EvidenceKind.ACCOMMODATION]
    box.setChecked(True)
    click_ok(validate)
    assert validate.isVisible() and "reason" in validate.problem.text()
    reason.setText("Stayed with a colleague of the host.")
    click_ok(validate)
    assert not validate.isVisible(), validate.problem.text()
    assert browse.exchange(demo_db, reference).status is Status.REPORTED
    assert not pane.evidence.attach_buttons[EvidenceKind.OTHER].isVisibleTo(pane)


# -- forms received and dropped ------------------------------------------------------------------


def drop_on_row(tab: Any, paths: list[Path]) -> None:
    """Drop files on the first row of the table, as a file manager does."""
    viewport = tab.table.viewport()
    centre = tab.table.visualRect(tab.model.index(0, 2)).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    # A drop reaches only a widget that accepted the drag as it entered.
    enter = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)
    assert event.isAccepted()


def test_a_filled_form_dropped_on_its_row_is_received(
    tab: Any, demo_db: Any, answers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    (reference,) = closeable(demo_db)
    exchange = browse.exchange(demo_db, reference)
    form = filled_form(
        demo_db,
        reference,
        tmp_path,
        {
            "actual_start": exchange.start_date.isoformat(),
            "actual_end": exchange.end_date.isoformat(),
            "activities": "Visited the fab lab; met three SMEs.",
            "results": "Two pilot projects agreed.",
            "rating": "5",
            "iban": RIGHT_IBAN,
            "account_holder": "The Visitor",
        },
    )
    select_reference(tab, reference)
    drop_on_row(tab, [form])
    state = closing.closing_state(demo_db, reference)
    assert state.report is not None and state.report.rating == 5, answers.told
    assert state.report.activities == "Visited the fab lab; met three SMEs."
    pane = tab.exchange_pane
    assert pane.report.fields["results"].text() == "Two pilot projects agreed."
    assert pane.report.fields["bank"].text().startswith("DE89 ••••")
    assert RIGHT_IBAN not in pane_texts(pane).replace(" ", "")

    # A picture dropped on the row is asked its kind, then attached; undo takes it away.
    asked: list[list[Path]] = []

    def kinds(_parent: Any, files: list[Path], defaults: list[EvidenceKind]) -> Any:
        asked.append(list(files))
        return [(defaults[0], path) for path in files]

    monkeypatch.setattr(closing_files, "ask_kinds", kinds)
    drop_on_row(tab, [small_png(tmp_path / "boarding.png")])
    assert asked == [[tmp_path / "boarding.png"]]
    assert "1 file attached" in pane.evidence.marks[EvidenceKind.TRAVEL].text()
    tab.context.undo_stack.undo()
    assert "missing" in pane.evidence.marks[EvidenceKind.TRAVEL].text()


def test_another_exchanges_form_is_refused_and_the_file_menu_reads_the_reference(
    window: Any, tab: Any, demo_db: Any, answers: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    mine, other = closeable(demo_db, 2)
    form = filled_form(demo_db, other, tmp_path, {"results": "Read from the form.", "rating": "3"})
    monkeypatch.setattr(closing_files, "choose_form", lambda _parent: form)
    monkeypatch.setattr(closing_files, "choose_evidence", lambda *_a: [])

    select_reference(tab, mine)
    tab.exchange_pane.report.receive_button.click()
    assert answers.told and f"is the form of {other}, not of {mine}" in answers.told[-1]
    assert closing.closing_state(demo_db, mine).report is None

    # File → Receive a closing report… takes the form for the exchange it names, and shows it.
    window.actions_by_id["receive_report"].trigger()
    received = closing.closing_state(demo_db, other).report
    assert received is not None and received.results == "Read from the form."
    assert tab.exchange_pane.title.text() == other
    assert tab.exchange_pane.report.fields["results"].text() == "Read from the form."


# -- papers --------------------------------------------------------------------------------------


def test_papers_on_screen_and_the_commitment_typed(tab: Any, demo_db: Any, answers: Any) -> None:
    (reference,) = closeable(demo_db)
    select_reference(tab, reference)
    pane = tab.exchange_pane
    pane.report_form_button.click()
    assert tab.closing.preview is not None and tab.closing.preview.page_count >= 1, answers.told
    assert reference in tab.closing.preview.windowTitle()
    tab.closing.preview.close()
    pane.certificate_button.click()
    assert "Certificate of participation" in tab.closing.preview.windowTitle(), answers.told
    tab.closing.preview.close()

    pane.commitment_button.click()
    dialog = tab.closing.dialog
    dialog.goals.setPlainText("Learn how the host runs its pilot line.")
    dialog.agenda.setPlainText("Day 1: pilot line\nDay 2: SMEs\nDay 3: next steps")
    click_ok(dialog)
    assert not dialog.isVisible(), dialog.problem.text()
    kept = closing.commitment_of(demo_db, reference)
    assert kept is not None and kept.agenda == "Day 1: pilot line\nDay 2: SMEs\nDay 3: next steps"
    tab.context.undo_stack.undo()
    undone = closing.commitment_of(demo_db, reference)
    assert undone is None or undone.agenda is None


def test_the_report_section_waits_for_the_end_of_the_visit(tab: Any, demo_db: Any) -> None:
    with demo_db.unit() as session:
        future = session.scalar(
            select(ExchangeRow.reference)
            .where(ExchangeRow.status == Status.SIGNED)
            .where(ExchangeRow.end_date >= today_utc())
            .limit(1)
        )
    if future is None:
        pytest.skip("the demo desk has no signed exchange still to come")
    select_reference(tab, future)
    assert not tab.exchange_pane.closing_box.isVisible()
    assert not tab.exchange_pane.certificate_button.isEnabled()


def test_every_closing_control_has_an_accessible_name(
    tab: Any, demo_db: Any, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    from tests.ui.test_accessibility import unnamed

    (reference,) = closeable(demo_db)
    select_reference(tab, reference)
    pane = tab.exchange_pane
    monkeypatch.setattr(
        closing_files, "choose_evidence", lambda *_a: [small_pdf(tmp_path / "ticket.pdf")]
    )
    pane.evidence.attach_buttons[EvidenceKind.TRAVEL].click()
    assert unnamed(pane) == []
    for button in (
        pane.report.type_button,
        pane.report.validate_button,
        pane.report.bank_button,
        pane.commitment_button,
        pane.evidence.waive_buttons[EvidenceKind.ATTENDANCE],
    ):
        button.click()
        dialog = tab.closing.dialog
        qtbot.waitExposed(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__
        dialog.reject()
