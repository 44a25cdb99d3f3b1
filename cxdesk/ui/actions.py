"""Every action of the window declared once; menus and the toolbar are built from the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar

from cxdesk.core.i18n import N_, _
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import ACTION_LABELS, allowed_transitions
from cxdesk.ui.find_host_action import find_host_enabled, find_host_from

if TYPE_CHECKING:
    from cxdesk.ui.mainwindow import MainWindow

Handler = Callable[["MainWindow"], object]
Enabled = Callable[["MainWindow"], bool]

SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    label: str  # marked with N_, translated when the action is made
    menu: str
    handler: Handler  # what the action does, given the window
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: QStyle.StandardPixmap | str | None = None  # a standard pixmap, or a theme icon name
    #: When the action can be used; None: always. Asked again as the window's state changes.
    enabled: Enabled | None = None
    toolbar: bool = False
    tip: str = ""  # marked with N_
    separator_before: bool = False


MENUS: tuple[tuple[str, str], ...] = (
    ("file", N_("&File")),
    ("edit", N_("&Edit")),
    ("view", N_("&View")),
    ("exchange", N_("E&xchange")),
    ("help", N_("&Help")),
)

#: The lifecycle steps, in the order of an exchange's life.
STEPS: tuple[Status, ...] = (
    Status.SUBMITTED,
    Status.APPROVED,
    Status.SIGNED,
    Status.COMPLETED,
    Status.REPORTED,
    Status.PAID,
    Status.CANCELLED,
    Status.REJECTED,
)
STEP_ICONS: dict[Status, QStyle.StandardPixmap] = {
    Status.APPROVED: SP.SP_DialogApplyButton,
    Status.PAID: SP.SP_DialogYesButton,
    Status.CANCELLED: SP.SP_DialogCancelButton,
    Status.REJECTED: SP.SP_DialogNoButton,
}
#: Step labels the menus show ("Cancel" alone reads like closing a dialog).
STEP_LABELS: dict[Status, str] = dict(ACTION_LABELS) | {
    Status.CANCELLED: N_("Cancel the exchange…"),
    Status.REJECTED: N_("Reject…"),
    Status.REPORTED: N_("Validate report…"),
}


def _move_to(status: Status) -> Handler:
    """The Exchange menu's step: the selected exchange moves to `status`."""
    return lambda window: window.exchanges_action(lambda tab: tab.move_selected(status))


def _can_move_to(status: Status) -> Enabled:
    return lambda window: status in allowed_transitions_of(window.selected_status())


#: The closing steps and papers of the selected exchange (the Exchange menu, as the pane).
CLOSING_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("type_report", N_("&Type the closing report…"), "type_report"),
    ("bank_details", N_("&Bank details…"), "bank_details"),
    ("report_form", N_("Closing-report &form…"), "report_form"),
    ("certificate", N_("&Certificate of participation…"), "certificate"),
    ("commitment", N_("Co&mmitment content…"), "commitment"),
)


def _open_settings(window: MainWindow) -> object:
    # The dialog (and the services behind it) is imported when asked for, not at start.
    from cxdesk.ui.dialogs.settings import open_settings

    return open_settings(window)


def _open_guide(window: MainWindow) -> object:
    from cxdesk.ui.dialogs.guide import open_guide

    return open_guide(window)


def _open_outbox(window: MainWindow) -> object:
    from cxdesk.ui.dialogs.outbox_dialog import open_outbox

    return open_outbox(window, window.context)


