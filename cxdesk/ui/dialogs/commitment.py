"""The Commitment to Quality's content: goals, objectives and a day-by-day agenda."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.records import Commitment
from cxdesk.ui.dialogs.closing_base import ClosingDialog, text_box


class CommitmentDialog(ClosingDialog):
    """What the Commitment to Quality prints instead of blank lines."""

    def __init__(
        self, reference: str, commitment: Commitment | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Commitment to Quality of {reference}").format(reference=reference),
            _("Save"),
            parent,
        )
        self.setObjectName("commitment-dialog")
        self.goals = text_box(commitment.goals if commitment else None, _("Goals"), self, 3)
        self.objectives = text_box(
            commitment.objectives if commitment else None, _("Objectives"), self, 3
        )
        self.agenda = text_box(commitment.agenda if commitment else None, _("Agenda"), self, 6)
        self.agenda.setPlaceholderText(_("One line a day, e.g. Day 1: visit of the test lab"))
        self.form.addRow(_("Goals:"), self.goals)
        self.form.addRow(_("Objectives:"), self.objectives)
        self.form.addRow(_("Agenda, day by day:"), self.agenda)
        hint = QLabel(_("The Commitment to Quality prints these with the agreement."), self)
        hint.setWordWrap(True)
        self.outer.addWidget(hint)
        self.finish_layout()
        self.resize(640, 560)

    def values(self) -> dict[str, str]:
        return {
            "goals": self.goals.toPlainText(),
            "objectives": self.objectives.toPlainText(),
            "agenda": self.agenda.toPlainText(),
        }
