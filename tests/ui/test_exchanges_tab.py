"""The Exchanges tab driven like a coordinator: filter, edit against the rules, undo, lifecycle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from cxdesk.core.clock import today_utc
from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.db.store import Store
from cxdesk.domain.codes import REQUIRED_EVIDENCE, Status
from cxdesk.services import browse, closing


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def select_reference(tab: Any, reference: str) -> None:
    tab.filter_bar.text.setText(reference)
    tab.filter_bar.flush()
    assert tab.model.rowCount() == 1
    tab.select_first()
    assert tab.selected_uid


def one_with_status(db: Any, status: str, future: bool = False) -> str:
    with db.unit() as session:
        query = select(ExchangeRow.reference).where(ExchangeRow.status == status)
        if future:
            query = query.where(ExchangeRow.start_date > today_utc() + timedelta(days=20))
        found = session.scalar(query.order_by(ExchangeRow.reference).limit(1))
    assert found is not None
    return found


def test_filters_by_status_and_reference(window: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    all_rows = tab.model.rowCount()
    combo = tab.filter_bar.combos["status"]
    combo.setCurrentIndex(combo.findData("paid"))
    paid = tab.model.rowCount()
    assert 0 < paid < all_rows
    statuses = {tab.model.index(r, 1).data(Qt.ItemDataRole.UserRole + 10) for r in range(paid)}
    assert statuses == {"paid"}
    combo.setCurrentIndex(0)
    reference = tab.model.data(tab.model.index(3, 0))
    select_reference(tab, reference)
    assert tab.exchange_pane.title.text() == reference


def test_edit_against_the_rules_save_and_undo(window: Any, qtbot: Any, demo_db: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    reference = one_with_status(demo_db, "submitted", future=True)
    select_reference(tab, reference)
    original = browse.exchange(demo_db, reference)
    tab.edit_selected()
    editor = tab.editor
    qtbot.addWidget(editor)
    assert editor.save_button.isEnabled()

    # Two working days: Monday to Tuesday of a week a month from the start.
    monday = original.start_date + timedelta(days=35 - original.start_date.weekday())
    editor.start.setDate(qdate(monday))
    editor.end.setDate(qdate(monday + timedelta(days=1)))
    qtbot.waitUntil(lambda: not editor.save_button.isEnabled())  # as you type (debounced)
    assert "2 working days at the host: the minimum is 3" in editor.verdict.reasons
    assert "the minimum is 3" in editor.verdict_label.text()
    assert "Not eligible" in editor.verdict_label.text()

    editor.end.setDate(qdate(monday + timedelta(days=3)))
    editor.notes.setPlainText("Agenda moved by a month.")
    editor.judge_now()
    assert editor.save_button.isEnabled(), editor.verdict.reasons
    assert "Lump sum" in editor.verdict_label.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible(), editor.problem.text()
    saved = browse.exchange(demo_db, reference)
    assert (saved.start_date, saved.end_date) == (monday, monday + timedelta(days=3))
    assert saved.notes == "Agenda moved by a month."
    assert reference in window.status_text
    assert tab.exchange_pane.fields["notes"].text() == "Agenda moved by a month."

    window.actions_by_id["undo"].trigger()
    back = browse.exchange(demo_db, reference)
    assert (back.start_date, back.end_date, back.notes) == (
        original.start_date,
        original.end_date,
        original.notes,
    )
    assert tab.exchange_pane.fields["notes"].text() == (original.notes or "—")
    assert "put back" in window.status_text


def test_changing_a_granted_amount_asks_first(
    window: Any, qtbot: Any, demo_db: Any, answers: Any
) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    reference = one_with_status(demo_db, "approved", future=True)
    select_reference(tab, reference)
    granted = browse.exchange(demo_db, reference).lump_sum
    tab.edit_selected()
    editor = tab.editor
    qtbot.addWidget(editor)
    start = browse.exchange(demo_db, reference).start_date
    monday = start + timedelta(days=7 - start.weekday())
    editor.start.setDate(qdate(monday))
    editor.end.setDate(qdate(monday + timedelta(days=2)))  # 3 working days: halved
    editor.judge_now()
    assert editor.save_button.isEnabled(), editor.verdict.reasons
    assert "was granted" in editor.verdict_label.text()
    answers.confirm = False
    editor.try_save()
    assert answers.asked and "Save anyway?" in answers.asked[-1]
    assert browse.exchange(demo_db, reference).lump_sum == granted
    answers.confirm = True
    editor.try_save()
    assert browse.exchange(demo_db, reference).lump_sum == granted / 2
    window.actions_by_id["undo"].trigger()
    assert browse.exchange(demo_db, reference).lump_sum == granted


def _first_visit(db: Any) -> tuple[str, str, str]:
    """A cluster organisation's person who never visited, and a host in another country."""
    with db.unit() as session:
        store = Store(session)
        for org in session.scalars(
            select(OrganisationRow)
            .where(OrganisationRow.kind == "cluster_organisation")
            .order_by(OrganisationRow.id)
        ):
            if not store.visits_of(org.uid):
                person = session.scalar(
                    select(PersonRow).where(PersonRow.organisation_uid == org.uid).limit(1)
                )
                host = session.scalar(
                    select(OrganisationRow)
                    .where(
                        OrganisationRow.kind == "cluster_organisation",
                        OrganisationRow.country != org.country,
                    )
                    .limit(1)
                )
                assert person is not None and host is not None
                return person.uid, f"{person.first_name} {person.last_name}", host.uid
    raise AssertionError("the demo data has no organisation left to visit")


