"""Waive one kind of evidence: the reason is required, and kept with the waiver."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, EvidenceKind
from cxdesk.ui.dialogs.closing_base import ClosingDialog, say, text_box


class WaiveDialog(ClosingDialog):
    """Why this evidence is not needed (a lost ticket replaced by a statement, …)."""

    def __init__(self, reference: str, kind: EvidenceKind, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Waive evidence of {reference}").format(reference=reference), _("Waive"), parent
        )
        self.setObjectName("closing-waive-dialog")
        self.kind = kind
        what = QLabel(_(EVIDENCE_KIND_LABELS[kind]), self)
        what.setWordWrap(True)
        self.reason = text_box(None, _("Reason"), self, lines=3)
        self.reason.setPlaceholderText(_("Why this evidence is not needed (required)"))
        self.form.addRow(_("Evidence:"), what)
        self.form.addRow(_("Reason:"), self.reason)
        self.finish_layout()

    def check(self) -> bool:
        if self.reason.toPlainText().strip():
            return True
        say(self.problem, _("Give the reason this evidence is waived: it is kept for the audit."))
        return False

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()
