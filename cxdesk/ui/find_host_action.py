"""The Exchange menu's Find a host…: for the member or the draft exchange the window shows.

Apart from the dialog, which the Members tab opens too: a tab must not reach the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxdesk.domain.codes import Status

if TYPE_CHECKING:
    from cxdesk.ui.dialogs.find_host import FindHostDialog
    from cxdesk.ui.mainwindow import MainWindow


def find_host_enabled(window: MainWindow) -> bool:
    """The Exchange menu's Find a host…: a member selected, or a draft exchange."""
    tab = window.current_tab_name()
    if tab == "members":
        return bool(window.members.selected_uid)
    return tab == "exchanges" and window.selected_status() is Status.DRAFT


def find_host_from(window: MainWindow) -> FindHostDialog | None:
    """Find a host for the member or the draft exchange selected in the window."""
    if not find_host_enabled(window):
        return None
    # The dialog and the matching service are imported when first asked for, not at start.
    from cxdesk.ui.dialogs.find_host import open_find_host

    def shown(uid: str) -> None:
        window.show_tab("exchanges")
        window.exchanges.show_exchange(uid)

    if window.current_tab_name() == "members":
        return open_find_host(
            window.context, window, visitor_key=window.members.selected_uid, shown=shown
        )
    return open_find_host(
        window.context, window, exchange_key=window.exchanges.selected_uid, shown=shown
    )
