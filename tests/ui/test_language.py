"""The window in the coordinator's language: the menu switches it, nothing escapes the catalog."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLineEdit,
    QMenu,
    QTabWidget,
)

from cxdesk.core import i18n
from cxdesk.core.settings import Settings
from cxdesk.ui.app import build_main_window
from cxdesk.ui.application import application

UI = Path(__file__).resolve().parents[2] / "cxdesk" / "ui"
TRANSLATED = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    application("en")


def menu_titles(win: Any) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def test_language_menu_shows_the_window_again_in_that_language(qtbot: Any, demo_db: Any) -> None:
    win = build_main_window(demo_db, "en", remember=True)
    qtbot.addWidget(win)
    win.show()
    assert menu_titles(win)[0] == "&File"
    win.language_menu.aboutToShow.emit()  # the menu is filled when first opened
    win.language_menu.findChild(type(win.actions_by_id["undo"]), "language_de").trigger()
    german = win.successor
    assert german is not None
    qtbot.addWidget(german)
    assert german.isVisible() and not win.isVisible()
    assert menu_titles(german) == [i18n.translate_in("de", t) for t in menu_titles(win)]
    assert menu_titles(german)[0] != "&File"
    assert german.tabs.tabText(1) == i18n.translate_in("de", "Exchanges")
    assert "Deutsch" in german.status_text
    assert Settings.load().language == "de"  # the next start opens in German too
    german.language_menu.aboutToShow.emit()
    checked = [a.objectName() for a in german.language_menu.actions() if a.isChecked()]
    assert checked == ["language_de"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_menu_has_distinct_keyboard_mnemonics(qtbot: Any, demo_db: Any, lang: str) -> None:
    win = build_main_window(demo_db, lang)
    qtbot.addWidget(win)
    menus: list[tuple[str, list[str]]] = [("menu bar", menu_titles(win))]
    for action in win.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        menus.append((action.text(), texts))
    for name, texts in menus:
        letters = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
        repeated = {x for x in letters if letters.count(x) > 1}
        assert not repeated, f"{lang}: {name} repeats the mnemonic(s) {repeated} in {texts}"


# -- nothing a user sees escapes the catalog ------------------------------------------------------

#: Qt calls whose string argument a user reads.
SHOWN = {
    "setText",
    "setToolTip",
    "setStatusTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setTitle",
    "addTab",
    "addMenu",
    "addAction",
    "setHorizontalHeaderLabels",
    "showMessage",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "addItem",
    "addRow",
    "setWhatsThis",
    "setAccessibleName",
    "setLabelText",
    "setInformativeText",
    "information",
    "warning",
    "critical",
    "question",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QToolButton",
    "QMessageBox",
    "tell",
    "confirm",
    "ask_date",
    "setSeriesName",
    "QBarSet",
}
MARKERS = {"_", "N_", "ngettext"}


def _plain_strings(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """(line, call, text) of every literal with letters handed straight to a showing call."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SHOWN or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in {"log", "logger", "logging"}  # the log file stays English
        ):
            continue
        for arg in node.args:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            for part in parts:
                if (
                    isinstance(part, ast.Constant)
                    and isinstance(part.value, str)
                    and re.search(r"[A-Za-z]{2}", part.value)
                ):
                    yield node.lineno, name, part.value


