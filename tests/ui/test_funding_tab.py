"""The Funding tab: figures against the records, payments, late rows in red, budget undo, rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from cxdesk.core.i18n import format_money
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES
from cxdesk.services import closing
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.funding.models import LATE_TEXT
from cxdesk.ui.tabs.funding.tab import FundingTab
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def tab(qtbot: Any, demo_db: Any) -> FundingTab:
    context = UiContext(demo_db)
    widget = FundingTab(context)
    qtbot.addWidget(widget)
    context.changed.connect(widget.refresh)  # what the main window does
    widget.today = DEMO_TODAY
    widget.resize(1280, 760)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show()
        widget.reload()
    return widget


def reload(tab: FundingTab, qtbot: Any) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        pass


def test_the_cards_show_the_sums_of_the_records(tab: FundingTab, demo_db: Any) -> None:
    with demo_db.unit() as session:
        store = Store(session)
        exchanges = store.all_live("exchanges")
        payments = store.all_live("payments")
        budget = store.partnership().budget  # type: ignore[union-attr]
    granted = sum(e.lump_sum for e in exchanges if e.status in GRANTED_STATUSES)
    paid = sum(p.amount for p in payments)
    assert tab.granted_card.value.text() == format_money(granted)
    assert tab.paid_card.value.text() == format_money(paid)
    assert tab.budget_card.value.text() == format_money(budget)
    assert tab.left_card.value.text() == format_money(budget - granted)
    assert Decimal(f"{tab.budget_box.value():.2f}") == budget


def test_the_models_pass_the_model_tester(tab: FundingTab, qtmodeltester: Any) -> None:
    assert tab.due_model.rowCount() > 0
    qtmodeltester.check(tab.due_model)
    assert tab.rate_model.rowCount() > 30
    qtmodeltester.check(tab.rate_model)


def test_a_late_payment_is_red(tab: FundingTab) -> None:
    model = tab.due_model
    late = [r for r in range(model.rowCount()) if model.line(r).late]
    assert late, "the demo has late payments"
    index = model.index(late[0], 0)
    foreground = model.data(index, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(foreground, QBrush) and foreground.color() == LATE_TEXT
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Late by" in model.data(model.index(late[0], 5))
    on_time = [r for r in range(model.rowCount()) if not model.line(r).late]
    for row in on_time:
        assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_recording_a_payment_changes_paid_and_clears_the_row(tab: FundingTab, qtbot: Any) -> None:
    before = tab.overview
    assert before is not None
    # A payment waiting in an open SEPA batch is paid by confirming the batch: take another.
    row = next(
        r
        for r in range(tab.due_model.rowCount())
        if closing.closing_state(tab.context.db, tab.due_model.line(r).uid).open_batch is None
    )
    tab.due_view.selectRow(row)
    line = tab.due_model.line(row)
    dialog = tab.open_payment_dialog()
    assert dialog is not None
    assert Decimal(f"{dialog.amount.value():.2f}") == line.outstanding  # the lump sum
    dialog.bank_reference.setText("SEPA-2026-TEST")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    after = tab.overview
    assert after is not None
    assert after.figures.paid == before.figures.paid + line.outstanding
    assert after.figures.left == before.figures.left
    assert tab.paid_card.value.text() == format_money(after.figures.paid)
    assert line.uid not in {tab.due_model.line(r).uid for r in range(tab.due_model.rowCount())}


def test_a_refused_payment_is_said_in_the_dialog(tab: FundingTab) -> None:
    tab.due_view.selectRow(0)
    dialog = tab.open_payment_dialog()
    assert dialog is not None
    dialog.amount.setValue(0)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "more than 0" in dialog.error.text()
    dialog.reject()


def test_the_budget_is_edited_and_undone(tab: FundingTab, qtbot: Any) -> None:
    before = tab.overview
    assert before is not None
    tab.budget_box.setValue(float(before.figures.budget + 10_000))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.save_budget_button.click()
    assert tab.overview is not None
    assert tab.overview.figures.left == before.figures.left + 10_000
    assert tab.left_card.value.text() == format_money(before.figures.left + 10_000)
    assert tab.context.undo_stack.canUndo()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.context.undo_stack.undo()
    assert tab.overview.figures.left == before.figures.left
    assert tab.left_card.value.text() == format_money(before.figures.left)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.context.undo_stack.redo()
    assert tab.overview.figures.budget == before.figures.budget + 10_000


def test_the_charts_have_the_months_and_the_top_countries(tab: FundingTab) -> None:
    assert tab.overview is not None
    assert len(tab.month_chart.categories) == len(tab.overview.months) == 18
    assert 0 < len(tab.country_chart.categories) <= 10
    series = tab.month_chart.chart().series()
    assert len(series) == 1
    sets = series[0].barSets()  # type: ignore[attr-defined]
    assert [s.count() for s in sets] == [18, 18]
    granted = sum(Decimal(str(sets[0].at(i))) for i in range(18))
    assert granted == sum(m.granted for m in tab.overview.months)


def test_a_ceiling_is_edited_in_the_table(tab: FundingTab, qtbot: Any) -> None:
    model = tab.rate_model
    row = next(r for r, rate in enumerate(model.items) if rate.host_country == "DE")
    index = model.index(row, model.CEILING)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        assert model.setData(index, "990,00")
    germany = next(r for r in model.items if r.host_country == "DE")
    assert germany.ceiling == Decimal("990.00")
    assert not model.setData(model.index(row, model.CEILING), "much")


def test_a_dated_table_is_added_prefilled(tab: FundingTab, qtbot: Any) -> None:
    dialog = tab.open_rate_dialog()
    row = dialog.codes.index("DK")
    assert dialog.table.item(row, 1).text() == "1100.00"
    dialog.name.setText("Partnership rates 2027")
    dialog.table.item(row, 1).setText("1200")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    added = [r for r in tab.rate_model.items if r.table == "Partnership rates 2027"]
    assert len(added) == len(dialog.codes)
    assert next(r for r in added if r.host_country == "DK").ceiling == Decimal("1200.00")
    assert all(r.valid_from == date(DEMO_TODAY.year + 1, 1, 1) for r in added)

    again = tab.open_rate_dialog()
    again.name.setText("Partnership rates 2027")
    again.buttons.button(again.buttons.StandardButton.Ok).click()
    assert again.isVisible() and "exists already" in again.error.text()
    again.reject()
