"""A damaged database at the start: restore the newest good backup (the damaged file kept aside)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from cxdesk.core.i18n import _, format_day
from cxdesk.db.damage_files import restore_damaged
from cxdesk.db.failures import DatabaseDamaged


class RecoveryDialog(QDialog):
    """Says what is damaged and offers the newest good backup in its place, or to quit."""

    def __init__(self, damage: DatabaseDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.damage = damage
        #: Where the damaged file was put aside, once restored.
        self.kept_aside: Path | None = None
        self.setWindowTitle(_("The database is damaged"))
        layout = QVBoxLayout(self)
        self.text = QLabel(damage.message if damage.backup is None else damage.summary)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.restore_button: QPushButton | None = None
        if damage.backup is not None and damage.path is not None:
            day = format_day(damage.backup_made.date(), fmt="long") if damage.backup_made else "?"
            note = QLabel(
                _(
                    "The damaged file is kept beside it as {name}.damaged-… so nothing in it "
                    "is lost; changes made after the backup are not in the backup."
                ).format(name=damage.path.name)
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            self.restore_button = QPushButton(
                _("Restore the newest backup ({file}, {day})").format(
                    file=damage.backup.name, day=day
                )
            )
            self.restore_button.setDefault(True)
            self.restore_button.clicked.connect(self._restore)
            layout.addWidget(self.restore_button)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(self.quit_button)

    def _restore(self) -> None:
        assert self.damage.path is not None and self.damage.backup is not None
        try:
            self.kept_aside = restore_damaged(self.damage.path, self.damage.backup)
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Not done"),
                _("The backup could not be put in place ({reason}); nothing was changed.").format(
                    reason=exc.strerror or exc
                ),
            )
            return
        self.accept()


def recovery_dialog(damage: DatabaseDamaged, parent: QWidget | None = None) -> RecoveryDialog:
    """The dialog for a damaged database, not yet shown."""
    return RecoveryDialog(damage, parent)
