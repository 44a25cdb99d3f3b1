"""The closing steps that open a dialog: its OK calls the service and goes on the undo stack
(undo.closing_step); a refusal stays in the dialog, in one sentence, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.domain.closing import missing_kinds, settle, stay_of
from cxdesk.domain.codes import EvidenceKind, Status
from cxdesk.domain.records import Change
from cxdesk.services import closing
from cxdesk.services.browse import ExchangeDetail
from cxdesk.services.closing import ClosingState
from cxdesk.ui import prompts, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.dialogs.bank_details import BankDetailsDialog
from cxdesk.ui.dialogs.closing_base import ClosingDialog
from cxdesk.ui.dialogs.closing_pay import PayDialog
from cxdesk.ui.dialogs.closing_report import ReportDialog
from cxdesk.ui.dialogs.closing_validate import ValidateDialog
from cxdesk.ui.dialogs.closing_waive import WaiveDialog
from cxdesk.ui.dialogs.commitment import CommitmentDialog
from cxdesk.ui.widgets.pdf_preview import PdfPreview


class ClosingSteps(QObject):
    """The exchange the pane shows, its refusals told, and the steps asked in a dialog;
    `dialog` is the one open (tests fill it), `preview` the last paper shown."""

    def __init__(
        self,
        parent: QWidget,
        context: UiContext,
        detail: Callable[[], ExchangeDetail | None],
        show_exchange: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.widget = parent
        self.context = context
        self.detail = detail
        self.show_exchange = show_exchange
        self.dialog: QDialog | None = None
        self.preview: PdfPreview | None = None

    # -- helpers ----------------------------------------------------------------------------
    def refused(self, exc: UserError) -> None:
        self.context.status.emit(exc.message)
        prompts.refused(self.widget, exc)

    def _selected(self) -> tuple[str, str] | None:
        detail = self.detail()
        if detail is None:
            self.refused(UserError(_("Select an exchange first, in the list of exchanges.")))
            return None
        return detail.exchange.uid, detail.exchange.reference

    def _state(self, uid: str) -> ClosingState | None:
        try:
            return closing.closing_state(self.context.db, uid)
        except UserError as exc:
            self.refused(exc)
            return None

    def _step(self, text: str, run: Callable[[], Change]) -> Change | None:
        """Run one service call and record it; a refusal told, None returned."""
        try:
            return undo.closing_step(self.context, text, run())
        except UserError as exc:
            self.refused(exc)
            return None

    def _chosen_state(self) -> tuple[str, str, ClosingState] | None:
        """The selected exchange's uid, reference and closing state; a refusal told, else None."""
        chosen = self._selected()
        state = self._state(chosen[0]) if chosen else None
        if chosen is None or state is None:
            return None
        return chosen[0], chosen[1], state

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    def _open_step(
        self, dialog: ClosingDialog, text: str, run: Callable[[], Change], tell: bool = False
    ) -> None:
        """Open the dialog; its OK runs the service and puts the step on the undo stack as
        `text`. A refusal stays in the dialog to be corrected (with `tell`, also said aloud)."""

        def save() -> None:
            try:
                change = run()
            except UserError as exc:
                if tell:
                    self.refused(exc)
                raise
            undo.closing_step(self.context, text, change)

        dialog.save = save
        self._open(dialog)

    # -- the report ---------------------------------------------------------------------------
    def type_report(self) -> None:
        found = self._chosen_state()
        if found is None:
            return
        uid, reference, state = found
        dialog = ReportDialog(state.exchange, state.report, self.widget)
        self._open_step(
            dialog,
            _("Type the report of {reference}").format(reference=reference),
            lambda: closing.save_report(self.context.db, uid, **dialog.values()),  # type: ignore[arg-type]
        )

    # -- validation and payment ------------------------------------------------------------
    def validate(self) -> None:
        detail = self.detail()
        found = self._chosen_state()
        if found is None or detail is None:
            return
        uid, reference, state = found
        x = state.exchange
        start, end = stay_of(x, state.report)
        settlement = None
        if x.lump_sum is not None:
            settlement = settle(
                granted=x.lump_sum,
                ceiling=detail.granted_ceiling,
                already_halved=bool(detail.granted_halved_because),
                host_country=detail.host_country,
                start=start,
                end=end,
            )
        missing = missing_kinds(state.checklist)
        obstacles = list(state.can_validate_reasons)
        if missing and Status(x.status) is Status.COMPLETED:
            # The missing evidence is said last; the dialog offers a waiver for each kind instead.
            obstacles = obstacles[:-1]
        dialog = ValidateDialog(
            reference, (start, end), x.lump_sum, settlement, missing, tuple(obstacles), self.widget
        )

        def run() -> Change:
            values = dialog.values()
            return closing.validate_report(
                self.context.db,
                uid,
                on=values["on"],  # type: ignore[arg-type]
                waivers=values["waivers"],  # type: ignore[arg-type]
            )

        text = _("Validate the report of {reference}").format(reference=reference)
        self._open_step(dialog, text, run, tell=True)

    def pay(self) -> None:
        found = self._chosen_state()
        if found is None:
            return
        uid, reference, state = found
        account = None
        if state.bank is not None:
            account = _("{iban} · {holder}").format(
                iban=state.masked_iban, holder=state.bank.account_holder
            )
        dialog = PayDialog(
            reference,
            state.amount_due if state.amount_due is not None else state.granted,
            state.payment_due,
            account,
            self.widget,
        )

        def run() -> Change:
            values = dialog.values()
            return closing.pay(
                self.context.db,
                uid,
                on=values["on"],  # type: ignore[arg-type]
                bank_reference=values["bank_reference"],  # type: ignore[arg-type]
            )

        self._open_step(dialog, _("Pay {reference}").format(reference=reference), run)

    def bank_details(self) -> None:
        found = self._chosen_state()
        if found is None:
            return
        uid, reference, state = found
        dialog = BankDetailsDialog(reference, state.bank, self.widget)
        self._open_step(
            dialog,
            _("Bank details of {reference}").format(reference=reference),
            lambda: closing.set_bank_details(self.context.db, uid, **dialog.values()),  # type: ignore[arg-type]
        )

    def waive(self, kind: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        uid, reference = chosen
        dialog = WaiveDialog(reference, EvidenceKind(kind), self.widget)
        self._open_step(
            dialog,
            _("Waive {kind} evidence of {reference}").format(kind=kind, reference=reference),
            lambda: closing.waive(self.context.db, uid, kind, dialog.reason_text()),
        )

    def commitment(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        uid, reference = chosen
        try:
            kept = closing.commitment_of(self.context.db, uid)
        except UserError as exc:
            self.refused(exc)
            return
        dialog = CommitmentDialog(reference, kept, self.widget)
        self._open_step(
            dialog,
            _("Commitment to Quality of {reference}").format(reference=reference),
            lambda: closing.save_commitment(self.context.db, uid, **dialog.values()),
        )
