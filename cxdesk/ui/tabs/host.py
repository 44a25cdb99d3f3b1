"""A tab's place in the window: the tab itself is made the first time the place is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from cxdesk.domain.records import Change
from cxdesk.ui import accessibility
from cxdesk.ui.tabs.base import Tab


class TabHost(QWidget):
    """Makes its tab when first shown: a calendar or funding view of 100,000 exchanges costs
    seconds to build, which the window must not spend before its first rows appear."""

    def __init__(
        self, make: Callable[[], QWidget], made: Callable[[QWidget], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._make = make
        self._made = made
        self.inner: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_made(self) -> QWidget:
        if self.inner is None:
            self.inner = self._make()
            self._layout.addWidget(self.inner)
            self._made(self.inner)
            accessibility.name_widgets(self.inner)
            self.inner.show()  # now, not after the next events: a shown tab loads its rows
        return self.inner

    @property
    def tab(self) -> Tab:
        return cast(Tab, self.ensure_made())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self.ensure_made()
        super().showEvent(event)
        # After the tab widget has hidden the page shown before (and moved the focus, or not).
        QTimer.singleShot(0, self._keep_focus)

    def _keep_focus(self) -> None:
        """Shown by a shortcut (Ctrl+3) while the keyboard was in the tab now hidden: Qt moves
        the focus into the new page only when the page already had widgets, so a tab made just
        now would leave the keyboard nowhere. Its first field (or its focus proxy) takes it."""
        focus = QApplication.focusWidget()
        if self.inner is None or not self.isVisible() or not self.window().isActiveWindow():
            return
        if focus is not None and focus.isVisible() and focus.window() is self.window():
            return
        target = self.inner.focusProxy() or _first_focusable(self.inner)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def refresh(self, change: Change) -> None:
        # Not made yet: it reads everything fresh when first shown.
        if self.inner is not None:
            cast(Tab, self.inner).refresh(change)


def _first_focusable(root: QWidget) -> QWidget | None:
    """The first widget under root that Tab would reach, in its focus chain."""
    each = root.nextInFocusChain()
    while each is not None and each is not root:
        if (
            root.isAncestorOf(each)
            and each.focusPolicy() & Qt.FocusPolicy.TabFocus
            and each.isVisible()
            and each.isEnabled()
        ):
            return each
        each = each.nextInFocusChain()
    return None
