"""The desk's looks: Fusion everywhere, the shipped DejaVu font, status colours and a few styles."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from cxdesk.core import paths
from cxdesk.domain.codes import Status

log = logging.getLogger("cxdesk.ui.style")

#: Background and text of each status badge: calm colours a coordinator can tell apart.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.DRAFT: ("#e5e7eb", "#374151"),
    Status.SUBMITTED: ("#dbeafe", "#1e40af"),
    Status.APPROVED: ("#ccfbf1", "#115e59"),
    Status.SIGNED: ("#e0e7ff", "#3730a3"),
    Status.COMPLETED: ("#ede9fe", "#5b21b6"),
    Status.REPORTED: ("#fef3c7", "#92400e"),
    Status.PAID: ("#dcfce7", "#166534"),
    Status.REJECTED: ("#fee2e2", "#991b1b"),
    Status.CANCELLED: ("#f3f4f6", "#6b7280"),
}

GOOD = "#15803d"
BAD = "#b91c1c"
WARN = "#b45309"
MUTED = "#6b7280"

STYLESHEET = """
QFrame#banner { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 4px; }
QFrame#banner QLabel { color: #78350f; }
QLabel#title { font-size: 15pt; font-weight: bold; }
QLabel#subtitle { color: #4b5563; }
QLabel#section { font-weight: bold; color: #1f2937; padding-top: 6px; }
QFrame#pane { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }
QTableView { gridline-color: #e5e7eb; }
QHeaderView::section { padding: 4px 6px; }
"""

_fonts_loaded: list[str] = []


def load_fonts() -> str | None:
    """Register the shipped DejaVu Sans so the packaged desk needs no system font; its family."""
    if _fonts_loaded:
        return _fonts_loaded[0]
    family = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
        if font_id < 0:
            log.warning("font %s could not be loaded", name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else None)
    if family:
        _fonts_loaded.append(family)
    return family


def apply_style(app: QApplication) -> None:
    """Fusion, a light palette and the shipped font: the same looks everywhere, offscreen too."""
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    family = load_fonts()
    if family:
        app.setFont(QFont(family, 10))
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2563eb"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f7f9"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
