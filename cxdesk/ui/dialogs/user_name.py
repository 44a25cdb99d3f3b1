"""The name this desk's changes are recorded under: asked once, at the first start."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QInputDialog, QWidget

from cxdesk.core.i18n import _
from cxdesk.core.settings import Settings
from cxdesk.core.users import clean_user, default_user, login_name


def desk_user(settings: Settings, parent: QWidget | None = None) -> str:
    """CXDESK_USER when set; else the name chosen before; else asked now (the login name
    offered) and kept in the settings."""
    if os.environ.get("CXDESK_USER"):
        return default_user()
    if settings.user_name:
        return settings.user_name
    name, ok = QInputDialog.getText(
        parent,
        _("Who is working on this desk?"),
        _("Your name, as your colleagues will see it beside each change you make:"),
        text=login_name(),
    )
    settings.user_name = (clean_user(name) if ok else None) or login_name()
    settings.save()
    return settings.user_name
