"""Find a host… driven like a coordinator: from a member, a draft made, shown, and undone."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.db.store import Store
from cxdesk.domain.codes import VOID_STATUSES, Status
from cxdesk.ui.dialogs.find_host import FindHostDialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _empty_stack_at_the_end(window: Any) -> Any:
    yield
    # A QUndoStack that still holds steps signals its window while both are being destroyed.
    window.context.undo_stack.clear()


def _member(db: Any, visited: bool) -> str:
    """A cluster organisation's name: one that has visited, or one that has not (with people)."""
    with db.unit() as session:
        gone = set(
            session.scalars(
                select(PersonRow.organisation_uid)
                .join(ExchangeRow, ExchangeRow.visitor_uid == PersonRow.uid)
                .where(ExchangeRow.status.not_in([s.value for s in VOID_STATUSES]))
            )
        )
        for uid, name in session.execute(
            select(OrganisationRow.uid, OrganisationRow.name)
            .where(OrganisationRow.kind == "cluster_organisation")
            .order_by(OrganisationRow.name)
        ):
            people = session.scalar(select(PersonRow.uid).where(PersonRow.organisation_uid == uid))
            if (uid in gone) == visited and people:
                return str(name)
    raise AssertionError("no such member in the demo")


def _select_member(window: Any, name: str) -> Any:
    window.show_tab("members")
    tab = window.members
    tab.filter_bar.text.setText(name)
    tab.filter_bar.flush()
    assert tab.model.rowCount() >= 1
    tab.select_row(0)
    assert tab.pane.title.text() == name
    return tab


def _dialog(window: Any, qtbot: Any) -> FindHostDialog:
    qtbot.waitUntil(lambda: window.findChild(FindHostDialog) is not None, timeout=5_000)
    dialog = window.findChild(FindHostDialog)
    assert isinstance(dialog, FindHostDialog)
    return dialog


def _live_exchanges(db: Any) -> int:
    with db.unit() as session:
        return len(Store(session).all_live("exchanges"))


def test_from_a_member_a_draft_is_made_shown_and_undone(window: Any, qtbot: Any) -> None:
    db = window.context.db
    tab = _select_member(window, _member(db, visited=False))
    assert window.actions_by_id["find_host"].isEnabled()
    before = _live_exchanges(db)
    qtbot.mouseClick(tab.pane.find_host_button, LEFT)
    dialog = _dialog(window, qtbot)
    assert dialog.table.rowCount() > 0 and not dialog.problem.text()
    assert dialog.heading.text().startswith("Hosts for ")
    match = dialog.selected_match()
    assert match is not None  # the best one is chosen already
    assert "Shares" in dialog.reasons.text() and "Lump sum" in dialog.reasons.text()
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, LEFT)

    assert _live_exchanges(db) == before + 1
    assert window.current_tab_name() == "exchanges"
    exchanges = window.exchanges
    detail = exchanges.exchange_pane.detail
    assert detail is not None and exchanges.selected_uid == detail.exchange.uid
    assert detail.exchange.status is Status.DRAFT
    assert detail.exchange.host_organisation_uid == match.uid
    assert window.actions_by_id["find_host"].isEnabled()  # a draft is selected

    window.actions_by_id["undo"].trigger()  # Edit → Undo
    assert _live_exchanges(db) == before
    qtbot.waitUntil(lambda: exchanges.exchange_pane.detail is None, timeout=5_000)


def test_the_exchange_menu_finds_a_new_host_for_a_draft(window: Any, qtbot: Any) -> None:
    db = window.context.db
    tab = _select_member(window, _member(db, visited=False))
    qtbot.mouseClick(tab.pane.find_host_button, LEFT)
    first = _dialog(window, qtbot)
    first.table.selectRow(1)
    chosen = first.selected_match()
    qtbot.mouseClick(first.create_button, LEFT)
    draft = window.exchanges.exchange_pane.detail.exchange
    qtbot.waitUntil(lambda: window.findChild(FindHostDialog) is None, timeout=5_000)

    window.actions_by_id["find_host"].trigger()  # Exchange → Find a host…
    again = _dialog(window, qtbot)
    assert draft.reference in again.create_button.text()
    assert again.dates_known.isChecked() and not again.person.isEnabled()
    hosts = [again.table.item(r, 0).text() for r in range(again.table.rowCount())]
    assert chosen is not None and hosts and not again.problem.text()
    again.table.selectRow(0)
    best = again.selected_match()
    assert best is not None
    qtbot.mouseClick(again.create_button, LEFT)
    with db.unit() as session:
        assert Store(session).exchange(draft.uid).host_organisation_uid == best.uid
    window.actions_by_id["undo"].trigger()
    with db.unit() as session:
        assert Store(session).exchange(draft.uid).host_organisation_uid == chosen.uid


def test_a_member_that_visited_is_told_why_and_makes_nothing(window: Any, qtbot: Any) -> None:
    db = window.context.db
    tab = _select_member(window, _member(db, visited=True))
    qtbot.mouseClick(tab.pane.find_host_button, LEFT)
    dialog = _dialog(window, qtbot)
    assert "may visit only once" in dialog.problem.text()
    assert dialog.table.rowCount() == 0 and not dialog.create_button.isEnabled()


def test_the_menu_action_waits_for_a_member_or_a_draft(window: Any) -> None:
    window.show_tab("exchanges")
    assert not window.actions_by_id["find_host"].isEnabled()  # nothing selected
    with window.context.db.unit() as session:
        approved = session.scalar(
            select(ExchangeRow.uid).where(ExchangeRow.status == "approved").limit(1)
        )
    window.exchanges.show_exchange(approved)
    assert not window.actions_by_id["find_host"].isEnabled()  # not a draft