def test_no_literal_text_reaches_a_widget_unmarked() -> None:
    escaped = [
        f"{path.name}:{line}: {call}({text!r})"
        for path in sorted(UI.glob("*.py"))
        for line, call, text in _plain_strings(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not escaped, "wrap these in _() and run pybabel extract:\n" + "\n".join(escaped)


def test_no_message_hides_inside_an_f_string() -> None:
    """babel's extractor does not look inside f-strings: a message there is never translated."""
    hidden = []
    for path in sorted((UI.parent).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in MARKERS
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    hidden.append(f"{path.relative_to(UI.parent)}:{inner.lineno}")
    assert not hidden, "take these messages out of their f-strings: " + ", ".join(hidden)


class Marked(gettext.NullTranslations):
    """Every translated message comes back bracketed: whatever lacks the brackets escaped."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


def _shown_texts(win: Any) -> Iterator[tuple[str, str]]:
    for action in win.findChildren(type(win.actions_by_id["undo"])):
        if action.text() and not action.isSeparator():
            yield "action", action.text()
    for tabs in win.findChildren(QTabWidget):
        for i in range(tabs.count()):
            yield "tab", tabs.tabText(i)
    for button in win.findChildren(QAbstractButton):
        if button.text() and button.isVisibleTo(win) and not button.objectName().startswith("qt_"):
            yield f"button {button.objectName()}", button.text()
    for box in win.findChildren(QGroupBox):
        if box.title():
            yield "group", box.title()
    for edit in win.findChildren(QLineEdit):
        if edit.placeholderText():
            yield "placeholder", edit.placeholderText()
    for view in win.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model: one column, no header
            continue
        for column in range(columns):
            header = model.headerData(column, _horizontal(), _display())
            if header:
                yield f"header of {view.accessibleName()}", str(header)


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _display() -> Any:
    from PySide6.QtCore import Qt

    return Qt.ItemDataRole.DisplayRole


# Texts that are data, not wording: a language's own name, a number, a reference.
DATA = re.compile(r"^[\d\s.,:%€+−-]*$|^CX-\d{4}-\d+$")


def test_every_menu_tab_button_and_header_comes_from_the_catalog(
    qtbot: Any, demo_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.ui.context import UiContext
    from cxdesk.ui.mainwindow import MainWindow
    from cxdesk.ui.widgets.language_menu import language_name

    application("en")
    monkeypatch.setitem(i18n._state, "trans", Marked())
    win = MainWindow(UiContext(demo_db), remember=False)
    qtbot.addWidget(win)
    win.show()
    for name in win.tab_widgets:
        win.show_tab(name)
        tab = win.current_tab()
        if hasattr(tab, "wait_loaded"):
            tab.wait_loaded()
    languages = {language_name(code) for code in i18n.LANGUAGES}
    escaped = [
        f"{where}: {text!r}"
        for where, text in _shown_texts(win)
        if "⟦" not in text and text not in languages and not DATA.match(text)
    ]
    assert not escaped, "shown without the catalog:\n" + "\n".join(sorted(set(escaped)))


def test_qt_own_buttons_follow_the_language_even_where_qt_has_no_catalog(qtbot: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel

    def texts() -> list[str]:
        box = QDialogButtonBox(buttons)
        qtbot.addWidget(box)
        return sorted(b.text() for b in box.buttons())

    application("en")
    assert texts() == ["Cancel", "OK"]
    application("el")  # PySide6 ships no qtbase_el: the desk's catalog answers
    assert i18n.translate_in("el", "Cancel") in texts() and "Cancel" not in texts()
    application("de")  # Qt's own German
    assert "Abbrechen" in texts()
    application("en")
    assert texts() == ["Cancel", "OK"]


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "11/28/2026"),
        ("de", "28.11.2026"),
        ("fr", "28/11/2026"),
        ("bg", "28.11.2026\u202fг."),
    ],
)
def test_date_editors_write_dates_the_language_way(qtbot: Any, lang: str, shown: str) -> None:
    from PySide6.QtCore import QDate

    from cxdesk.ui.table.filter_bar import FilterBar

    application(lang)
    bar = FilterBar("")
    qtbot.addWidget(bar)
    edit = bar.add_date("from", "From")
    edit.setDate(QDate(2026, 11, 28))
    assert edit.text() == shown


@pytest.mark.parametrize("lang", TRANSLATED)
def test_table_titles_fit_their_columns_in_every_language(
    qtbot: Any, demo_db: Any, lang: str
) -> None:
    win = build_main_window(demo_db, lang, remember=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    for name in ("members", "exchanges"):
        win.show_tab(name)
        table = win.current_tab().table
        qtbot.wait(20)  # the tab laid out at the window's size
        header, model = table.horizontalHeader(), table.model()
        metrics = header.fontMetrics()
        last = model.columnCount() - 1
        cut = [
            model.headerData(column, Qt.Orientation.Horizontal)
            for column in range(last)  # the last column stretches to the window's edge
            if header.sectionSize(column)
            < metrics.horizontalAdvance(model.headerData(column, Qt.Orientation.Horizontal)) + 8
        ]
        assert not cut, f"{name}: titles cut in {lang}: {cut}"
        # And the columns still fit the table: no sideways scrolling on first sight.
        assert header.length() <= table.viewport().width() + header.sectionSize(last)
