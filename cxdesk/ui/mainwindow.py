"""The main window: tabs, menus and toolbar from the action list, status bar, remembered layout."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk import __version__
from cxdesk.core import i18n, logs, paths
from cxdesk.core.i18n import _, format_number
from cxdesk.core.settings import Settings
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import allowed_transitions
from cxdesk.domain.records import Change
from cxdesk.services import printing
from cxdesk.ui import prompts, tasks
from cxdesk.ui.actions import STEPS, build_actions, build_menus, build_toolbar
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import BANNER_STYLE, subtitle
from cxdesk.ui.sync.conflict_banner import install_conflict_banner
from cxdesk.ui.tabs.exchanges.tab import ExchangesTab
from cxdesk.ui.tabs.members.tab import MembersTab
from cxdesk.ui.tabs.table_tab import TableTab
from cxdesk.ui.widgets.language_menu import build_language_menu, language_name
from cxdesk.ui.widgets.pdf_preview import PdfPreview, make_preview

log = logging.getLogger("cxdesk.ui")

#: A view longer than this asks before it is made into pages.
VIEW_ROWS_ASKED = 3000

#: The tabs in order: (name, module, class). Calendar and Funding come from their own modules
#: and appear once those exist.
TABS: tuple[tuple[str, str, str], ...] = (
    ("members", "cxdesk.ui.tabs.members.tab", "MembersTab"),
    ("exchanges", "cxdesk.ui.tabs.exchanges.tab", "ExchangesTab"),
    ("calendar", "cxdesk.ui.tabs.calendar.tab", "CalendarTab"),
    ("funding", "cxdesk.ui.tabs.funding.tab", "FundingTab"),
)
#: The tabs that are a table (Print this view prints them).
TABLE_TABS = frozenset({"members", "exchanges"})
TAB_TITLES = {
    "members": lambda: _("Members"),
    "exchanges": lambda: _("Exchanges"),
    "calendar": lambda: _("Calendar"),
    "funding": lambda: _("Funding"),
}


def tab_class(module: str, name: str) -> type[QWidget] | None:
    """The tab's class when its module exists; None (the tab left out) when it does not."""
    if module == "cxdesk.ui.tabs.members.tab":
        return MembersTab
    if module == "cxdesk.ui.tabs.exchanges.tab":
        return ExchangesTab
    if importlib.util.find_spec(module) is None:
        return None
    try:
        found = getattr(importlib.import_module(module), name)
    except Exception as exc:  # a tab that cannot load must not keep the desk from opening
        logs.log_bug(exc, f"loading the tab {module}.{name}")
        return None
    return found if isinstance(found, type) else None


class LazyTab(QWidget):
    """Makes its tab the first time it is shown: a calendar or funding view of 100,000 exchanges
    costs seconds to build, which the window must not spend before its first rows appear."""

    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make = make
        self.inner: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_made(self) -> QWidget:
        if self.inner is None:
            self.inner = self.make()
            self.layout().addWidget(self.inner)
            self.inner.show()  # now, not after the next events: a shown tab loads its rows
        return self.inner

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.ensure_made()
        super().showEvent(event)

    def refresh(self, change: Change) -> None:
        # Not made yet: it reads everything fresh when first shown.
        refresh = getattr(self.inner, "refresh", None)
        if refresh is not None:
            refresh(change)

    def __getattr__(self, name: str) -> Any:
        # The tab's own attributes (a filter bar, select_first…) through the container.
        if name in ("make", "inner") or self.inner is None:
            raise AttributeError(name)
        return getattr(self.inner, name)


