"""Validate a closing report: what will be owed and why, and the missing evidence to waive."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _, ngettext
from cxdesk.domain.closing import Settlement
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, EvidenceKind
from cxdesk.services import display
from cxdesk.ui import style
from cxdesk.ui.dialogs.closing_base import ClosingDialog, date_edit, pydate, say
from cxdesk.ui.style import BAD, WARN


class ValidateDialog(ClosingDialog):
    """The amount due worked out from the dates really taken; a waiver (with its reason) for
    each kind of evidence still missing; what still stands in the way, before OK is pressed."""

    def __init__(
        self,
        reference: str,
        stay: tuple[date, date],
        granted: Decimal | None,
        settlement: Settlement | None,
        missing: tuple[EvidenceKind, ...],
        obstacles: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Validate the report of {reference}").format(reference=reference),
            _("Validate"),
            parent,
        )
        self.setObjectName("closing-validate-dialog")
        self.on = date_edit(today_utc(), _("Validated on"), self)
        self.form.addRow(_("Validated on:"), self.on)
        self.form.addRow(_("Stay taken:"), QLabel(display.period(*stay), self))
        self.form.addRow(_("Granted:"), QLabel(display.money(granted), self))
        self.amount = QLabel(self)
        self.amount.setWordWrap(True)
        self.amount.setAccessibleName(_("Amount due"))
        if settlement is None:
            self.amount.setText(_("nothing can be worked out: no lump sum was granted"))
        else:
            days = ngettext(
                "{n} working day at the host",
                "{n} working days at the host",
                settlement.working_days,
            ).format(n=settlement.working_days)
            text = _("{amount} ({days})").format(
                amount=display.money(settlement.amount_due), days=days
            )
            if settlement.reduction_reason:
                text += "\n" + settlement.reduction_reason + "."
                style.coloured(self.amount, WARN if settlement.eligible else BAD)
            self.amount.setText(text)
        self.form.addRow(_("Amount due:"), self.amount)
        self.waivers: dict[EvidenceKind, tuple[QCheckBox, QLineEdit]] = {}
        for kind in missing:
            box = QCheckBox(_("Waive: {kind}").format(kind=_(EVIDENCE_KIND_LABELS[kind])), self)
            reason = QLineEdit(self)
            reason.setAccessibleName(_("Reason for waiving {kind}").format(kind=kind.value))
            reason.setPlaceholderText(_("Reason (required to waive)"))
            reason.setEnabled(False)
            box.toggled.connect(reason.setEnabled)
            self.form.addRow(box)
            self.form.addRow(_("Reason:"), reason)
            self.waivers[kind] = (box, reason)
        self.obstacles = QLabel("\n".join("• " + o for o in obstacles), self)
        self.obstacles.setWordWrap(True)
        self.obstacles.setAccessibleName(_("What stands in the way"))
        style.coloured(self.obstacles, BAD)
        self.obstacles.setVisible(bool(obstacles))
        self.outer.addWidget(self.obstacles)
        self.finish_layout()

    def check(self) -> bool:
        for box, reason in self.waivers.values():
            if box.isChecked() and not reason.text().strip():
                say(self.problem, _("Give the reason for each kind of evidence you waive."))
                reason.setFocus()
                return False
        return True

    def values(self) -> dict[str, object]:
        return {
            "on": pydate(self.on.date()),
            "waivers": [
                (kind, reason.text().strip())
                for kind, (box, reason) in self.waivers.items()
                if box.isChecked()
            ],
        }
