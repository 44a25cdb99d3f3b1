"""Accessible names and descriptions for every focusable widget, derived in one place.

A screen reader announces a widget by its accessible name and description. Rather than set both
by hand on every field, the window, each tab (when first made) and each dialog (when shown) are
walked once: a widget without a name takes its buddy label's text (QLabel.buddy, a QFormLayout
row's label), its own text, its placeholder, its tooltip or the action it triggers; a widget
without a description takes its tooltip or status tip. A widget with nothing to derive from is
named where it is made.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from cxdesk.core.i18n import _

_MNEMONIC = re.compile(r"&(?!&)")


def plain(text: str) -> str:
    """A caption as read aloud: no mnemonic ampersand, no trailing colon or ellipsis."""
    text = _MNEMONIC.sub("", text).replace("&&", "&")
    return " ".join(text.split()).rstrip(":").rstrip("…").rstrip(".").strip()


def is_interactive(widget: QWidget) -> bool:
    """Whether a person can reach or work the widget: it takes focus, or it is a button
    (toolbar buttons take no focus but are clicked)."""
    if isinstance(widget, QLabel):
        # A label that only shows text; a link label takes focus and is named by its text.
        return False
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        return True
    return isinstance(widget, QAbstractButton)


def _buddy_captions(root: QWidget) -> dict[int, str]:
    """Each widget's caption by the label that names it: QLabel buddies and form rows."""
    captions: dict[int, str] = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            captions.setdefault(id(buddy), plain(label.text()))
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            caption = label_item.widget()
            if not isinstance(caption, QLabel) or not caption.text():
                continue
            field = field_item.widget()
            fields = [field] if field is not None else []
            layout = field_item.layout()
            if layout is not None:
                # A row holding several widgets (a field and its button): each gets the caption.
                fields = [
                    w
                    for i in range(layout.count())
                    if (w := layout.itemAt(i).widget()) is not None  # type: ignore[union-attr]
                ]
            for each in fields:
                captions.setdefault(id(each), plain(caption.text()))
    return captions


def _own_text(widget: QWidget) -> str:
    if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
        action = widget.defaultAction()
        return plain(action.text()) or plain(action.toolTip())
    if isinstance(widget, QAbstractButton):
        return plain(widget.text())
    if isinstance(widget, QGroupBox):
        return plain(widget.title())
    if isinstance(widget, QLineEdit):
        return plain(widget.placeholderText())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return plain(widget.placeholderText())
    if isinstance(widget, QAbstractSpinBox) and isinstance(widget.lineEdit(), QLineEdit):
        return plain(widget.lineEdit().placeholderText())
    if isinstance(widget, QComboBox) and isinstance(widget.lineEdit(), QLineEdit):
        return plain(widget.lineEdit().placeholderText())  # type: ignore[union-attr]
    return ""


def _inner_part(widget: QWidget) -> QWidget | None:
    """The composite a part belongs to (a spin box's or combo's line edit, a scroll area's
    viewport or scroll bar, a tab widget's bar): it is named after its owner."""
    parent = widget.parentWidget()
    if parent is None:
        return None
    if isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return parent
    if isinstance(parent.parentWidget(), QComboBox):
        return parent.parentWidget()  # the list a combo box pops up, in its frame
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        return parent
    grand = parent.parentWidget()
    if isinstance(grand, QAbstractScrollArea) and parent is not grand.viewport():
        # The scroll bars sit in containers of the scroll area, beside the viewport.
        return grand
    return None


def derive_name(widget: QWidget, captions: dict[int, str]) -> str:
    """The accessible name a widget should have, from what is shown with it ("" if none)."""
    name = captions.get(id(widget)) or _own_text(widget)
    if not name:
        name = plain(widget.toolTip())
    if not name:
        actions = widget.actions()
        name = plain(actions[0].text()) if actions else ""
    if not name:
        owner = _inner_part(widget)
        if owner is not None:
            name = owner.accessibleName() or derive_name(owner, captions)
    if not name:
        name = _qt_part_name(widget, captions)
    return name


def _tab_titles(bar: QTabBar) -> str:
    return " · ".join(plain(bar.tabText(i)) for i in range(bar.count()))