def _closing(method: str) -> Handler:
    """The Exchange menu's closing step: the pane's button of the selected exchange."""
    return lambda window: window.exchanges_action(lambda tab: getattr(tab.closing, method)())


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_exchange",
        N_("&New exchange…"),
        "file",
        lambda w: w.new_exchange(),
        (SK.New,),
        SP.SP_FileIcon,
        toolbar=True,
        tip=N_("Propose a new exchange and see what the rules say"),
    ),
    ActionSpec(
        "add_organisation",
        N_("&Add organisation…"),
        "file",
        lambda w: w.add_organisation(),
        ("Ctrl+Shift+N",),
        SP.SP_FileDialogNewFolder,
        toolbar=True,
    ),
    ActionSpec(
        "receive_report",
        N_("Receive a &closing report…"),
        "file",
        lambda w: w.exchanges_action(lambda tab: tab.closing.receive_report(selected=False)),
        separator_before=True,
        tip=N_("Read a closing-report form the visitor filled, for the exchange it names"),
    ),
    ActionSpec(
        "outbox",
        N_("Out&box…"),
        "file",
        _open_outbox,
        tip=N_("The e-mails waiting, sent or refused by the server; send them now"),
    ),
    ActionSpec(
        "print_view",
        N_("&Print this view…"),
        "file",
        lambda w: w.print_view(),
        (SK.Print,),
        enabled=lambda w: w.current_tab_prints(),
        separator_before=True,
        tip=N_("Print the rows and columns the table shows, with its filter"),
    ),
    ActionSpec(
        "open_data_folder",
        N_("Open &data folder"),
        "file",
        lambda w: w.open_data_folder(),
        icon=SP.SP_DirOpenIcon,
        separator_before=True,
    ),
    ActionSpec("open_log_file", N_("Open &log file"), "file", lambda w: w.open_log_file()),
    ActionSpec(
        "settings",
        N_("&Settings…"),
        "file",
        lambda w: _open_settings(w),
        icon=SP.SP_FileDialogInfoView,
        separator_before=True,
        tip=N_("The partnership's account, the audit period, your name and language"),
    ),
    ActionSpec(
        "quit",
        N_("&Quit"),
        "file",
        lambda w: w.close(),
        (SK.Quit, "Ctrl+Q"),
        separator_before=True,
    ),
    ActionSpec(
        "undo",
        N_("&Undo"),
        "edit",
        lambda w: w.undo(),
        (SK.Undo,),
        SP.SP_ArrowBack,
        enabled=lambda w: w.context.undo_stack.canUndo(),
        toolbar=True,
    ),
    ActionSpec(
        "redo",
        N_("&Redo"),
        "edit",
        lambda w: w.redo(),
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        SP.SP_ArrowForward,
        enabled=lambda w: w.context.undo_stack.canRedo(),
        toolbar=True,
    ),
    ActionSpec(
        "find",
        N_("&Filter the table"),
        "edit",
        lambda w: w.focus_filter(),
        (SK.Find,),
        SP.SP_FileDialogContentsView,
        separator_before=True,
    ),
    ActionSpec(
        "edit_selected",
        N_("&Edit the selected record…"),
        "edit",
        lambda w: w.edit_selected(),
        ("Ctrl+E",),
        SP.SP_FileDialogDetailedView,
        toolbar=True,
    ),
    ActionSpec("tab_members", N_("&Members"), "view", lambda w: w.show_tab("members"), ("Ctrl+1",)),
    ActionSpec(
        "tab_exchanges", N_("&Exchanges"), "view", lambda w: w.show_tab("exchanges"), ("Ctrl+2",)
    ),
    ActionSpec(
        "tab_calendar", N_("&Calendar"), "view", lambda w: w.show_tab("calendar"), ("Ctrl+3",)
    ),
    ActionSpec("tab_funding", N_("&Funding"), "view", lambda w: w.show_tab("funding"), ("Ctrl+4",)),
    ActionSpec("tab_due", N_("&Due"), "view", lambda w: w.show_tab("due"), ("Ctrl+5",)),
    ActionSpec(
        "refresh",
        N_("&Refresh"),
        "view",
        lambda w: w.refresh_all(),
        (SK.Refresh, "F5"),
        SP.SP_BrowserReload,
        separator_before=True,
    ),
    *(
        ActionSpec(
            f"step_{status.value}",
            STEP_LABELS[status],
            "exchange",
            _move_to(status),
            icon=STEP_ICONS.get(status),
            enabled=_can_move_to(status),
            separator_before=status is Status.CANCELLED,
        )
        for status in STEPS
    ),
    ActionSpec(
        "find_host",
        N_("Find a &host…"),
        "exchange",
        find_host_from,
        enabled=find_host_enabled,
        separator_before=True,
        tip=N_("Eligible hosts for the selected member or draft exchange, best first"),
    ),
    ActionSpec(
        "preview_agreement",
        N_("Grant a&greement"),
        "exchange",
        lambda w: w.exchanges_action(lambda tab: tab.preview_agreement()),
        enabled=lambda w: w.selected_status() is not None,
        separator_before=True,
        tip=N_("The grant agreement on screen, to read, print or save"),
    ),
    ActionSpec(
        "print_agreement",
        N_("&Print agreement…"),
        "exchange",
        lambda w: w.exchanges_action(lambda tab: tab.print_agreement()),
        enabled=lambda w: w.selected_status() is not None,
    ),
    ActionSpec(
        "print_agreements",
        N_("Print agreements for the &selection…"),
        "exchange",
        lambda w: w.exchanges_action(lambda tab: tab.print_selected_agreements()),
    ),
    ActionSpec(
        "sign_paper",
        N_("Sig&n agreement or commitment…"),
        "exchange",
        lambda w: w.exchanges_action(lambda tab: tab.signing.sign()),
        # The pane's Sign…: an approved exchange's papers only, as the service signs.
        enabled=lambda w: w.selected_status() is Status.APPROVED,
        tip=N_("The agreement or the Commitment to Quality signed with your certificate"),
    ),
    *(
        ActionSpec(
            action_id,
            label,
            "exchange",
            _closing(method),
            enabled=lambda w: w.selected_status() is not None,
            separator_before=action_id == "type_report",
        )
        for action_id, label, method in CLOSING_ACTIONS
    ),
    ActionSpec(
        "user_guide",
        N_("&User guide"),
        "help",
        lambda w: _open_guide(w),
        (SK.HelpContents, "F1"),
        SP.SP_DialogHelpButton,
        tip=N_("How to use the desk, with pictures, in your language"),
    ),
    ActionSpec(
        "about", N_("&About cxdesk"), "help", lambda w: w.about(), icon=SP.SP_MessageBoxInformation
    ),
)


