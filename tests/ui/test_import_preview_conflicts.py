"""The window's import preview of a package that would leave conflicts: it lists them, and the
database is unchanged by the preview (the dry run is the import, rolled back)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, full, tables
from tests.services.test_dry_run import iterdump
from tests.sync.factory import ORG_ARAGON


# The offscreen platform cannot pass size hints on for a dialog (as in tests/ui/conftest.py).
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_preview_shows_the_conflicts_applying_leaves(
    qtbot: Any, empty_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.db.store import Store
    from cxdesk.ui import tasks
    from cxdesk.ui.context import UiContext
    from cxdesk.ui.sync.import_dialog import ImportDialog

    monkeypatch.setattr(tasks, "SYNCHRONOUS", True)  # the work on the test's thread

    assert import_package(empty_db, full(tmp_path)).applied
    with empty_db.unit() as session:
        Store(session).edit(
            "organisations",
            ORG_ARAGON,
            {"website": "https://aragon.example.org", "phone": "+34 974 000 000"},
            "test",
        )
    org = tables()["organisations"][0] | {
        "revision": "4",
        "website": "https://agro.example.es",
        "phone": "+34 976 555 555",
    }
    package = delta(tmp_path, {"organisations": [org]}, sequence=43)
    before = iterdump(empty_db)
    dialog = ImportDialog(UiContext(empty_db), package)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert iterdump(empty_db) == before
    assert dialog.conflicts.isVisible() and dialog.conflict_list.isVisible()
    assert dialog.conflicts.text().startswith("Applying leaves 2 conflicts")
    listed = dialog.conflict_list.toPlainText().splitlines()
    assert listed == [
        "Organisation Clúster Agroalimentario de Aragón: website is “https://aragon.example.org”"
        " here, “https://agro.example.es” on the platform",
        "Organisation Clúster Agroalimentario de Aragón: phone is “+34 974 000 000” here, "
        "“+34 976 555 555” on the platform",
    ]
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()
    assert dialog.imported is not None and dialog.imported.conflicts == 2
    assert dialog.conflicts.text().startswith("2 fields were changed both here")
