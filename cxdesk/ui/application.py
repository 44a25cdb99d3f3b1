"""The one QApplication: made once, styled once, in the language chosen (again on a switch)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cxdesk.core import i18n, paths
from cxdesk.ui.qt_words import CatalogTranslator
from cxdesk.ui.style import apply_style

_translators: list[QTranslator] = []
_prepared: dict[str, str] = {}


def application(lang: str | None = None) -> QApplication:
    """The QApplication, made once: Fusion looks, the shipped font, the language chosen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and (
        sys.platform.startswith("linux")
    ):
        # No display (a server, CI, `cxdesk screenshot` over ssh): draw off screen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("cxdesk")
        app.setOrganizationName("cxdesk")
    assert isinstance(app, QApplication)
    code = i18n.set_language(lang)
    if _prepared.get("lang") != code:
        # Qt's own formats (a date editor's day names, the calendar popup) in the same language.
        QLocale.setDefault(QLocale(code))
        _load_qt_translations(app, code)
        _prepared["lang"] = code
    if not _prepared.get("styled"):
        # Once: a new style sheet polishes every widget alive again, windows of earlier runs too.
        apply_style(app)
        # The title bar, the task bar and Alt+Tab show the desk's own icon; Wayland finds it
        # through the .desktop file of that name.
        app.setDesktopFileName("cxdesk")
        app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "cxdesk.svg")))
        _prepared["styled"] = "yes"
    return app


def _load_qt_translations(app: QApplication, code: str) -> None:
    """Qt's own strings (Cancel, Yes, the calendar popup) in the desk's language."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{code}", folder) or translator.load(
        f"qtbase_{code.split('_')[0]}", folder
    ):
        app.installTranslator(translator)
        _translators.append(translator)
    elif code.split("_")[0] != i18n.SOURCE_LANGUAGE:
        # No qtbase catalog (Greek): Qt's buttons and file dialog from the desk's own catalog.
        fallback = CatalogTranslator(app)
        app.installTranslator(fallback)
        _translators.append(fallback)