def _qt_part_name(widget: QWidget, captions: dict[int, str]) -> str:
    """The parts Qt adds by itself: a table's corner, a line edit's clear button, the arrows
    of a menu bar or toolbar too narrow for its items, a tab bar, a scrolled form."""
    parent = widget.parentWidget()
    object_name = widget.objectName()
    if object_name == "qt_tableview_cornerbutton":
        return _("Select all rows")
    if object_name in ("qt_menubar_ext_button", "qt_toolbar_ext_button"):
        return _("More")
    if isinstance(widget, QToolButton) and isinstance(parent, QLineEdit):
        owner = parent.accessibleName() or derive_name(parent, captions)
        return _("Clear {field}").format(field=owner) if owner else _("Clear")
    if isinstance(widget, QTabBar):
        return _tab_titles(widget)
    if isinstance(widget, QTabWidget):
        return _tab_titles(widget.tabBar())
    if isinstance(widget, QAbstractScrollArea):
        # A scrolled form in a dialog: the dialog's title says what it holds.
        return plain(widget.window().windowTitle())
    return ""


def derive_description(widget: QWidget) -> str:
    """What the widget does or wants, from its tips; a field's placeholder (an example of
    what to type) when it has none."""
    if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
        action = widget.defaultAction()
        return action.statusTip() or action.toolTip()
    text = widget.toolTip() or widget.statusTip()
    if not text and isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        text = widget.placeholderText()
    if text and plain(text) == widget.accessibleName():
        return ""  # a description that repeats the name is only said twice
    return text


def name_widgets(root: QWidget) -> list[QWidget]:
    """Give the root and every interactive widget under it without a name or description the
    ones its captions, text or tips give. Returns the interactive widgets still unnamed."""
    captions = _buddy_captions(root)
    # The window's own top (a dialog shown in a tab) may name the root's buddies too.
    window = root.window()
    if window is not root:
        for key, caption in _buddy_captions(window).items():
            captions.setdefault(key, caption)
    unnamed: list[QWidget] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not is_interactive(widget):
            continue
        if not widget.accessibleName():
            name = derive_name(widget, captions)
            if name:
                widget.setAccessibleName(name)
            else:
                unnamed.append(widget)
        if not widget.accessibleDescription():
            description = derive_description(widget)
            if description:
                widget.setAccessibleDescription(description)
    return unnamed


def keyboard_ready(root: QWidget) -> None:
    """What a keyboard user needs beyond names, for every dialog alike: Tab leaves a text box
    (Qt's default types a tab character into it, trapping the keyboard), and a dialog's Save
    button answers Ctrl+S (Qt gives Save no mnemonic, and Enter in a text box adds a line)."""
    text_boxes: list[QPlainTextEdit | QTextEdit] = [
        *root.findChildren(QPlainTextEdit),
        *root.findChildren(QTextEdit),
    ]
    for text_box in text_boxes:
        if not text_box.isReadOnly():
            text_box.setTabChangesFocus(True)
    for box in root.findChildren(QDialogButtonBox):
        save = box.button(QDialogButtonBox.StandardButton.Save)
        if save is not None and save.shortcut().isEmpty():
            save.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
            if not save.toolTip():
                save.setToolTip(
                    _("Save ({keys})").format(
                        keys=save.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    )
                )


class _WindowNamer(QObject):
    """Names a window's widgets when it is shown: dialogs built anywhere in the desk, and the
    widgets a shown window gains later (a pane's fields appear with their record)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            if watched.isWindow():
                keyboard_ready(watched)
                name_widgets(watched)
            elif is_interactive(watched) and not watched.accessibleName():
                name_widgets(watched.parentWidget() or watched)
        return False


_namer: list[tuple[_WindowNamer, QApplication]] = []


def install(root: QWidget | None = None) -> None:
    """Name the widgets of `root` now, and of every window shown from now on (once per
    application)."""
    app = QCoreApplication.instance()
    if isinstance(app, QApplication) and not (_namer and _namer[0][1] is app):
        namer = _WindowNamer(app)
        app.installEventFilter(namer)
        _namer[:] = [(namer, app)]
    if root is not None:
        keyboard_ready(root)
        name_widgets(root)
