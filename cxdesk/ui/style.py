"""The desk's looks: Fusion everywhere, the shipped DejaVu font, status colours and a few styles."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QWidget

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

#: Only the banner has a style sheet of its own: an application-wide style sheet makes Qt
#: resolve it for every widget, so each is slower to make and to paint.
BANNER_STYLE = """
QFrame#banner { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 4px; }
QFrame#banner QLabel { color: #78350f; }
"""


def coloured(widget: QWidget, colour: str) -> None:
    """Text in a colour, through the palette (no style sheet)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)


def title(label: QLabel) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setBold(True)
    label.setFont(font)


def subtitle(label: QLabel) -> None:
    coloured(label, "#4b5563")


def section(label: QLabel) -> None:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 6, 0, 0)


def pane(widget: QWidget) -> None:
    """A pane's body: the base colour, like the tables beside it."""
    widget.setAutoFillBackground(True)
    widget.setBackgroundRole(QPalette.ColorRole.Base)


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