def _icon(window: QMainWindow, icon: QStyle.StandardPixmap | str | None) -> QIcon | None:
    if icon is None:
        return None
    if isinstance(icon, str):
        return QIcon.fromTheme(icon)
    return window.style().standardIcon(icon)


def allowed_transitions_of(status: Status | None) -> tuple[Status, ...]:
    return allowed_transitions(status) if status is not None else ()


def update_enabled(window: MainWindow, actions: dict[str, QAction]) -> None:
    """Ask every action that declares when it can be used."""
    for spec in ACTIONS:
        if spec.enabled is not None:
            actions[spec.id].setEnabled(spec.enabled(window))


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """One QAction per spec, connected to the window's handler, with its shortcuts."""
    made: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(_(spec.label), window)
        action.setObjectName(spec.id)
        if spec.toolbar:  # menu icons wait for their menu: decoding them delayed the window
            icon = _icon(window, spec.icon)
            if icon is not None:
                action.setIcon(icon)
        keys: list[QKeySequence] = []
        for shortcut in spec.shortcuts:
            if isinstance(shortcut, str):
                keys.append(QKeySequence(shortcut))
            else:
                keys.extend(QKeySequence.keyBindings(shortcut))
        unique = list(dict.fromkeys(k.toString() for k in keys if not k.isEmpty()))
        action.setShortcuts([QKeySequence(k) for k in unique])
        tip = _(spec.tip) if spec.tip else _(spec.label).replace("&", "").rstrip("…")
        if unique:
            tip += f" ({unique[0]})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False, h=spec.handler: h(window))
        window.addAction(action)  # shortcuts work even when the menu bar is hidden
        made[spec.id] = action
    return made


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for menu_id, label in MENUS:
        menu = bar.addMenu(_(label))
        menu.setObjectName(f"menu_{menu_id}")
        menus[menu_id] = menu
    for spec in ACTIONS:
        menu = menus[spec.menu]
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(actions[spec.id])
    for menu_id, menu in menus.items():
        specs = [s for s in ACTIONS if s.menu == menu_id and not s.toolbar and s.icon]
        menu.aboutToShow.connect(lambda specs=specs: _give_icons(window, actions, specs))
    return menus


def _give_icons(window: QMainWindow, actions: dict[str, QAction], specs: list[ActionSpec]) -> None:
    for spec in specs:
        action = actions[spec.id]
        if action.icon().isNull():
            icon = _icon(window, spec.icon)
            if icon is not None:
                action.setIcon(icon)


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = QToolBar(_("Main toolbar"), window)
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    # Words beside the icons: the stock icons alone do not say "new exchange" or "edit".
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for spec in ACTIONS:
        if spec.toolbar:
            toolbar.addAction(actions[spec.id])
    window.addToolBar(toolbar)
    return toolbar
