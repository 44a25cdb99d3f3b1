"""The About box: the version, where the data and the log are, and each language's review."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from cxdesk import __version__
from cxdesk.core import i18n, paths
from cxdesk.core.i18n import _


def language_lines() -> list[str]:
    """One line per language: what it covers, and whether a native speaker has reviewed it."""
    reviews = i18n.native_reviews()
    lines = []
    for code in sorted(
        set(i18n.DOCUMENT_LANGUAGES) - {i18n.SOURCE_LANGUAGE}, key=i18n.language_name
    ):
        covers = _("window and documents") if code in i18n.LANGUAGES else _("documents")
        review = reviews.get(code)
        said = (
            _("reviewed by {who}, {when}").format(who=review[0], when=review[1])
            if review
            else _("not yet reviewed by a native speaker")
        )
        lines.append(f"{i18n.language_name(code)} ({code}): {covers}; {said}")
    return lines


def about_text() -> str:
    return _(
        "cxdesk {version}\n\nThe desk of ClusterXchange coordinators: members, "
        "exchanges, calendar and funding.\n\nData: {data}\nLog: {log}"
    ).format(version=__version__, data=paths.data_dir(), log=paths.log_file())


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, _("About cxdesk"), about_text(), parent=parent)
    box.setInformativeText(
        _(
            "The window speaks {window} languages; the documents a visitor signs, {documents}."
        ).format(window=len(i18n.LANGUAGES), documents=len(i18n.DOCUMENT_LANGUAGES))
    )
    box.setDetailedText("\n".join(language_lines()))
    box.setAccessibleName(_("About cxdesk"))
    box.open()
    return box
