"""Funding → Payments by SEPA and Past the audit period, clicked as the coordinator would: a file
the bank's schema accepts, the batch open until confirmed, the exchanges then paid; the refusal
with no account; erasing what the audit period no longer covers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sepaxml
import xmlschema
from PySide6.QtCore import Qt

from cxdesk.db.store import Store
from cxdesk.domain.codes import BatchStatus
from cxdesk.services import retention, sepa
from cxdesk.services.account import IBAN_KEY, NAME_KEY
from cxdesk.ui.dialogs.settings import SettingsDialog
from cxdesk.ui.tabs.funding import sepa_dialogs
from cxdesk.ui.tabs.funding.tab import FundingTab

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


@pytest.fixture
def funding(window: Any) -> Iterator[FundingTab]:
    window.show_tab("funding")
    tab = window.current_tab()
    assert isinstance(tab, FundingTab)
    tab.wait_loaded()
    tab.show_page("sepa")
    yield tab
    # The window outlives the test until the process ends: an undo stack left full then
    # tells the deleted window its state (the stack's destructor clears it).
    window.context.undo_stack.clear()


def _exchange_status(window: Any, uid: str) -> str:
    """The status the Exchanges tab's table shows for an exchange."""
    table = window.exchanges
    table.ensure_loaded()
    model = table.model
    for row in range(model.rowCount()):
        line = model.line(row)
        if line is not None and line.uid == uid:
            return str(line.status)
    raise AssertionError(f"{uid} is not in the exchanges table")


def _write(funding: FundingTab, qtbot: Any, target: Path, monkeypatch: Any) -> Any:
    page = funding.sepa_page
    monkeypatch.setattr(sepa_dialogs, "choose_target", lambda *_args: target)
    assert page.write_button.isEnabled()
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    dialog = page.write_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.error.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    return dialog.written


def test_writing_a_file_makes_a_valid_transfer_and_an_open_batch(
    window: Any, funding: FundingTab, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    page = funding.sepa_page
    taken, _left = sepa.plan(window.context.db)
    assert taken, "the demo has a payment due with an IBAN"
    assert f"{len(taken)} payment" in page.payable.text()
    written = _write(funding, qtbot, tmp_path / "june.xml", monkeypatch)
    assert (tmp_path / "june.xml").is_file()
    xmlschema.XMLSchema(str(XSD)).validate(str(tmp_path / "june.xml"))
    number = written.batch.number
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    assert number in rows
    assert page.table.item(rows[number], 3).text() == "Waiting for the bank"
    assert page.selected_batch() is not None and page.selected_batch().number == number
    # Nothing is left to pay by file: the button says so by being off.
    assert not page.write_button.isEnabled()
    assert "0 payments due" in page.payable.text()


def test_confirming_marks_its_exchanges_paid(
    window: Any, funding: FundingTab, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    page = funding.sepa_page
    written = _write(funding, qtbot, tmp_path / "pay.xml", monkeypatch)
    uids = [item.exchange_uid for item in written.batch.items]
    assert all(_exchange_status(window, uid) == "reported" for uid in uids)
    page.select_batch(written.batch.number)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    dialog = page.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.bank_reference, "BANK-2026-118")
    dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    assert all(_exchange_status(window, uid) == "paid" for uid in uids)
    confirmed = {b.number: b for b in sepa.batches(window.context.db)}[written.batch.number]
    assert confirmed.status is BatchStatus.CONFIRMED
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    assert page.table.item(rows[written.batch.number], 3).text().startswith("Paid ")
    assert "BANK-2026-118" in page.table.item(rows[written.batch.number], 3).text()
    # Confirmed, it can be neither confirmed nor cancelled again.
    page.select_batch(written.batch.number)
    assert not page.confirm_button.isEnabled() and not page.cancel_button.isEnabled()


def test_cancelling_a_batch_makes_its_payments_due_again(
    window: Any, funding: FundingTab, qtbot: Any, answers: Any
) -> None:
    page = funding.sepa_page
    batch = sepa.open_batches(window.context.db)[0]
    waiting = len(sepa.plan(window.context.db)[0])
    page.select_batch(batch.number)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert batch.number in answers.asked[-1]
    assert sepa.open_batches(window.context.db) == []
    assert len(sepa.plan(window.context.db)[0]) == waiting + len(batch.items)


def test_no_account_is_refused_with_a_way_to_settings(
    window: Any, funding: FundingTab, qtbot: Any
) -> None:
    with window.context.db.write() as session:
        store = Store(session)
        store.set_state(NAME_KEY, "")
        store.set_state(IBAN_KEY, "")
    page = funding.sepa_page
    page.reload()
    assert "No account" in page.account_line.text()
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    dialog = page.write_dialog
    assert dialog is not None
    assert dialog.error.text() == sepa.no_account_message()
    assert dialog.settings_button.isVisible()
    qtbot.mouseClick(dialog.settings_button, Qt.MouseButton.LeftButton)
    settings = window.findChildren(SettingsDialog)
    assert settings and settings[-1].isVisible()
    # Given there, the refusal goes.
    shown = settings[-1]
    shown.name.setText("ECP Digital")
    shown.iban.setText("BE68539007547034")
    shown.accept()
    assert not dialog.error.isVisible()
    assert "BE68" in dialog.debtor.text()


def test_past_the_audit_period_is_listed_and_erased(
    window: Any, funding: FundingTab, answers: Any
) -> None:
    page = funding.retention_page
    assert page.table.rowCount() == 0  # the demo's payments are within five years
    from cxdesk.ui import undo

    undo.record(window.context, "years", retention.set_audit_years(window.context.db, 1))
    funding.show_page("retention")
    expired = retention.expired(window.context.db)
    assert expired
    assert page.table.rowCount() == len(expired)
    assert "1 year" in page.intro.text()
    page.table.selectRow(0)
    first = expired[0]
    page.erase()
    assert first.reference in answers.asked[-1]
    assert first.masked_iban is not None and first.masked_iban in answers.asked[-1]
    assert len(expired) > 1 and expired[1].reference not in answers.asked[-1]
    assert first.uid not in [e.uid for e in retention.expired(window.context.db)]
    assert page.table.rowCount() == len(expired) - 1
    window.undo()
    assert page.table.rowCount() == len(expired)


def test_erase_asks_first_and_a_no_keeps_everything(
    window: Any, funding: FundingTab, answers: Any
) -> None:
    retention.set_audit_years(window.context.db, 1)
    page = funding.retention_page
    page.reload()
    count = page.table.rowCount()
    answers.confirm = False
    page.erase()
    assert page.table.rowCount() == count == len(retention.expired(window.context.db))
