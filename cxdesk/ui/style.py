"""The desk's looks: Fusion everywhere, the shipped DejaVu font, status colours and a few styles."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
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
    Status.CANCELLED: ("#f3f4f6", "#4b5563"),
}

#: WCAG 2.x AA: normal text keeps at least this contrast against its background.
MIN_CONTRAST = 4.5


def luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an opaque colour (0 black … 1 white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2.x contrast ratio of two colours (1 … 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str | QColor, *backgrounds: QColor) -> QColor:
    """The colour, made lighter on dark backgrounds (darker on light ones) until it keeps
    MIN_CONTRAST against each background: its hue, and so its meaning, stays."""
    shade = QColor(colour)
    if not backgrounds or all(contrast(shade, b) >= MIN_CONTRAST for b in backgrounds):
        return shade
    dark = sum(luminance(b) for b in backgrounds) / len(backgrounds) < 0.18
    hue, saturation, lightness = shade.hslHueF(), shade.hslSaturationF(), shade.lightnessF()
    for _step in range(25):
        lightness = min(1.0, lightness + 0.04) if dark else max(0.0, lightness - 0.04)
        shade = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        if all(contrast(shade, b) >= MIN_CONTRAST for b in backgrounds):
            break
    return shade


def _backgrounds(palette: QPalette) -> tuple[QColor, QColor]:
    return palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)


class Tone(str):
    """A colour named for its meaning (good, bad, muted …). As a string it is the light
    palette's hex; formatted into text (an f-string, a label's HTML) it is the shade readable
    on the application's palette now, so a dark or high-contrast palette keeps it legible."""

    def __str__(self) -> str:
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return str.__str__(self)
        return readable(str.__str__(self), *_backgrounds(app.palette())).name()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


GOOD = Tone("#15803d")
BAD = Tone("#b91c1c")
WARN = Tone("#b45309")
MUTED = Tone("#6b7280")
SUBTITLE = Tone("#4b5563")

#: Only the banner has a style sheet of its own: an application-wide style sheet makes Qt
#: resolve it for every widget, so each is slower to make and to paint.
BANNER_STYLE = """
QFrame#banner { background: #fef3c7; border: 1px solid #f59e0b; border-radius: 4px; }
QFrame#banner QLabel { color: #78350f; }
"""


def coloured(widget: QWidget, colour: str) -> None:
    """Text in a colour, through the palette (no style sheet), kept readable on the widget's
    background whatever the palette (dark, high contrast)."""
    palette = widget.palette()
    shade = readable(str.__str__(colour), *_backgrounds(palette))
    palette.setColor(QPalette.ColorRole.WindowText, shade)
    palette.setColor(QPalette.ColorRole.Text, shade)
    widget.setPalette(palette)


def title(label: QLabel) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setBold(True)
    label.setFont(font)


def subtitle(label: QLabel) -> None:
    coloured(label, SUBTITLE)


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


def light_palette(app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2563eb"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f7f9"))
    return palette


def _palette(colours: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


R = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A dark palette like the desktops' dark themes (text 12:1 on the window)."""
    return _palette(
        {
            R.Window: "#262a2f",
            R.WindowText: "#e8eaed",
            R.Base: "#1c1f23",
            R.AlternateBase: "#23272c",
            R.Text: "#e8eaed",
            R.Button: "#33383e",
            R.ButtonText: "#e8eaed",
            R.BrightText: "#ffffff",
            R.Highlight: "#3b82f6",
            R.HighlightedText: "#ffffff",
            R.ToolTipBase: "#33383e",
            R.ToolTipText: "#e8eaed",
            R.PlaceholderText: "#9aa0a6",
            R.Link: "#8ab4f8",
            R.LinkVisited: "#c58af9",
            R.Light: "#4a5057",
            R.Midlight: "#3c4147",
            R.Mid: "#2f3338",
            R.Dark: "#16181b",
            R.Shadow: "#000000",
        },  # fmt: skip
        disabled="#8c939a",
    )


def high_contrast_palette() -> QPalette:
    """Black and white with yellow selection, as the desktops' high-contrast themes."""
    return _palette(
        {
            R.Window: "#000000",
            R.WindowText: "#ffffff",
            R.Base: "#000000",
            R.AlternateBase: "#141414",
            R.Text: "#ffffff",
            R.Button: "#000000",
            R.ButtonText: "#ffffff",
            R.BrightText: "#ffffff",
            R.Highlight: "#ffff00",
            R.HighlightedText: "#000000",
            R.ToolTipBase: "#000000",
            R.ToolTipText: "#ffffff",
            R.PlaceholderText: "#c0c0c0",
            R.Link: "#00ffff",
            R.LinkVisited: "#ff80ff",
            R.Light: "#ffffff",
            R.Midlight: "#c0c0c0",
            R.Mid: "#808080",
            R.Dark: "#ffffff",
            R.Shadow: "#ffffff",
        },  # fmt: skip
        disabled="#a0a0a0",
    )


PALETTES = ("light", "dark", "high-contrast")


def palette_named(app: QApplication, name: str) -> QPalette:
    if name == "dark":
        return dark_palette()
    if name == "high-contrast":
        return high_contrast_palette()
    return light_palette(app)


def wanted_palette() -> str:
    """CXDESK_PALETTE (light, dark, high-contrast) if set, else the desktop's colour scheme."""
    chosen = os.environ.get("CXDESK_PALETTE", "").strip().lower()
    if chosen in PALETTES:
        return chosen
    hints = QGuiApplication.styleHints()
    if hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def apply_style(app: QApplication) -> None:
    """Fusion, the shipped font and a palette: light, or the desktop's dark scheme (or the one
    CXDESK_PALETTE names); the desk's own colours adapt to it (Tone, coloured)."""
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    family = load_fonts()
    if family:
        app.setFont(QFont(family, 10))
    app.setPalette(palette_named(app, wanted_palette()))
