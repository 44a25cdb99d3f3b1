"""Preview and print PDFs the desk makes: QtPdf shows them, QPrinter sends their pages."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.ui import prompts


def _document(path: Path, parent: QWidget | None = None) -> QPdfDocument:
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise UserError(_("{path} could not be read as a PDF.").format(path=path))
    return document


def print_to(printer: QPrinter, paths: Sequence[Path]) -> int:
    """Every page of the documents onto the printer, in one job; the number of pages sent.

    Each page is drawn at the printer's resolution, centred and scaled to fit its page.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer could not be started."))
    sent = 0
    try:
        for path in paths:
            document = _document(path)
            for page in range(document.pageCount()):
                if sent:
                    printer.newPage()
                area = printer.pageLayout().paintRectPixels(printer.resolution())
                points = document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                image = document.render(page, size)
                left = (area.width() - size.width()) / 2
                top = (area.height() - size.height()) / 2
                painter.drawImage(QPointF(left, top), image)
                sent += 1
            document.close()
    finally:
        painter.end()
    return sent


def print_with_dialog(parent: QWidget | None, paths: Sequence[Path], title: str) -> bool:
    """Ask for a printer (the system's dialog), then print; False when the person cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        print_to(printer, paths)
    except UserError as exc:
        prompts.refused(parent, exc)
        return False
    return True


def save_copy(parent: QWidget | None, path: Path, suggested: str) -> Path | None:
    """Save the document under a name the person chooses; the path written, or None."""
    target, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)")
    )
    if not target:
        return None
    out = Path(target if target.lower().endswith(".pdf") else target + ".pdf")
    try:
        shutil.copyfile(path, out)
    except OSError as exc:
        prompts.refused(
            parent, UserError(_("Could not write {path}: {reason}.").format(path=out, reason=exc))
        )
        return None
    return out


class PdfPreview(QDialog):
    """A document on screen, page after page, with Print… and Save as PDF…."""

    def __init__(
        self, path: Path, title: str, suggested_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.suggested_name = suggested_name
        self.setWindowTitle(title)
        self.setObjectName("pdf-preview")
        self.document = _document(path, self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(title)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(lambda: print_with_dialog(self, [path], title))
        self.save_button.clicked.connect(lambda: save_copy(self, path, suggested_name))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() else QRect(0, 0, 1280, 800)
        self.resize(min(820, screen.width() - 80), screen.height() - 80)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()


def make_preview(path: Path, title: str, suggested: str, parent: QWidget | None) -> PdfPreview:
    preview = PdfPreview(path, title, suggested, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return preview
