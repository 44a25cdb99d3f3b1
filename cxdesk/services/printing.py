"""What the window prints: agreements into a scratch folder, and a table view as a PDF.

The PDF layer (reportlab) is imported when a document is made, never when the window starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, current_language
from cxdesk.core.progress import Progress
from cxdesk.db.engine import Database

__all__ = ["agreement_for_printing", "agreements_for_printing", "file_name", "view_for_printing"]


def file_name(reference: str) -> str:
    """A file name for an agreement's reference that is safe on every system."""
    from cxdesk.pdf.agreement import file_name as safe_name

    return safe_name(reference)


def scratch_dir() -> Path:
    """A folder for documents made to be previewed or printed, not kept."""
    folder = Path(tempfile.gettempdir()) / "cxdesk-print"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def agreement_for_printing(db: Database, uid: str, commitment: bool = False) -> Path:
    """One exchange's agreement (in its visitor's language) in the scratch folder."""
    from cxdesk.services.agreements import write_document

    folder = Path(tempfile.mkdtemp(prefix="agreement-", dir=scratch_dir()))
    return write_document(db, uid, folder / "agreement.pdf", commitment=commitment)


def agreements_for_printing(
    db: Database, uids: Sequence[str], progress: Progress | None = None
) -> list[Path]:
    """The agreements of several exchanges, one PDF each, in the order given."""
    from cxdesk.services.agreements import write_document

    if not uids:
        raise UserError(_("Select the exchanges whose agreements to print."))
    folder = Path(tempfile.mkdtemp(prefix="agreements-", dir=scratch_dir()))
    written = []
    for index, uid in enumerate(uids):
        if progress and not progress(_("Making agreements"), index, len(uids)):
            break
        written.append(write_document(db, uid, folder / file_name(f"{index:05d}-{uid}")))
    return written


def view_for_printing(
    title: str, headers: list[str], rows: Iterable[list[str]], footer: str
) -> Path:
    """A table as the window shows it (its rows, its columns, the filter in the footer)."""
    from cxdesk.pdf.table import render_table

    folder = Path(tempfile.mkdtemp(prefix="view-", dir=scratch_dir()))
    out = folder / "view.pdf"
    render_table(title, headers, rows, footer, out, current_language())
    return out
