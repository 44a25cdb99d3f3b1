"""View → Language: the window's language, chosen from the catalogs shipped, applied at once."""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from cxdesk.core import i18n
from cxdesk.core.i18n import _


def language_name(code: str) -> str:
    """A language's name in itself ("Deutsch", "Ελληνικά"): readable whatever is on screen."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def build_language_menu(
    parent: QWidget, chosen: Callable[[], str], on_choice: Callable[[str], None]
) -> QMenu:
    """A menu of the languages; `chosen()` is the saved choice ("" for the system language)."""
    menu = QMenu(_("&Language"), parent)
    menu.setObjectName("menu_language")
    # Filled when first opened: looking up babel's names of every language is work the
    # window's first paint need not wait for.
    menu.aboutToShow.connect(lambda: _fill(menu, chosen, on_choice) if menu.isEmpty() else None)
    return menu


def _fill(menu: QMenu, chosen: Callable[[], str], on_choice: Callable[[str], None]) -> None:
    group = QActionGroup(menu)
    group.setExclusive(True)
    system = i18n.normalise_language(i18n.system_language()).split("_")[0]
    entries = [("", _("System language ({language})").format(language=language_name(system)))]
    entries += [(code, language_name(code)) for code in i18n.LANGUAGES]
    for code, label in entries:
        action = QAction(label, menu)
        action.setObjectName(f"language_{code or 'system'}")
        action.setCheckable(True)
        action.setChecked(code == chosen())
        action.triggered.connect(lambda _checked=False, code=code: on_choice(code))
        group.addAction(action)
        menu.addAction(action)
        if not code:
            menu.addSeparator()
