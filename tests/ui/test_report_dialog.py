"""Funding → Report…: the dialog asks where, writes the chosen format, and says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from cxdesk.core.i18n import format_money
from cxdesk.services.agency_report import report_figures
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.funding import report_dialog
from cxdesk.ui.tabs.funding.tab import FundingTab

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def dialog(qtbot: Any, demo_db: Any) -> report_dialog.ReportDialog:
    context = UiContext(demo_db)
    tab = FundingTab(context)
    tab.background = False
    qtbot.addWidget(tab)
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    return tab.report_dialog


def answer(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    asked: list[str] = []

    def choose(_parent: Any, title: str, suggested: Path, filters: str) -> Path | None:
        asked.append(f"{suggested.name} {filters}")
        return path

    monkeypatch.setattr(report_dialog, "choose_target", choose)
    return asked


def test_save_as_writes_the_workbook_of_the_period(
    dialog: report_dialog.ReportDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, demo_db: Any,
) -> None:  # fmt: skip
    asked = answer(monkeypatch, tmp_path / "agency")  # the suffix is added
    dialog.first.setDate(QDate(2026, 1, 1))
    dialog.last.setDate(QDate(2026, 12, 31))
    statuses: list[str] = []
    dialog.context.status.connect(statuses.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["cxdesk-report-2026.xlsx Workbooks (*.xlsx)"]
    out = tmp_path / "agency.xlsx"
    assert statuses == [f"Report written to {out}."]
    assert not dialog.isVisible()
    book = load_workbook(out)
    expected = report_figures(demo_db, *dialog.period())
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Exchanges starting in the period, every status"] == expected.total


def test_the_pdf_in_another_language_for_all_time(
    dialog: report_dialog.ReportDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, demo_db: Any,
) -> None:  # fmt: skip
    answer(monkeypatch, tmp_path / "bericht.pdf")
    dialog.all_time.setChecked(True)
    assert not dialog.first.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.format.setCurrentIndex(dialog.format.findData(".pdf"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "bericht.pdf").pages)
    granted = format_money(report_figures(demo_db).granted_total, "de")
    assert "".join(granted.split()) in "".join(text.split())


def test_cancelling_the_file_dialog_writes_nothing_and_a_refusal_stays_in_the_dialog(
    dialog: report_dialog.ReportDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    answer(monkeypatch, None)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.xlsx")) == []
    dialog.first.setDate(QDate(2026, 6, 1))
    dialog.last.setDate(QDate(2026, 5, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ends before it starts" in dialog.error.text()
    (tmp_path / "folder.xlsx").mkdir()  # the system refuses: told in the dialog
    answer(monkeypatch, tmp_path / "folder.xlsx")
    dialog.first.setDate(QDate(2026, 1, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "is a folder, not a file" in dialog.error.text()
    assert dialog.save_button.isEnabled()