class Banner(QFrame):
    """A closable warning across the top of the window (a database in a cloud folder…)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Warning"))
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName(_("Close the warning"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)


class MainWindow(QMainWindow):
    def __init__(self, context: UiContext, remember: bool = True) -> None:
        super().__init__()
        self.context = context
        self.remember = remember
        #: The window that replaced this one after a change of language.
        self.successor: MainWindow | None = None
        self.view_preview: PdfPreview | None = None  # the last printed view, on screen
        self.settings = Settings.load() if remember else Settings()
        self.setObjectName("main-window")
        self.setWindowTitle(_("cxdesk — {database}").format(database=context.db.label))
        self.setMinimumSize(900, 560)

        central = QWidget(self)
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(_("Views"))
        self.central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        # Every tab is made when first shown: the window shows its first rows sooner, and a
        # Calendar or Funding view of 100,000 exchanges costs seconds to build.
        self.tab_widgets: dict[str, LazyTab] = {}
        for key, module, class_name in TABS:
            cls = tab_class(module, class_name)
            if cls is None:
                continue
            host = LazyTab(lambda key=key, cls=cls: self._make_tab(key, cls), self.tabs)
            self.tab_widgets[key] = host
            self.tabs.addTab(host, TAB_TITLES[key]())

        self.actions_by_id = build_actions(self)
        self.menus = build_menus(self, self.actions_by_id)
        self.menus["view"].addSeparator()
        self.language_menu = build_language_menu(
            self, lambda: self.settings.language, self.switch_language
        )
        self.menus["view"].addMenu(self.language_menu)
        self.toolbar = build_toolbar(self, self.actions_by_id)
        for key in ("calendar", "funding"):
            self.actions_by_id[f"tab_{key}"].setVisible(key in self.tab_widgets)
        self.sync = self._install_sync(context)
        # Above the tabs while an import's conflicts wait for a choice.
        self.conflict_banner = install_conflict_banner(self.central_layout, context)

        self.database_label = QLabel(context.db.label, self)
        subtitle(self.database_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().showMessage(_("Ready."))

        stack = context.undo_stack
        stack.canUndoChanged.connect(self.actions_by_id["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions_by_id["redo"].setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self.actions_by_id["undo"].setEnabled(False)
        self.actions_by_id["redo"].setEnabled(False)
        context.changed.connect(self._broadcast)
        context.status.connect(self.show_status)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._enable_steps("")
        self._restore()

    def _install_sync(self, context: UiContext) -> Any:
        """The package actions (import, export, conflicts) and drops, when their module exists."""
        if importlib.util.find_spec("cxdesk.ui.sync.actions") is None:
            return None
        try:
            module = importlib.import_module("cxdesk.ui.sync.actions")
            installed = module.install_sync_actions(self, context)
        except Exception as exc:  # the window opens without them rather than not at all
            logs.log_bug(exc, "installing the package actions")
            return None
        self._sync_module = module
        self.setAcceptDrops(True)
        return installed

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        module = getattr(self, "_sync_module", None)
        if module is None or not module.accept_package_drag(event):
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        module = getattr(self, "_sync_module", None)
        if module is None or not module.drop_package(self, self.context, event):
            super().dropEvent(event)

    def _make_tab(self, key: str, cls: type[QWidget]) -> QWidget:
        tab = cls(self.context)  # type: ignore[call-arg]
        if isinstance(tab, TableTab):
            tab.default_split(self.width() - 16, self.height() - 150)
            if self.remember:
                tab.restore_splitter(self.settings)
        if isinstance(tab, ExchangesTab):
            tab.selectionStatusChanged.connect(self._enable_steps)
        if isinstance(tab, MembersTab):
            tab.pane.exchangeRequested.connect(self._show_exchange)  # type: ignore[attr-defined]
        return tab

    @property
    def members(self) -> MembersTab:
        tab = self.tab_widgets["members"].ensure_made()
        assert isinstance(tab, MembersTab)
        return tab

    @property
    def exchanges(self) -> ExchangesTab:
        tab = self.tab_widgets["exchanges"].ensure_made()
        assert isinstance(tab, ExchangesTab)
        return tab

    # -- layout remembered between sessions ---------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.geometry
        if self.remember and geometry.get("main/geometry"):
            self.restoreGeometry(QByteArray.fromBase64(geometry["main/geometry"].encode("ascii")))
        else:
            self.resize(1280, 800)
        if self.remember and geometry.get("main/state"):
            self.restoreState(QByteArray.fromBase64(geometry["main/state"].encode("ascii")))
        last = self.settings.last_tab if self.remember else "members"
        self.show_tab(last if last in self.tab_widgets else "members")

    def save_layout(self) -> None:
        geometry = self.settings.geometry
        geometry["main/geometry"] = self.saveGeometry().toBase64().data().decode("ascii")
        geometry["main/state"] = self.saveState().toBase64().data().decode("ascii")
        for host in self.tab_widgets.values():
            if isinstance(host.inner, TableTab):
                host.inner.save_layout(self.settings)
        self.settings.last_tab = self.current_tab_name()
        self.settings.save()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.remember:
            try:
                self.save_layout()
            except OSError as exc:  # a full disk must not keep the window open
                log.warning("window layout not saved: %s", exc)
        super().closeEvent(event)

    # -- tabs -----------------------------------------------------------------------------------
    def current_tab_name(self) -> str:
        current = self.tabs.currentWidget()
        return next((k for k, w in self.tab_widgets.items() if w is current), "members")

    def current_tab(self) -> QWidget:
        current = self.tabs.currentWidget()
        return current.ensure_made() if isinstance(current, LazyTab) else current

    def show_tab(self, name: str) -> None:
        widget = self.tab_widgets.get(name)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def _tab_changed(self, _index: int) -> None:
        current = self.current_tab()
        status = current.selected_status() if isinstance(current, ExchangesTab) else None
        self._enable_steps(status.value if status else "")

    def _broadcast(self, change: Change) -> None:
        """Each tab refreshes what the change names (Anki's OpChanges, pattern 2)."""
        for host in self.tab_widgets.values():
            host.refresh(change)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def show_banner(self, text: str) -> Banner:
        banner = Banner(text, self.centralWidget())
        self.central_layout.insertWidget(0, banner)
        banner.show()
        return banner

    # -- handlers named in the action list ------------------------------------------------------
    def new_exchange(self) -> None:
        self.show_tab("exchanges")
        self.exchanges.new_exchange()

    def add_organisation(self) -> None:
        self.show_tab("members")
        self.members.add_organisation()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))

    def open_log_file(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs.setup_logging())))

    def undo(self) -> None:
        self.context.undo_stack.undo()

    def redo(self) -> None:
        self.context.undo_stack.redo()

    def _undo_text(self, text: str) -> None:
        action = self.actions_by_id["undo"]
        action.setText(_("&Undo {edit}").format(edit=text) if text else _("&Undo"))

    def _redo_text(self, text: str) -> None:
        action = self.actions_by_id["redo"]
        action.setText(_("&Redo {edit}").format(edit=text) if text else _("&Redo"))

    def focus_filter(self) -> None:
        bar = getattr(self.current_tab(), "filter_bar", None)
        focus = getattr(bar, "focus", None)
        if focus is not None:
            focus()

    def edit_selected(self) -> None:
        tab: Any = self.current_tab()
        if hasattr(tab, "edit_selected"):
            tab.edit_selected()

    def refresh_all(self) -> None:
        self._broadcast(
            Change(frozenset({"organisations", "people", "exchanges", "payments"}), frozenset())
        )
        self.show_status(_("Everything shown again from the database."))

    def move_selected(self, status: Status) -> None:
        self.show_tab("exchanges")
        self.exchanges.move_selected(status)

    def switch_language(self, code: str) -> None:
        """Show the window again in another language ("" for the system's); kept for next time.

        A new window rather than retranslating every widget in place: every string is made in
        one place (the constructors), so nothing can be left in the old language.
        """
        from cxdesk.ui.app import application  # app builds this window: imported when needed

        if self.remember:
            self.settings.language = code
            self.save_layout()
        application(code or None)
        successor = MainWindow(self.context, remember=self.remember)
        successor.settings.language = code
        successor.setGeometry(self.geometry())
        successor.show_tab(self.current_tab_name())
        # The old window stays alive but hidden (work it started may still answer to it);
        # it no longer follows the data.
        self.context.changed.disconnect(self._broadcast)
        self.context.status.disconnect(self.show_status)
        self.remember = False
        if self.isVisible():
            successor.show()
            self.hide()
        self.successor = successor
        successor.show_status(_("The window is now in {language}.").format(
            language=language_name(i18n.current_language())))

    def _enable_steps(self, status: str) -> None:
        allowed = allowed_transitions(Status(status)) if status else ()
        for step in STEPS:
            self.actions_by_id[f"step_{step.value}"].setEnabled(step in allowed)
        for key in ("preview_agreement", "print_agreement"):
            self.actions_by_id[key].setEnabled(bool(status))
        # By name: asking the tab itself would make it before the window's first paint.
        self.actions_by_id["print_view"].setEnabled(
            self.current_tab_name() in TABLE_TABS and self.current_tab_name() in self.tab_widgets
        )

    # -- printing -------------------------------------------------------------------------------
    def preview_agreement(self) -> None:
        self.show_tab("exchanges")
        self.exchanges.preview_agreement()

    def print_agreement(self) -> None:
        self.show_tab("exchanges")
        self.exchanges.print_agreement()

    def print_selected_agreements(self) -> None:
        self.show_tab("exchanges")
        self.exchanges.print_selected_agreements()

    def print_view(self) -> None:
        """The current table as shown (rows, columns, filter) into a PDF preview to print."""
        tab = self.current_tab()
        if not isinstance(tab, TableTab):
            return
        tab.ensure_loaded()
        total = tab.model.rowCount()
        if total > VIEW_ROWS_ASKED and not prompts.confirm(
            self,
            _("Print this view"),
            _("This view has {n} rows, about {pages} pages. Make them all?").format(
                n=format_number(total), pages=format_number(total // 30 + 1)
            ),
        ):
            return
        headers, read_rows = tab.view_rows()
        title = self.tabs.tabText(self.tabs.currentIndex()).replace("&", "")
        count = tab.count_text(total).format(n=format_number(total))
        footer = f"{tab.filter_bar.describe()} {count}"

        def work(progress: tasks.Progress) -> object:
            step = _("Print this view")
            rows = read_rows(lambda done, total: progress(step, done, total))
            return printing.view_for_printing(title, headers, rows, footer)

        def done(path: object) -> None:
            assert isinstance(path, Path)
            self.view_preview = make_preview(path, title, f"{title}.pdf", self)
            self.view_preview.show()

        tasks.run_task(self, _("Print this view"), work, done, lambda e: prompts.tell(
            self, _("Not done"), str(e)))

    def _show_exchange(self, uid: str) -> None:
        self.show_tab("exchanges")
        self.exchanges.show_exchange(uid)

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About cxdesk"),
            _(
                "cxdesk {version}\n\nThe desk of ClusterXchange coordinators: members, "
                "exchanges, calendar and funding.\n\nData: {data}\nLog: {log}"
            ).format(version=__version__, data=paths.data_dir(), log=paths.log_file()),
        )

    def select_first_row(self) -> None:
        """Select the first row of the current tab, so its pane shows something (screenshots)."""
        tab = self.current_tab()
        if isinstance(tab, TableTab):
            tab.select_first()

    @property
    def status_text(self) -> str:
        return self.statusBar().currentMessage()
