"""The main window: tabs, menus and toolbar from the action list, status bar, remembered layout."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QByteArray, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from cxdesk.core import i18n, logs, paths
from cxdesk.core.i18n import _
from cxdesk.core.settings import Settings
from cxdesk.db.deferred import DeferredDatabase
from cxdesk.domain.codes import Status
from cxdesk.domain.records import Change
from cxdesk.ui import accessibility
from cxdesk.ui.actions import build_actions, build_menus, build_toolbar, update_enabled
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import subtitle
from cxdesk.ui.sync import actions as sync_actions
from cxdesk.ui.table.view import when_rows_painted
from cxdesk.ui.tabs.base import TABS
from cxdesk.ui.tabs.host import TabHost
from cxdesk.ui.tabs.table_tab import TableTab
from cxdesk.ui.widgets.banner import Banner
from cxdesk.ui.widgets.language_menu import build_language_menu, language_name

if TYPE_CHECKING:
    from cxdesk.ui.mail_sender import MailSender
    from cxdesk.ui.sync.conflict_banner import ConflictBanner

    # Each tab's modules are imported when the tab is first made, the preview when printing.
    from cxdesk.ui.tabs.exchanges.tab import ExchangesTab
    from cxdesk.ui.tabs.members.tab import MembersTab
    from cxdesk.ui.widgets.pdf_preview import PdfPreview

log = logging.getLogger("cxdesk.ui")
T = TypeVar("T")
#: When no table paints rows (another tab shown at start), the deferred start runs after this.
FINISH_START_MS = 1000


class MainWindow(QMainWindow):
    def __init__(self, context: UiContext, remember: bool = True) -> None:
        super().__init__()
        self.context: UiContext = context
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
        self.tab_widgets: dict[str, TabHost] = {}
        for spec in TABS:
            host = TabHost(partial(spec.make, context), self._wire_tab, self.tabs)
            self.tab_widgets[spec.name] = host
            self.tabs.addTab(host, _(spec.title))

        self.actions_by_id = build_actions(self)
        self.menus = build_menus(self, self.actions_by_id)
        self.menus["view"].addSeparator()
        self.language_menu = build_language_menu(
            self, lambda: self.settings.language, self.switch_language
        )
        self.menus["view"].addMenu(self.language_menu)
        self.toolbar = build_toolbar(self, self.actions_by_id)
        self.setAcceptDrops(True)
        self.started = False  # whether `finish_start` ran: what reads the database is in
        #: The window's last open file: none while the database is deferred, checked then.
        self.start_failed: BaseException | None = None
        #: Told once the deferred start has run (its failure, or None): the window's start
        #: checks the file then, or tells what went wrong (`first_start`).
        self.start_done: Callable[[BaseException | None], None] | None = None

        self.database_label = QLabel(context.db.label, self)
        subtitle(self.database_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.statusBar().showMessage(_("Ready."))

        stack = context.undo_stack
        stack.canUndoChanged.connect(self.update_actions)
        stack.canRedoChanged.connect(self.update_actions)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        context.changed.connect(self._broadcast)
        context.status.connect(self.show_status)
        self.tabs.currentChanged.connect(self.update_actions)
        self.update_actions()
        self._restore()
        if isinstance(context.db, DeferredDatabase) and not context.db.opened:
            # The first rows come from plain sqlite3 (`db.first_page`): the parts that read the
            # database (and load SQLAlchemy) follow their paint, or a moment when none paints.
            when_rows_painted(self._finish_start_later)
            QTimer.singleShot(FINISH_START_MS, self, self._finish_start_later)
        else:
            self.finish_start()
        # Accessible names and descriptions for every widget now, for each dialog when shown
        # (each tab names its own when first made: TabHost).
        accessibility.install(self)

    def finish_start(self) -> None:
        """Install what reads the database: the import and conflict actions, the outbox,
        the conflicts banner, the Due tab's count. Opens a deferred database (its errors are
        raised here, as opening it raises them)."""
        if self.started:
            return
        self.started = True
        from cxdesk.ui.mail_sender import install_mail_sender
        from cxdesk.ui.sync.conflict_banner import install_conflict_banner

        context = self.context
        if isinstance(context.db, DeferredDatabase):
            context.db.open()
        self.sync = sync_actions.install_sync_actions(self, context)
        self.mail: MailSender = install_mail_sender(self, context)  # the outbox goes by itself
        # Above the tabs while an import's conflicts wait for a choice.
        self.conflict_banner: ConflictBanner = install_conflict_banner(self.central_layout, context)
        self.update_actions()
        # The Due tab's count in its title from the start, once the first rows are painted.
        if "due" in self.tab_widgets:
            QTimer.singleShot(1500, self, self.tab_widgets["due"].ensure_made)

    def _finish_start_later(self) -> None:
        if not shiboken6.isValid(self) or self.started:
            return
        try:
            self.finish_start()
        except Exception as exc:  # the caller (screenshot, window) tells it: see start_failed
            self.start_failed = exc
            log.info("deferred start failed: %r", exc)
        if self.start_done is not None:
            self.start_done(self.start_failed)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if not sync_actions.accept_package_drag(event):
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if not sync_actions.drop_package(self, self.context, event):
            super().dropEvent(event)

    def _wire_tab(self, tab: QWidget) -> None:
        """Every tab the same way (the Tab protocol): its requests to open an exchange, its
        selection (the actions' state), its remembered layout."""
        tab.open_exchange_requested.connect(self._show_exchange)  # type: ignore[attr-defined]
        tab.selection_changed.connect(self.update_actions)  # type: ignore[attr-defined]
        if isinstance(tab, TableTab):
            tab.default_split(self.width() - 16, self.height() - 150)
            if self.remember:
                tab.restore_splitter(self.settings)

    @property
    def members(self) -> MembersTab:
        from cxdesk.ui.tabs.members.tab import MembersTab

        tab = self.tab_widgets["members"].ensure_made()
        assert isinstance(tab, MembersTab)
        return tab

    @property
    def exchanges(self) -> ExchangesTab:
        from cxdesk.ui.tabs.exchanges.tab import ExchangesTab

        tab = self.tab_widgets["exchanges"].ensure_made()
        assert isinstance(tab, ExchangesTab)
        return tab

    def exchanges_action(self, act: Callable[[ExchangesTab], T]) -> T:
        """Show the Exchanges tab and act on it (the Exchange menu's steps and printing)."""
        self.show_tab("exchanges")
        return act(self.exchanges)

    def selected_status(self) -> Status | None:
        """The status of the exchange selected in the Exchanges tab, when that tab is shown."""
        if self.current_tab_name() != "exchanges":
            return None
        return self.exchanges.selected_status()

    def current_tab_prints(self) -> bool:
        # By the host: asking the tab itself would make it before the window's first paint.
        host = self.tab_widgets.get(self.current_tab_name())
        return (
            host is not None
            and (host.inner is None or bool(host.tab.prints_view))
            and (self.current_tab_name() in ("members", "exchanges"))
        )

    def update_actions(self, *_args: object) -> None:
        # The undo stack clears itself as it is destroyed with the window: nothing to update.
        if not shiboken6.isValid(self.context.undo_stack):
            return
        update_enabled(self, self.actions_by_id)

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
        geometry["main/geometry"] = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        geometry["main/state"] = bytes(self.saveState().toBase64().data()).decode("ascii")
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
        return current.ensure_made() if isinstance(current, TabHost) else current

    def show_tab(self, name: str) -> None:
        widget = self.tab_widgets.get(name)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def _broadcast(self, change: Change) -> None:
        """Each tab refreshes what the change names (Anki's OpChanges)."""
        for host in self.tab_widgets.values():
            host.refresh(change)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def show_banner(self, text: str) -> Banner:
        banner = Banner(text, self.centralWidget())
        self.central_layout.insertWidget(0, banner)
        banner.show()
        return banner

    # -- what the actions do beyond one tab --------------------------------------------------
    def new_exchange(self) -> None:
        self.exchanges_action(lambda tab: tab.new_exchange())

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
        tab = self.current_tab()
        if isinstance(tab, TableTab):
            tab.filter_bar.focus()

    def edit_selected(self) -> None:
        tab = self.current_tab()
        if isinstance(tab, TableTab):
            tab.edit_selected()

    def refresh_all(self) -> None:
        self._broadcast(Change(sync_actions.EVERYTHING, frozenset()))
        self.show_status(_("Everything shown again from the database."))

    def switch_language(self, code: str) -> None:
        """Show the window again in another language ("" for the system's); kept for next time.

        A new window rather than retranslating every widget in place: every string is made in
        one place (the constructors), so nothing can be left in the old language.
        """
        from cxdesk.ui.application import application

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
        successor.show_status(
            _("The window is now in {language}.").format(
                language=language_name(i18n.current_language())
            )
        )

    def print_view(self) -> None:
        """The current table as shown (rows, columns, filter) into a PDF preview to print."""
        from cxdesk.ui.table.print_view import print_view

        tab = self.current_tab()
        if isinstance(tab, TableTab):
            title = self.tabs.tabText(self.tabs.currentIndex()).replace("&", "")
            print_view(self, tab, title, self._view_shown)

    def _view_shown(self, preview: PdfPreview) -> None:
        self.view_preview = preview

    def _show_exchange(self, uid: str) -> None:
        self.show_tab("exchanges")
        self.exchanges.show_exchange(uid)

    def about(self) -> None:
        from cxdesk.ui.dialogs.about import show_about

        self.about_box = show_about(self)

    def select_first_row(self) -> None:
        """Select the first row of the current tab, so its pane shows something (screenshots)."""
        tab = self.current_tab()
        if isinstance(tab, TableTab):
            tab.select_first()

    @property
    def status_text(self) -> str:
        return self.statusBar().currentMessage()