def test_a_new_exchange_through_its_lifecycle_to_paid(
    window: Any, qtbot: Any, demo_db: Any, answers: Any
) -> None:
    visitor_uid, visitor_name, host_uid = _first_visit(demo_db)
    window.actions_by_id["new_exchange"].trigger()
    tab = window.exchanges
    editor = tab.editor
    qtbot.addWidget(editor)
    assert not editor.save_button.isEnabled()
    assert "Choose the visitor from the list." in editor.verdict_label.text()
    # Type the name, press Enter: the first match is taken (the popup offers the same list).
    qtbot.keyClicks(editor.visitor, visitor_name)
    qtbot.keyClick(editor.visitor, Qt.Key.Key_Return)
    if editor.visitor.uid != visitor_uid:  # a namesake came first: choose from the list
        editor.visitor.choose(visitor_uid, visitor_name)
    editor.host.choose(host_uid, browse.organisation_choice(demo_db, host_uid).label)
    assert editor.contact.count() >= 2  # the host's people, chosen from a list
    monday = today_utc() - timedelta(days=today_utc().weekday() + 56)
    editor.start.setDate(qdate(monday))
    editor.end.setDate(qdate(monday + timedelta(days=11)))
    editor.purposes[next(iter(editor.purposes))].setChecked(True)
    editor.judge_now()
    assert editor.save_button.isEnabled(), editor.verdict.reasons
    editor.try_save()
    assert not editor.isVisible(), editor.problem.text()
    uid = tab.selected_uid
    created = browse.exchange(demo_db, uid)
    assert created.status is Status.DRAFT and created.reference.startswith(f"CX-{monday.year}-")

    steps = [
        Status.SUBMITTED,
        Status.APPROVED,
        Status.SIGNED,
        Status.COMPLETED,
        Status.REPORTED,
        Status.PAID,
    ]
    for step in steps:
        if step is Status.REPORTED:
            # The report is in, its evidence waived: validating is then a dialog to accept.
            closing.save_report(
                demo_db,
                uid,
                received_on=today_utc(),
                actual_start=None,
                actual_end=None,
                activities="Visited the pilot line.",
                results=None,
                rating=4,
            )
            for kind in REQUIRED_EVIDENCE:
                closing.waive(demo_db, uid, kind, "Shown to the coordinator on site.")
        action = window.actions_by_id[f"step_{step.value}"]
        assert action.isEnabled(), step
        action.trigger()
        if step in (Status.REPORTED, Status.PAID):  # each asks first: the amount, the day
            tab.closing.dialog.ok_button.click()
        assert browse.exchange(demo_db, uid).status is step, answers.told
        assert tab.exchange_pane.status.text() == step.value.capitalize()
    assert not answers.told
    paid = browse.exchange_detail(demo_db, uid)
    assert paid.exchange.lump_sum is not None and paid.exchange.lump_sum > 0
    assert [p.amount for p in paid.payments] == [paid.exchange.lump_sum]
    assert not any(window.actions_by_id[f"step_{s.value}"].isEnabled() for s in steps)
    assert "nothing follows" in tab.exchange_pane.no_steps.text()

    # Undo puts the previous status back, and takes the recorded payment back with it.
    window.actions_by_id["undo"].trigger()
    undone = browse.exchange_detail(demo_db, uid)
    assert undone.exchange.status is Status.REPORTED and undone.payments == ()
    assert window.actions_by_id["step_paid"].isEnabled()
    window.actions_by_id["redo"].trigger()
    assert len(browse.exchange_detail(demo_db, uid).payments) == 1


