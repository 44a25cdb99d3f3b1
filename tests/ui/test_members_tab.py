"""The Members tab driven like a coordinator: filter, sort, read the pane, edit, undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from cxdesk.db.models import OrganisationRow
from cxdesk.services import browse
from cxdesk.ui.table.lazy_model import LazyTableModel


def names(model: LazyTableModel[Any, Any]) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_typing_in_the_filter_shrinks_the_rows(window: Any, qtbot: Any) -> None:
    tab = window.members
    everyone = tab.model.rowCount()
    assert everyone == 200
    word = names(tab.model)[0].split()[0]
    qtbot.keyClicks(tab.filter_bar.text, word)
    qtbot.waitUntil(lambda: tab.model.rowCount() < everyone)  # after the debounce
    shown = names(tab.model)
    assert shown and all(word.lower() in n.lower() for n in shown)
    assert tab.count.text() == f"{len(shown)} organisations"
    tab.filter_bar.text.clear()
    tab.filter_bar.flush()
    assert tab.model.rowCount() == everyone


def test_combo_filters_by_country_and_kind(window: Any, demo_db: Any) -> None:
    tab = window.members
    bar = tab.filter_bar
    bar.combos["country"].setCurrentIndex(bar.combos["country"].findData("DE"))
    with demo_db.unit() as session:
        germans = session.scalar(
            select(func.count()).select_from(OrganisationRow).where(OrganisationRow.country == "DE")
        )
    assert tab.model.rowCount() == germans
    assert {tab.model.data(tab.model.index(r, 2)) for r in range(germans)} == {"Germany"}
    bar.combos["kind"].setCurrentIndex(bar.combos["kind"].findData("cluster_organisation"))
    kinds = {tab.model.data(tab.model.index(r, 1)) for r in range(tab.model.rowCount())}
    assert kinds == {"Cluster organisation"}


def test_clicking_a_header_sorts_in_sql(window: Any, qtbot: Any) -> None:
    tab = window.members
    header = tab.table.horizontalHeader()
    city = 3
    queries = tab.model.queries
    x = header.sectionViewportPosition(city) + header.sectionSize(city) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert tab.model.sort_order.column == "city"
    assert tab.model.queries > queries  # asked SQL again, no sorting in Python
    cities = [tab.model.data(tab.model.index(r, city)) for r in range(tab.model.rowCount())]
    assert cities == sorted(cities)  # SQLite's binary order is code point order
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert tab.model.sort_order.descending
    again = [tab.model.data(tab.model.index(r, city)) for r in range(tab.model.rowCount())]
    assert again == sorted(cities, reverse=True)


def test_the_pane_shows_the_organisation_at_a_glance(window: Any, demo_db: Any) -> None:
    tab = window.members
    with demo_db.unit() as session:
        sme = session.scalar(
            select(OrganisationRow)
            .where(OrganisationRow.kind == "sme", OrganisationRow.cluster_uid.is_not(None))
            .order_by(OrganisationRow.name)
            .limit(1)
        )
        assert sme is not None
        name, cluster_uid = sme.name, sme.cluster_uid
    tab.filter_bar.text.setText(name)
    tab.filter_bar.flush()
    tab.select_first()
    pane = tab.pane
    assert pane.title.text() == name
    cluster = browse.organisation(demo_db, cluster_uid).name
    assert cluster in pane.fields["cluster"].text()
    assert f"Member of the cluster {cluster}" in pane.glance.text()
    assert "takes part in the programme today" in pane.glance.text()
    assert pane.people.rowCount() >= 1


def test_an_organisation_that_visited_says_so_with_the_reference(window: Any, demo_db: Any) -> None:
    from cxdesk.db.store import Store

    with demo_db.unit() as session:
        store = Store(session)
        visited = next(o for o in store.all_live("organisations") if store.visits_of(o.uid))
        reference = store.visits_of(visited.uid)[0]
    detail = browse.organisation_detail(demo_db, visited.uid)
    assert any(item.ok is False and reference in item.text for item in detail.glance)
    tab = window.members
    tab.filter_bar.text.setText(visited.name)
    tab.filter_bar.flush()
    tab.select_first()
    assert reference in tab.pane.glance.text()
    exchanges = tab.pane.exchanges
    refs = {exchanges.item(r, 0).text() for r in range(exchanges.rowCount())}
    assert reference in refs


def test_edit_an_organisation_then_undo(window: Any, qtbot: Any) -> None:
    tab = window.members
    tab.select_first()
    uid = tab.selected_uid
    old_city = browse.organisation(window.context.db, uid).city
    tab.edit_selected()
    dialog = tab.dialog
    qtbot.addWidget(dialog)
    dialog.name.setText("Renamed Cluster Office")
    dialog.try_save()
    assert not dialog.isVisible()
    assert browse.organisation(window.context.db, uid).name == "Renamed Cluster Office"
    assert browse.organisation(window.context.db, uid).city == old_city
    assert "Renamed Cluster Office" in window.status_text
    assert tab.pane.title.text() == "Renamed Cluster Office"
    assert "Renamed Cluster Office" in names(tab.model)
    window.actions_by_id["undo"].trigger()
    assert browse.organisation(window.context.db, uid).name != "Renamed Cluster Office"
    assert "Renamed Cluster Office" not in names(tab.model)
    window.actions_by_id["redo"].trigger()
    assert browse.organisation(window.context.db, uid).name == "Renamed Cluster Office"


def test_a_refused_edit_says_why_and_changes_nothing(window: Any, qtbot: Any) -> None:
    tab = window.members
    tab.select_first()
    before = browse.organisation(window.context.db, tab.selected_uid)
    tab.edit_selected()
    dialog = tab.dialog
    qtbot.addWidget(dialog)
    dialog.city.setText("Atlantisville")
    dialog.try_save()
    assert dialog.isVisible()
    assert "Unknown city 'Atlantisville'" in dialog.problem.text()
    assert browse.organisation(window.context.db, tab.selected_uid) == before
    assert not window.context.undo_stack.canUndo()
    dialog.reject()


def test_add_an_organisation(window: Any, qtbot: Any) -> None:
    tab = window.members
    window.actions_by_id["add_organisation"].trigger()
    dialog = tab.dialog
    qtbot.addWidget(dialog)
    dialog.name.setText("Brandneu Digital Cluster")
    dialog.kind.setCurrentIndex(dialog.kind.findData("cluster_organisation"))
    dialog.country.setCurrentIndex(dialog.country.findData("DE"))
    dialog.city.setText("Berlin")
    dialog.try_save()
    assert not dialog.isVisible(), dialog.problem.text()
    assert tab.model.rowCount() == 201
    window.actions_by_id["undo"].trigger()
    assert tab.model.rowCount() == 200
    window.actions_by_id["redo"].trigger()
    assert tab.model.rowCount() == 201
