"""File → Print this view: a table's rows as shown (columns, filter) made into a PDF to print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from cxdesk.core.i18n import _, format_number
from cxdesk.core.progress import Progress
from cxdesk.ui import prompts, tasks
from cxdesk.ui.tabs.table_tab import TableTab

if TYPE_CHECKING:
    from cxdesk.ui.widgets.pdf_preview import PdfPreview

#: A view longer than this asks before it is made into pages.
VIEW_ROWS_ASKED = 3000


def print_view(
    parent: QWidget, tab: TableTab, title: str, shown: Callable[[PdfPreview], None]
) -> None:
    """Read the tab's rows off the GUI thread into a PDF, then show it (`shown`) to print."""
    # The PDF layer only when a view is printed: the window starts without it.
    from cxdesk.services import printing

    tab.ensure_loaded()
    total = tab.model.rowCount()
    if total > VIEW_ROWS_ASKED and not prompts.confirm(
        parent,
        _("Print this view"),
        _("This view has {n} rows, about {pages} pages. Make them all?").format(
            n=format_number(total), pages=format_number(total // 30 + 1)
        ),
    ):
        return
    headers, read_rows = tab.view_rows()
    count = tab.count_text(total).format(n=format_number(total))
    footer = f"{tab.filter_bar.describe()} {count}"

    def work(progress: Progress) -> object:
        rows = read_rows(progress)
        return printing.view_for_printing(title, headers, rows, footer)

    def done(path: object) -> None:
        from cxdesk.ui.widgets.pdf_preview import make_preview

        assert isinstance(path, Path)
        preview = make_preview(path, title, f"{title}.pdf", parent)
        shown(preview)
        preview.show()

    tasks.run_task(
        parent,
        _("Print this view"),
        work,
        done,
        lambda e: prompts.tell(parent, _("Not done"), str(e)),
    )