def test_a_refused_step_says_why(window: Any, demo_db: Any, answers: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    reference = one_with_status(demo_db, "signed", future=True)
    select_reference(tab, reference)
    window.actions_by_id["step_completed"].trigger()
    assert browse.exchange(demo_db, reference).status is Status.SIGNED
    assert answers.told and "cannot be completed before" in answers.told[-1]
    assert not window.context.undo_stack.canUndo()


def test_cancelling_asks_and_can_be_undone(window: Any, demo_db: Any, answers: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    reference = one_with_status(demo_db, "approved")
    select_reference(tab, reference)
    answers.confirm = False
    tab.move_selected(Status.CANCELLED)
    assert browse.exchange(demo_db, reference).status is Status.APPROVED
    answers.confirm = True
    tab.move_selected(Status.CANCELLED)
    assert browse.exchange(demo_db, reference).status is Status.CANCELLED
    assert window.actions_by_id["undo"].text() == f"&Undo Cancel the exchange {reference}"
    window.undo()
    assert browse.exchange(demo_db, reference).status is Status.APPROVED


def test_date_range_filter_keeps_overlapping_exchanges(window: Any, demo_db: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    everything = tab.model.rowCount()
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    tab.filter_bar.dates["from"].setDate(qdate(first))
    tab.filter_bar.dates["to"].setDate(qdate(last))
    tab.filter_bar.flush()
    shown = tab.model.rowCount()
    assert 0 < shown < everything
    for row in range(shown):
        line = tab.model.data(tab.model.index(row, 0), tab.model.LineRole)
        assert line.start_date <= last and line.end_date >= first


def test_enter_on_a_row_opens_the_editor_once(window: Any, qtbot: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    tab.select_first()
    tab.table.setFocus()
    opened: list[Any] = []
    original = tab.edit_selected

    def counting() -> None:
        opened.append(True)
        original()

    tab.edit_selected = counting  # type: ignore[method-assign]
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert len(opened) == 1 and tab.editor is not None and tab.editor.isVisible()
    tab.editor.reject()


def test_an_exchange_in_the_members_pane_opens_in_its_tab(window: Any, demo_db: Any) -> None:
    members = window.members
    with demo_db.unit() as session:
        ref, host_uid = session.execute(
            select(ExchangeRow.reference, ExchangeRow.host_organisation_uid).limit(1)
        ).one()
    name = browse.organisation(demo_db, host_uid).name
    members.filter_bar.text.setText(name)
    members.filter_bar.flush()
    members.select_first()
    table = members.pane.exchanges
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == ref)
    table.setCurrentCell(row, 0)
    members.pane._open_exchange()
    assert window.current_tab_name() == "exchanges"
    assert window.exchanges.exchange_pane.title.text() == ref


def test_words_are_looked_up_off_the_gui_thread_and_the_last_ones_win(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from cxdesk.ui import tasks

    window.show_tab("exchanges")
    tab = window.exchanges
    everything = tab.model.rowCount()
    reference = str(tab.model.data(tab.model.index(5, 0)))
    monkeypatch.setattr(tasks, "SYNCHRONOUS", False)
    tab.filter_bar.text.setText("CX-")  # a first word, overtaken by the next
    tab.filter_bar.flush()
    tab.filter_bar.text.setText(reference)
    tab.filter_bar.flush()
    assert tab.model.waiting  # the keystroke came back before the search ended
    assert tab.model.rowCount() == everything  # the rows shown stay until the answer
    qtbot.waitUntil(lambda: not tab.model.waiting and tab.model.counted, timeout=10_000)
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 0)) == reference
    assert tab.count.text() == "1 exchange"
