"""The conflicts window: desk, platform and earlier values side by side; a choice per field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cxdesk.db.store import Store
from cxdesk.services.conflicts import open_conflicts
from cxdesk.services.importing import import_package
from cxdesk.ui.context import UiContext
from cxdesk.ui.sync import actions as sync_actions
from cxdesk.ui.sync.conflicts_dialog import DESK, PLATFORM, ConflictsDialog
from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import ORG_ARAGON, ORG_THESSALY

CHECK = Qt.ItemDataRole.CheckStateRole


@pytest.fixture
def context(empty_db: Any, tmp_path: Path) -> UiContext:
    """A desk where two organisations' cities were changed on both sides."""
    import_package(empty_db, full(tmp_path))
    with empty_db.unit() as session:
        store = Store(session)
        store.edit("organisations", ORG_ARAGON, {"city": "Huesca"}, "test")
        store.edit("organisations", ORG_THESSALY, {"city": "Βόλος"}, "test")
    rows = tables()["organisations"][:2]
    rows[0] |= {"revision": "4", "city": "Teruel"}
    rows[1] |= {"revision": "4", "city": "Τρίκαλα"}
    assert (
        import_package(empty_db, delta(tmp_path, {"organisations": rows}, sequence=43)).conflicts
        == 2
    )
    return UiContext(empty_db)


def _city(context: UiContext, uid: str) -> str:
    with context.db.unit() as session:
        return Store(session).organisation(uid).city


def test_the_values_side_by_side_and_a_choice_per_field(
    qtbot: Any, qtmodeltester: Any, context: UiContext
) -> None:
    dialog = ConflictsDialog(context)
    qtbot.addWidget(dialog)
    model = dialog.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    texts = [model.data(model.index(0, column)) for column in range(5)]
    assert texts == [
        "Organisation: Clúster Agroalimentario de Aragón",
        "city",
        "Zaragoza",
        "Huesca",
        "Teruel",
    ]
    assert not dialog.apply_button.isEnabled()
    # Ticking one side unticks the other.
    assert model.setData(model.index(0, DESK), Qt.CheckState.Checked, CHECK)
    assert model.setData(model.index(0, PLATFORM), Qt.CheckState.Checked, CHECK)
    assert model.data(model.index(0, DESK), CHECK) == Qt.CheckState.Unchecked
    assert model.data(model.index(0, PLATFORM), CHECK) == Qt.CheckState.Checked
    assert dialog.apply_button.isEnabled() and "1 chosen" in dialog.status.text()
    changes: list[Any] = []
    context.changed.connect(changes.append)
    dialog.apply_button.click()
    assert _city(context, ORG_ARAGON) == "Teruel"
    assert _city(context, ORG_THESSALY) == "Βόλος"  # not chosen: the desk's value stays
    assert model.rowCount() == 1 and changes and "organisations" in changes[0].tables
    dialog.model.choose_all("local")
    dialog.apply_button.click()
    assert open_conflicts(context.db) == [] and _city(context, ORG_THESSALY) == "Βόλος"


def test_the_menu_counts_the_conflicts_and_opens_the_window(qtbot: Any, context: UiContext) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    actions = sync_actions.install_sync_actions(window, context)
    assert actions.resolve_conflicts.text() == "Resolve &conflicts (2)…"
    actions.resolve_conflicts.trigger()
    dialog = window.findChild(ConflictsDialog)
    assert dialog is not None
    dialog.model.choose_all("platform")
    dialog.apply()
    assert actions.resolve_conflicts.text() == "Resolve &conflicts…"
    statuses: list[str] = []
    context.status.connect(statuses.append)
    assert sync_actions.resolve_conflicts(window, context) is None
    assert statuses == ["No conflict to resolve."]
