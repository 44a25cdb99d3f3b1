"""Every action of the window declared once; menus and the toolbar are built from the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar

from cxdesk.core.i18n import N_, _
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import ACTION_LABELS

SP = QStyle.StandardPixmap
SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    label: str  # marked with N_, translated when the action is made
    menu: str
    handler: str  # a method of the main window
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: QStyle.StandardPixmap | str | None = None  # a standard pixmap, or a theme icon name
    argument: Any = None  # handed to the handler
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

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_exchange",
        N_("&New exchange…"),
        "file",
        "new_exchange",
        (SK.New,),
        SP.SP_FileIcon,
        toolbar=True,
        tip=N_("Propose a new exchange and see what the rules say"),
    ),
    ActionSpec(
        "add_organisation",
        N_("&Add organisation…"),
        "file",
        "add_organisation",
        ("Ctrl+Shift+N",),
        SP.SP_FileDialogNewFolder,
        toolbar=True,
    ),
    ActionSpec(
        "print_view",
        N_("&Print this view…"),
        "file",
        "print_view",
        (SK.Print,),
        separator_before=True,
        tip=N_("Print the rows and columns the table shows, with its filter"),
    ),
    ActionSpec(
        "open_data_folder",
        N_("Open &data folder"),
        "file",
        "open_data_folder",
        icon=SP.SP_DirOpenIcon,
        separator_before=True,
    ),
    ActionSpec("open_log_file", N_("Open &log file"), "file", "open_log_file"),
    ActionSpec("quit", N_("&Quit"), "file", "close", (SK.Quit, "Ctrl+Q"), separator_before=True),
    ActionSpec("undo", N_("&Undo"), "edit", "undo", (SK.Undo,), SP.SP_ArrowBack, toolbar=True),
    ActionSpec(
        "redo",
        N_("&Redo"),
        "edit",
        "redo",
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        SP.SP_ArrowForward,
        toolbar=True,
    ),
    ActionSpec(
        "find",
        N_("&Filter the table"),
        "edit",
        "focus_filter",
        (SK.Find,),
        SP.SP_FileDialogContentsView,
        separator_before=True,
    ),
    ActionSpec(
        "edit_selected",
        N_("&Edit the selected record…"),
        "edit",
        "edit_selected",
        ("Ctrl+E",),
        SP.SP_FileDialogDetailedView,
        toolbar=True,
    ),
    ActionSpec("tab_members", N_("&Members"), "view", "show_tab", ("Ctrl+1",), argument="members"),
    ActionSpec(
        "tab_exchanges", N_("&Exchanges"), "view", "show_tab", ("Ctrl+2",), argument="exchanges"
    ),
    ActionSpec(
        "tab_calendar", N_("&Calendar"), "view", "show_tab", ("Ctrl+3",), argument="calendar"
    ),
    ActionSpec("tab_funding", N_("&Funding"), "view", "show_tab", ("Ctrl+4",), argument="funding"),
    ActionSpec(
        "refresh",
        N_("&Refresh"),
        "view",
        "refresh_all",
        (SK.Refresh, "F5"),
        SP.SP_BrowserReload,
        separator_before=True,
    ),
    *(
        ActionSpec(
            f"step_{status.value}",
            STEP_LABELS[status],
            "exchange",
            "move_selected",
            icon=STEP_ICONS.get(status),
            argument=status,
            separator_before=status is Status.CANCELLED,
        )
        for status in STEPS
    ),
    ActionSpec(
        "preview_agreement",
        N_("Grant a&greement"),
        "exchange",
        "preview_agreement",
        separator_before=True,
        tip=N_("The grant agreement on screen, to read, print or save"),
    ),
    ActionSpec("print_agreement", N_("&Print agreement…"), "exchange", "print_agreement"),
    ActionSpec(
        "print_agreements",
        N_("Print agreements for the &selection…"),
        "exchange",
        "print_selected_agreements",
    ),
    ActionSpec("about", N_("&About cxdesk"), "help", "about", icon=SP.SP_MessageBoxInformation),
)


def _icon(window: QMainWindow, icon: QStyle.StandardPixmap | str | None) -> QIcon | None:
    if icon is None:
        return None
    if isinstance(icon, str):
        return QIcon.fromTheme(icon)
    return window.style().standardIcon(icon)


def build_actions(window: QMainWindow) -> dict[str, QAction]:
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
        handler: Callable[..., Any] = getattr(window, spec.handler)
        if spec.argument is not None:
            action.triggered.connect(lambda _checked=False, h=handler, a=spec.argument: h(a))
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
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
