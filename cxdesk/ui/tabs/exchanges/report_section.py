"""The Report section of the exchange pane: the closing report, what is owed, its payment."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.i18n import _, ngettext
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import PAYMENT_DAYS
from cxdesk.domain.records import Payment
from cxdesk.services import display
from cxdesk.services.closing import ClosingState
from cxdesk.ui import style
from cxdesk.ui.style import BAD, MUTED, WARN
from cxdesk.ui.widgets.detail_pane import section_label

#: Characters of activities or results shown in the pane; the whole text is in the tooltip.
SHOWN_CHARS = 140
#: The statuses whose report can still change (a validated report no longer does).
OPEN_STATUSES = frozenset({Status.SIGNED, Status.COMPLETED})


def wants_report(status: Status, end: date, today: date) -> bool:
    """Whether the pane shows the Report section: completed or later, or signed and over."""
    if status in (Status.COMPLETED, Status.REPORTED, Status.PAID):
        return True
    return status is Status.SIGNED and end < today


def elided(text: str | None) -> str:
    """The first line of a long text, cut at a word, with … when there is more."""
    if not text:
        return "—"
    first = text.strip().splitlines()[0]
    if len(first) <= SHOWN_CHARS and first == text.strip():
        return first
    cut = first[:SHOWN_CHARS].rsplit(" ", 1)[0] if len(first) > SHOWN_CHARS else first
    return cut.rstrip(" ,;:") + " …"


class ReportSection(QWidget):
    """What the report says and what follows from it, with a button for each closing step."""

    typeRequested = Signal()  # noqa: N815
    receiveRequested = Signal()  # noqa: N815
    validateRequested = Signal()  # noqa: N815
    payRequested = Signal()  # noqa: N815
    bankRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-section")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(section_label(_("Closing report"), self))
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("received", _("Received on")),
            ("stay", _("Dates taken")),
            ("rating", _("Rating")),
            ("activities", _("Activities")),
            ("results", _("Results")),
            ("amount", _("Amount due")),
            ("payment", _("Payment")),
            ("bank", _("Paid to")),
            ("batch", _("SEPA batch")),
        ):
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(label + ":", self)
            form.addRow(caption, value)
            self.fields[key] = value
            if key == "batch":
                self.batch_caption = caption
        layout.addLayout(form)
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(6)
        buttons.setVerticalSpacing(4)
        self.type_button = self._button(_("&Type the report…"), self.typeRequested)
        self.receive_button = self._button(_("Receive a closing &report…"), self.receiveRequested)
        self.validate_button = self._button(_("&Validate report…"), self.validateRequested)
        self.pay_button = self._button(_("Pa&y…"), self.payRequested)
        self.bank_button = self._button(_("&Bank details…"), self.bankRequested)
        self.type_button.setToolTip(_("Type or correct the report the visitor sent"))
        self.receive_button.setToolTip(
            _("Read the form the visitor filled, with its evidence files")
        )
        self.validate_button.setToolTip(_("Check the report and work out the amount due"))
        self.pay_button.setToolTip(_("Record the payment of the amount due"))
        self.bank_button.setToolTip(_("IBAN, BIC and account holder of the visitor"))
        for i, button in enumerate(
            (
                self.type_button,
                self.receive_button,
                self.validate_button,
                self.bank_button,
                self.pay_button,
            )
        ):
            buttons.addWidget(button, i // 3, i % 3)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _button(self, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(signal)
        return button

    def show_state(self, state: ClosingState, payments: tuple[Payment, ...], today: date) -> None:
        x = state.exchange
        report = state.report
        f = self.fields
        status = Status(x.status)
        if report is None:
            f["received"].setText(_("not yet: type it or read the visitor's form in"))
            style.coloured(f["received"], WARN)
            for key in ("stay", "rating", "activities", "results"):
                f[key].setText("—")
                f[key].setToolTip("")
        else:
            f["received"].setText(display.day(report.received_on))
            style.coloured(f["received"], self.palette().text().color().name())
            start = report.actual_start or x.start_date
            end = report.actual_end or x.end_date
            stay = display.period(start, end)
            if (start, end) != (x.start_date, x.end_date):
                stay = _("{taken} (planned {planned})").format(
                    taken=stay, planned=display.period(x.start_date, x.end_date)
                )
            f["stay"].setText(stay)
            f["rating"].setText(
                _("{rating} of 5").format(rating=report.rating) if report.rating else "—"
            )
            for key, text in (("activities", report.activities), ("results", report.results)):
                f[key].setText(elided(text))
                f[key].setToolTip(text or "")
        f["amount"].setText(self._amount(state))
        self._payment(state, payments, today)
        f["bank"].setText(
            _("{iban} · {holder}").format(iban=state.masked_iban, holder=state.bank.account_holder)
            if state.bank is not None and state.masked_iban
            else _("no bank details yet")
        )
        f["batch"].setText(
            _("{batch}: waiting for the bank's confirmation").format(batch=state.open_batch)
            if state.open_batch
            else ""
        )
        f["batch"].setVisible(bool(state.open_batch))
        self.batch_caption.setVisible(bool(state.open_batch))
        # Only the steps still ahead are offered: a validated report no longer changes.
        editable = status in OPEN_STATUSES
        self.type_button.setVisible(editable)
        self.receive_button.setVisible(editable)
        self.validate_button.setVisible(editable)
        self.pay_button.setVisible(not editable)
        self.pay_button.setEnabled(status is Status.REPORTED and not state.open_batch)
        self.bank_button.setVisible(status is not Status.PAID)

    def _amount(self, state: ClosingState) -> str:
        granted = display.money(state.granted)
        if state.amount_due is None:
            return _("granted {granted}; worked out when the report is validated").format(
                granted=granted
            )
        text = display.money(state.amount_due)
        if state.reduction_reason:
            text = _("{amount} instead of {granted}. {reason}.").format(
                amount=text, granted=granted, reason=state.reduction_reason
            )
        return text

    def _payment(self, state: ClosingState, payments: tuple[Payment, ...], today: date) -> None:
        label = self.fields["payment"]
        status = Status(state.exchange.status)
        colour = self.palette().text().color().name()
        if payments:
            text = "; ".join(
                (
                    _("{amount} paid on {day}, bank reference {ref}")
                    if p.bank_reference
                    else _("{amount} paid on {day}")
                ).format(
                    amount=display.money(p.amount), day=display.day(p.paid_on), ref=p.bank_reference
                )
                for p in payments
            )
        elif status is Status.REPORTED and state.payment_due is not None:
            late = (today - state.payment_due).days
            if late > 0:
                text = ngettext(
                    "LATE: due by {day}, {n} day ago",
                    "LATE: due by {day}, {n} days ago",
                    late,
                ).format(day=display.day(state.payment_due), n=late)
                colour = BAD
            else:
                text = _("due by {day}").format(day=display.day(state.payment_due))
        else:
            text = ngettext(
                "due within {n} day of the validation",
                "due within {n} days of the validation",
                PAYMENT_DAYS,
            ).format(n=PAYMENT_DAYS)
            colour = MUTED
        label.setText(text)
        style.coloured(label, colour)
        font = label.font()
        font.setBold(colour == BAD)
        label.setFont(font)
