"""A dark and a high-contrast palette: every text shown keeps 4.5:1 against its background.

The window is built under the palette, each tab shown with a record selected; every label
(its palette, a style sheet's colours, the colours in its rich text) and every table cell
(the model's colours, else the view's) is measured with WCAG 2.x's relative luminance. A
failure names the widget and both colours. A screenshot of each tab goes to /tmp to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QWidget

from cxdesk.ui import style
from cxdesk.ui.widgets.badges import STATUS_ROLE

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SHOTS = Path("/tmp/cxdesk-palettes")
COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6}|[a-z]+)")
BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6}|[a-z]+)")
LABEL_RULE = re.compile(r"QLabel\s*\{[^}]*?(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})")


@pytest.fixture(params=["dark", "high-contrast"])
def palette_window(request: Any, qtbot: Any, demo_db: Any) -> Iterator[Any]:
    from cxdesk.ui.app import build_main_window
    from cxdesk.ui.application import application

    app = application("en")
    before = QPalette(app.palette())
    app.setPalette(style.palette_named(app, request.param))
    win = build_main_window(demo_db, "en")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.palette_name = request.param
    yield win
    app.setPalette(before)


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel) else ""
    what = widget.objectName() or widget.accessibleName() or text[:40]
    return f"{type(widget).__name__} “{what}” in {type(widget.parentWidget()).__name__}"


def background(widget: QWidget) -> QColor:
    """What is painted behind a widget: the nearest that fills its background (a style sheet's
    background first), else the window."""
    each: QWidget | None = widget
    while each is not None:
        found = BACKGROUND.search(each.styleSheet()) if each.styleSheet() else None
        if found:
            return QColor(found.group(1))
        if each.autoFillBackground() or each.isWindow():
            return each.palette().color(each.backgroundRole())
        each = each.parentWidget()
    return widget.palette().color(QPalette.ColorRole.Window)


def label_colours(label: QLabel) -> list[QColor]:
    """The colours a label's words are drawn in."""
    colours = []
    own = COLOUR.search(label.styleSheet()) if label.styleSheet() else None
    rule = None
    each = label.parentWidget()
    while rule is None and each is not None:
        rule = LABEL_RULE.search(each.styleSheet()) if each.styleSheet() else None
        each = each.parentWidget()
    if own:
        colours.append(QColor(own.group(1)))
    elif rule:
        colours.append(QColor(rule.group(1)))
    else:
        colours.append(label.palette().color(label.foregroundRole()))
    if label.textFormat() != Qt.TextFormat.PlainText and "<" in label.text():
        colours += [QColor(c) for c in COLOUR.findall(label.text())]
    return colours


def low_contrast(root: QWidget) -> list[str]:
    failures = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip() or label.pixmap().width() > 0:
            continue
        behind = background(label)
        for colour in label_colours(label):
            ratio = style.contrast(colour, behind)
            if ratio < style.MIN_CONTRAST:
                failures.append(
                    f"{_name(label)}: {colour.name()} on {behind.name()} is {ratio:.2f}:1"
                )
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None or isinstance(view, QHeaderView):
            continue
        palette = view.palette()
        failed_columns: set[int] = set()
        for row in range(min(model.rowCount(), 40)):
            base = palette.color(
                QPalette.ColorRole.AlternateBase
                if view.alternatingRowColors() and row % 2
                else QPalette.ColorRole.Base
            )
            for column in range(model.columnCount()):
                index = model.index(row, column)
                if column in failed_columns or index.data(STATUS_ROLE):
                    continue  # a badge, in its own colours: checked below
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if text in (None, ""):
                    continue
                fg = index.data(Qt.ItemDataRole.ForegroundRole)
                bg = index.data(Qt.ItemDataRole.BackgroundRole)
                fg = QColor(fg.color() if hasattr(fg, "color") else fg) if fg else None
                bg = QColor(bg.color() if hasattr(bg, "color") else bg) if bg else base
                fg = fg or palette.color(QPalette.ColorRole.Text)
                ratio = style.contrast(fg, bg)
                if ratio < style.MIN_CONTRAST:
                    failures.append(
                        f"{_name(view)} row {row} column {column} “{text}”: "
                        f"{fg.name()} on {bg.name()} is {ratio:.2f}:1"
                    )
                    failed_columns.add(column)
    return failures


#: Texts of other people's tabs not yet adapted, each with the change it needs: reported to
#: the owner; remove the entry once fixed (the test then checks it like every other text).
KNOWN_GAPS: set[str] = set()


def _known(line: str) -> bool:
    return any(line.startswith(gap) for gap in KNOWN_GAPS)


def test_every_text_keeps_its_contrast(palette_window: Any, qtbot: Any) -> None:
    window = palette_window
    SHOTS.mkdir(exist_ok=True)
    failures = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        window.select_first_row()
        QApplication.processEvents()
        qtbot.wait(20)
        name = window.current_tab_name()
        window.grab().save(str(SHOTS / f"{window.palette_name}-{name}.png"))
        failures += [f"{name}: {line}" for line in low_contrast(window)]
    failures = [line for line in failures if not _known(line)]
    assert not failures, "text below 4.5:1:\n" + "\n".join(sorted(set(failures)))


def test_the_badges_and_the_desks_tones_are_readable(palette_window: Any) -> None:
    for status, (fill, text) in style.STATUS_COLOURS.items():
        assert style.contrast(QColor(text), QColor(fill)) >= style.MIN_CONTRAST, status
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window_colour = app.palette().color(QPalette.ColorRole.Window)
    for tone in (style.GOOD, style.BAD, style.WARN, style.MUTED):
        shown = QColor(f"{tone}")  # as a label's HTML or an f-string writes it
        assert style.contrast(shown, window_colour) >= style.MIN_CONTRAST, (tone, shown.name())


def test_a_tone_stays_itself_on_the_light_palette(qtbot: Any) -> None:
    from cxdesk.ui.application import application

    app = application("en")
    app.setPalette(style.light_palette(app))
    # Readable already on the light palette: unchanged; the grey is darkened just enough for
    # the light grey window (4.39:1 as it was).
    assert f"{style.BAD}" == "#b91c1c" and str(style.BAD) == "#b91c1c"
    window_colour = app.palette().color(QPalette.ColorRole.Window)
    muted = QColor(f"{style.MUTED}")
    assert style.contrast(muted, window_colour) >= style.MIN_CONTRAST
    assert style.contrast(QColor("#6b7280"), window_colour) < style.MIN_CONTRAST
    assert style.wanted_palette() in style.PALETTES
