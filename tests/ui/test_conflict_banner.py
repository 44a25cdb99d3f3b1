"""The bar above the tabs while conflicts wait: counted, opens the conflicts window, then gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from cxdesk.db.store import Store
from cxdesk.services.conflicts import open_conflicts
from cxdesk.services.importing import import_package
from cxdesk.ui.sync import actions as sync_actions
from cxdesk.ui.sync.conflicts_dialog import DESK, ConflictsDialog
from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import ORG_ARAGON, ORG_THESSALY

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def desk(empty_db: Any, tmp_path: Path) -> tuple[Any, Path]:
    """A desk where two organisations' cities were edited, and the platform's package that
    changes the same two cities otherwise (not imported yet)."""
    import_package(empty_db, full(tmp_path))
    with empty_db.unit() as session:
        store = Store(session)
        store.edit("organisations", ORG_ARAGON, {"city": "Huesca"}, "test")
        store.edit("organisations", ORG_THESSALY, {"city": "Βόλος"}, "test")
    rows = tables()["organisations"][:2]
    rows[0] |= {"revision": "4", "city": "Teruel"}
    rows[1] |= {"revision": "4", "city": "Τρίκαλα"}
    return empty_db, delta(tmp_path, {"organisations": rows}, sequence=43)


def _window(qtbot: Any, db: Any) -> Any:
    from cxdesk.ui.app import build_main_window

    window = build_main_window(db, "en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open_dialog(qtbot: Any, window: Any) -> ConflictsDialog:
    qtbot.mouseClick(window.conflict_banner.button, LEFT)
    dialog = window.findChild(ConflictsDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def test_the_banner_appears_after_an_import_with_conflicts_and_goes_when_resolved(
    qtbot: Any, desk: tuple[Any, Path]
) -> None:
    db, package = desk
    window = _window(qtbot, db)
    banner = window.conflict_banner
    assert not banner.isVisible()  # nothing to resolve yet
    # The import as a person does it: the preview, then Apply.
    preview = sync_actions.open_import(window, window.context, package)
    qtbot.addWidget(preview)
    qtbot.mouseClick(preview.apply_button, LEFT)
    assert banner.isVisible()
    assert banner.label.text() == (
        "2 conflicts wait for your choice — the desk keeps its values until you resolve them."
    )
    # Above the tabs, under the toolbar.
    assert banner.geometry().bottom() <= window.tabs.geometry().top()
    dialog = _open_dialog(qtbot, window)
    assert dialog.model.rowCount() == 2
    qtbot.mouseClick(dialog.all_platform, LEFT)
    qtbot.mouseClick(dialog.apply_button, LEFT)
    assert not dialog.isVisible() and open_conflicts(db) == []
    assert not banner.isVisible()


def test_a_window_opened_on_conflicts_shows_the_count_and_follows_each_choice(
    qtbot: Any, desk: tuple[Any, Path]
) -> None:
    db, package = desk
    assert import_package(db, package).conflicts == 2
    window = _window(qtbot, db)
    banner = window.conflict_banner
    assert banner.isVisible() and banner.label.text().startswith("2 conflicts wait")
    assert banner.accessibleName() == "Conflicts waiting"
    assert banner.button.accessibleName() == "Resolve the conflicts"
    assert banner.button.text() == "&Resolve…"  # Alt+R
    dialog = _open_dialog(qtbot, window)
    # One field decided (the desk's value kept), the other left for later.
    dialog.model.setData(
        dialog.model.index(0, DESK), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.mouseClick(dialog.apply_button, LEFT)
    assert dialog.isVisible() and dialog.model.rowCount() == 1
    assert banner.isVisible()
    assert banner.label.text() == (
        "1 conflict waits for your choice — the desk keeps its value until you resolve it."
    )
    qtbot.mouseClick(dialog.all_desk, LEFT)
    qtbot.mouseClick(dialog.apply_button, LEFT)
    assert not banner.isVisible()
    # Undo brings the last choice back, and the banner with it.
    window.actions_by_id["undo"].trigger()
    assert banner.isVisible() and banner.label.text().startswith("1 conflict waits")
