"""What the main window knows of a tab (the Tab protocol), and the tabs in order, made lazily."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from cxdesk.core.i18n import N_
from cxdesk.domain.records import Change
from cxdesk.ui.context import UiContext

if TYPE_CHECKING:
    from cxdesk.ui.tabs.exchanges.tab import ExchangesTab
    from cxdesk.ui.tabs.members.tab import MembersTab


class Tab(Protocol):
    """Every tab: refreshed by an operation's change; it may ask to open an exchange; it says
    whether File → Print this view prints it."""

    #: Emitted with an exchange's uid: show it in the Exchanges tab.
    open_exchange_requested: SignalInstance
    #: Emitted when what is selected changes: the window enables its actions again.
    selection_changed: SignalInstance
    #: Whether File → Print this view prints the tab (its rows, shown columns and filter).
    prints_view: bool

    def refresh(self, change: Change) -> None: ...


@dataclass(frozen=True)
class TabSpec:
    """A tab as the window lists it: its name, its title (marked), and how to make it. The
    factory imports the tab's module when it is first called: a tab's code costs nothing until
    the tab is first shown."""

    name: str
    title: str
    make: Callable[[UiContext], QWidget]


def _members(context: UiContext) -> MembersTab:
    from cxdesk.ui.tabs.members.tab import MembersTab

    return MembersTab(context)


def _exchanges(context: UiContext) -> ExchangesTab:
    from cxdesk.ui.tabs.exchanges.tab import ExchangesTab

    return ExchangesTab(context)


def _calendar(context: UiContext) -> QWidget:
    from cxdesk.ui.tabs.calendar.tab import CalendarTab

    return CalendarTab(context)


def _funding(context: UiContext) -> QWidget:
    from cxdesk.ui.tabs.funding.tab import FundingTab

    return FundingTab(context)


def _due(context: UiContext) -> QWidget:
    from cxdesk.ui.tabs.due.tab import DueTab

    return DueTab(context)


TABS: tuple[TabSpec, ...] = (
    TabSpec("members", N_("Members"), _members),
    TabSpec("exchanges", N_("Exchanges"), _exchanges),
    TabSpec("calendar", N_("Calendar"), _calendar),
    TabSpec("funding", N_("Funding"), _funding),
    TabSpec("due", N_("Due"), _due),
)
