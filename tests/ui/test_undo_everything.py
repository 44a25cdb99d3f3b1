"""Edit → Undo and Redo cover every change: a payment, a ceiling, a rate table, a conflict's
resolution (the budget's is in test_funding_tab), each checked in the figures a person reads."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxdesk.core.i18n import format_money
from cxdesk.db.migrate import open_database
from cxdesk.db.store import Store
from cxdesk.domain.codes import Status
from cxdesk.services import browse
from cxdesk.services.closing import closing_state
from cxdesk.services.conflicts import open_conflicts
from cxdesk.services.editing import set_fields
from cxdesk.services.importing import import_package
from cxdesk.ui import undo
from cxdesk.ui.context import UiContext
from tests.services.sync_factory import delta, full
from tests.sync.factory import tables
from tests.ui.test_funding_tab import tab  # noqa: F401 - the Funding tab on the demo desk

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _step(tab: Any, qtbot: Any, action: str) -> None:  # noqa: F811
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        getattr(tab.context.undo_stack, action)()


def test_a_payment_is_undone_and_redone(tab: Any, qtbot: Any) -> None:  # noqa: F811
    before = tab.overview
    # The first payment due that waits in no open SEPA batch (the batch pays those: issue 15).
    row = next(
        r
        for r in range(tab.due_model.rowCount())
        if closing_state(tab.context.db, tab.due_model.line(r).uid).open_batch is None
    )
    tab.due_view.selectRow(row)
    line = tab.due_model.line(row)
    dialog = tab.open_payment_dialog()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert tab.overview.figures.paid == before.figures.paid + line.outstanding
    assert "payment" in tab.context.undo_stack.undoText().lower()

    _step(tab, qtbot, "undo")
    assert tab.overview.figures.paid == before.figures.paid
    assert tab.paid_card.value.text() == format_money(before.figures.paid)
    assert line.uid in {tab.due_model.line(r).uid for r in range(tab.due_model.rowCount())}
    assert browse.exchange(tab.context.db, line.uid).status is Status.REPORTED

    _step(tab, qtbot, "redo")
    assert tab.overview.figures.paid == before.figures.paid + line.outstanding
    assert line.uid not in {tab.due_model.line(r).uid for r in range(tab.due_model.rowCount())}


def test_a_ceiling_and_a_rate_table_are_undone_and_redone(tab: Any, qtbot: Any) -> None:  # noqa: F811
    model = tab.rate_model
    row = next(r for r, rate in enumerate(model.items) if rate.host_country == "DE")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        assert model.setData(model.index(row, model.CEILING), "990,00")

    def germany() -> Decimal:
        return next(
            r.ceiling
            for r in tab.rate_model.items
            if r.host_country == "DE" and r.table == model.items[row].table
        )

    assert germany() == Decimal("990.00")
    _step(tab, qtbot, "undo")
    assert germany() == Decimal("950.00")
    _step(tab, qtbot, "redo")
    assert germany() == Decimal("990.00")

    dialog = tab.open_rate_dialog()
    dialog.name.setText("Partnership rates 2027")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    tables_shown = {r.table for r in tab.rate_model.items}
    assert "Partnership rates 2027" in tables_shown
    _step(tab, qtbot, "undo")
    assert "Partnership rates 2027" not in {r.table for r in tab.rate_model.items}
    _step(tab, qtbot, "redo")
    assert "Partnership rates 2027" in {r.table for r in tab.rate_model.items}


def test_a_conflict_resolution_is_undone_and_redone(qtbot: Any, tmp_path: Path) -> None:
    db = open_database(tmp_path / "desk.sqlite3")
    try:
        assert import_package(db, full(tmp_path)).applied
        set_fields(db, "exchanges", "CX-2026-0042", ["notes=The desk's note"])
        theirs = tables()
        theirs["exchanges"][0].update(revision="4", notes="The platform's note")
        assert import_package(db, delta(tmp_path, theirs, sequence=43)).conflicts == 1
        context = UiContext(db)
        (conflict,) = open_conflicts(db)
        undo.resolve_conflicts(context, {conflict.id: "platform"})
        assert browse.exchange(db, "CX-2026-0042").notes == "The platform's note"
        assert open_conflicts(db) == []

        context.undo_stack.undo()
        assert browse.exchange(db, "CX-2026-0042").notes == "The desk's note"
        assert [c.field for c in open_conflicts(db)] == ["notes"]

        context.undo_stack.redo()
        assert browse.exchange(db, "CX-2026-0042").notes == "The platform's note"
        assert open_conflicts(db) == []
    finally:
        db.close()


def test_an_undo_over_someone_elses_change_is_refused_and_says_who(
    qtbot: Any, demo_db: Any
) -> None:
    import dataclasses

    context = UiContext(demo_db)
    told: list[str] = []
    context.status.connect(told.append)
    with demo_db.unit() as session:
        first = Store(session).all_live("exchanges")[0]
    seen = browse.exchange(demo_db, first.uid)
    undo.save_exchange(context, dataclasses.replace(seen, notes="Mine"), seen)
    demo_db.user = "colleague"
    set_fields(demo_db, "exchanges", seen.reference, ["notes=Theirs"])
    context.undo_stack.undo()
    assert browse.exchange(demo_db, seen.uid).notes == "Theirs"
    assert any("colleague" in text for text in told)
