"""Printing from the window: an agreement on screen and on paper, a selection's, a view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtPrintSupport import QPrinter

from cxdesk.ui.widgets import pdf_preview as printing


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def test_the_selected_exchange_agreement_on_screen_and_on_paper(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    tab.select_first()
    detail = tab.exchange_pane.detail
    preview = tab.preview_agreement()
    assert preview is not None
    qtbot.addWidget(preview)
    assert detail.exchange.reference in preview.windowTitle()
    assert preview.page_count >= 2
    words = text_of(preview.path)
    assert detail.exchange.reference in words and detail.host_organisation in words
    out = tmp_path / "printed.pdf"
    sent = printing.print_to(pdf_printer(out), [preview.path])
    assert sent == preview.page_count == len(PdfReader(str(out)).pages)


def test_agreements_for_the_selection_go_to_one_print_job(window: Any, monkeypatch: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    chosen = [2, 4, 7]
    selection = tab.table.selectionModel()
    for row in chosen:
        selection.select(
            tab.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    references = [tab.model.data(tab.model.index(row, 0)) for row in chosen]
    jobs: list[list[Path]] = []
    monkeypatch.setattr(
        "cxdesk.ui.tabs.exchanges.tab.print_with_dialog",
        lambda _parent, paths, _title: jobs.append(list(paths)) or True,
    )
    window.actions_by_id["print_agreements"].trigger()
    assert len(jobs) == 1 and len(jobs[0]) == 3
    for path, reference in zip(jobs[0], references, strict=True):
        assert reference in text_of(path)
    assert "3 grant agreements" in window.status_text


def test_print_this_view_prints_the_filtered_rows_and_states_the_filter(window: Any) -> None:
    window.show_tab("exchanges")
    tab = window.exchanges
    combo = tab.filter_bar.combos["status"]
    combo.setCurrentIndex(combo.findData("paid"))
    shown = [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]
    lump_sum = next(i for i, c in enumerate(tab.model.columns) if c.key == "lump_sum")
    tab.table.horizontalHeader().hideSection(lump_sum)  # a column hidden is not printed
    window.actions_by_id["print_view"].trigger()
    preview = window.view_preview
    assert preview is not None
    words = text_of(preview.path)
    assert all(reference in words for reference in shown)
    assert "Filter: Status: Paid" in words and f"{len(shown)} exchanges" in words
    assert "Submitted" not in words  # only the paid ones
    assert "Lump sum" not in words and "€" not in words
    preview.close()


def test_print_this_view_is_for_tables_only(window: Any) -> None:
    window.show_tab("calendar")
    assert not window.actions_by_id["print_view"].isEnabled()
    window.show_tab("members")
    assert window.actions_by_id["print_view"].isEnabled()
