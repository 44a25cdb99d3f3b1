"""The exchanges tab's right side: the selected exchange, its amount, and its next steps."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import _, format_moment
from cxdesk.domain.codes import (
    GRANTED_STATUSES,
    PURPOSE_LABELS,
    STATUS_LABELS,
    TRAVEL_MODE_LABELS,
    VOID_STATUSES,
    Status,
)
from cxdesk.domain.lifecycle import ACTION_LABELS, allowed_transitions, payment_due
from cxdesk.services import display
from cxdesk.services.browse import ExchangeDetail
from cxdesk.services.closing import ClosingState
from cxdesk.ui import style
from cxdesk.ui.style import MUTED
from cxdesk.ui.tabs.exchanges.evidence_list import EvidenceChecklist
from cxdesk.ui.tabs.exchanges.report_section import ReportSection, wants_report
from cxdesk.ui.tabs.exchanges.verdict import verdict_html
from cxdesk.ui.widgets.badges import set_badge
from cxdesk.ui.widgets.detail_pane import DetailPane, section_label

#: A certificate tells the visit took place: once it is over (services.papers says the same).
CERTIFIED_STATUSES = frozenset({Status.COMPLETED, Status.REPORTED, Status.PAID})


def step_label(status: Status) -> str:
    """The button or menu text of a lifecycle step; "Cancel" alone reads like closing a dialog."""
    if status is Status.CANCELLED:
        return _("Cancel the exchange…")
    if status in (Status.REPORTED, Status.REJECTED):
        return _(ACTION_LABELS[status]) + "…"  # these ask something first
    return _(ACTION_LABELS[status])


def history_html(detail: ExchangeDetail) -> str:
    """Who changed what and when, newest last; the fields the platform has not confirmed yet."""
    lines = []
    for entry in detail.history:
        if entry.what == "created":
            what = _("created")
        elif entry.what == "deleted":
            what = _("deleted")
        elif entry.source == "mail":  # the outbox: "queued agreement to x@y", "sent …"
            what = f"{entry.field} {entry.new or ''}"
        else:
            what = entry.field or ""
        lines.append(
            _("{when} · {user}: {what}").format(
                when=format_moment(entry.at),
                user=html.escape(entry.who),
                what=html.escape(what),
            )
        )
    if detail.pending:
        lines.append(
            "<i>"
            + _("Waiting for the platform: {fields}").format(fields=", ".join(detail.pending))
            + "</i>"
        )
    return "<br>".join(lines) or "—"


class ExchangePane(DetailPane):
    """Read-only view of one exchange, with a button for each step its status allows."""

    editRequested = Signal()  # noqa: N815
    previewRequested = Signal()  # noqa: N815 - the agreement on screen
    printRequested = Signal()  # noqa: N815 - the agreement to a printer
    moveRequested = Signal(str)  # noqa: N815 - the status to move to
    reportFormRequested = Signal()  # noqa: N815
    certificateRequested = Signal()  # noqa: N815
    commitmentRequested = Signal()  # noqa: N815
    sendRequested = Signal()  # noqa: N815 - Send…: a document by e-mail (send_action.py)
    signRequested = Signal()  # noqa: N815 - Sign…: a paper with a certificate (sign_action.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Exchange details"), parent)
        self.detail: ExchangeDetail | None = None
        body = self.body
        layout = self.body_layout

        top = QHBoxLayout()
        self.status = QLabel(body)
        self.edit_button = QPushButton(_("&Edit…"), body)
        self.edit_button.setAccessibleName(_("Edit exchange"))
        self.edit_button.clicked.connect(self.editRequested)
        top.addWidget(self.title)
        top.addWidget(self.status)
        top.addStretch(1)
        self.preview_button = QPushButton(_("A&greement"), body)
        self.preview_button.setToolTip(_("The grant agreement on screen, to read, print or save"))
        self.preview_button.setAccessibleName(_("Preview agreement"))
        self.preview_button.clicked.connect(self.previewRequested)
        self.print_button = QPushButton(_("&Print…"), body)
        self.print_button.setToolTip(_("Print the grant agreement"))
        self.print_button.setAccessibleName(_("Print agreement"))
        self.print_button.clicked.connect(self.printRequested)
        top.addWidget(self.preview_button)
        top.addWidget(self.print_button)
        top.addWidget(self.edit_button)
        layout.addLayout(top)

        # Two columns: the exchange on the left; what can happen next and the rules on the right.
        columns = QHBoxLayout()
        columns.setSpacing(24)
        layout.addLayout(columns, 1)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("visitor", _("Visitor")),
            ("host", _("Host")),
            ("contact", _("Host contact")),
            ("dates", _("Dates")),
            ("purposes", _("Purposes")),
            ("ecosystem", _("Ecosystem")),
            ("travel", _("Travel")),
            ("money", _("Granted")),
            ("payment", _("Payment")),
            ("notes", _("Notes")),
        ):
            value = QLabel(body)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label + ":", value)
            self.fields[key] = value
        left = QVBoxLayout()
        left.addLayout(form)
        # Who changed what and when: the same history `cxdesk history` prints.
        left.addWidget(section_label(_("History"), body))
        self.history = QLabel(body)
        self.history.setWordWrap(True)
        self.history.setAccessibleName(_("History"))
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.history)
        left.addStretch(1)
        columns.addLayout(left, 3)

        right = QVBoxLayout()
        right.setSpacing(4)
        columns.addLayout(right, 2)
        right.addWidget(section_label(_("Next steps"), body))
        self.steps = QGridLayout()
        self.steps.setHorizontalSpacing(6)
        self.steps.setVerticalSpacing(4)
        right.addLayout(self.steps)
        self.step_buttons: dict[Status, QPushButton] = {}
        self.no_steps = QLabel(body)
        self.no_steps.setWordWrap(True)
        style.coloured(self.no_steps, MUTED)
        right.addWidget(self.no_steps)

        right.addWidget(section_label(_("Papers"), body))
        papers = QGridLayout()
        papers.setHorizontalSpacing(6)
        self.report_form_button = QPushButton(_("Closing-report &form…"), body)
        self.report_form_button.setToolTip(
            _("The form the visitor fills after the visit, in the visitor's language")
        )
        self.report_form_button.clicked.connect(self.reportFormRequested)
        self.certificate_button = QPushButton(_("&Certificate of participation…"), body)
        self.certificate_button.setToolTip(_("Once the exchange is completed"))
        self.certificate_button.clicked.connect(self.certificateRequested)
        self.commitment_button = QPushButton(_("Co&mmitment content…"), body)
        self.commitment_button.setToolTip(
            _("Goals, objectives and the day-by-day agenda the Commitment to Quality prints")
        )
        self.commitment_button.clicked.connect(self.commitmentRequested)
        self.send_button = QPushButton(_("Se&nd…"), body)
        self.send_button.setToolTip(_("A document of the exchange by e-mail, through the outbox"))
        self.send_button.clicked.connect(self.sendRequested)
        self.sign_button = QPushButton(_("&Sign…"), body)
        self.sign_button.setToolTip(
            _("The agreement or the Commitment to Quality signed with your certificate")
        )
        self.sign_button.clicked.connect(self.signRequested)
        for i, button in enumerate(self._paper_buttons()):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            papers.addWidget(button, i // 2, i % 2)
        right.addLayout(papers)
        # The signed papers received (a signed PDF dropped here, or `cxdesk signed-in`).
        self.signed = QLabel(body)
        self.signed.setWordWrap(True)
        self.signed.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        self.signed.setAccessibleName(_("Signed papers"))
        self.signed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.signed)

        right.addWidget(section_label(_("The rules today"), body))
        self.verdict = QLabel(body)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(_("The rules today"))
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.verdict)
        right.addStretch(1)

        # After the visit: the report and what is owed on the left, the evidence on the right.
        self.closing_box = QWidget(body)
        closing = QHBoxLayout(self.closing_box)
        closing.setContentsMargins(0, 8, 0, 0)
        closing.setSpacing(24)
        self.report = ReportSection(self.closing_box)
        self.evidence = EvidenceChecklist(self.closing_box)
        closing.addWidget(self.report, 1)
        closing.addWidget(self.evidence, 1)
        layout.addWidget(self.closing_box)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.detail = None
        self.title.setText(_("No exchange selected"))
        self.status.clear()
        self.status.setStyleSheet("")
        for value in self.fields.values():
            value.clear()
        self.fields["visitor"].setText(_("Choose an exchange in the list to see it here."))
        self._set_steps(())
        self.no_steps.clear()
        self.verdict.clear()
        self.history.clear()
        self.signed.clear()
        self.edit_button.setEnabled(False)
        self.closing_box.hide()
        for button in self._paper_buttons():
            button.setEnabled(False)

    def _paper_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.report_form_button,
            self.certificate_button,
            self.sign_button,  # next to Send…: a paper signed, then sent
            self.send_button,
            self.commitment_button,
        )

    def show_detail(self, detail: ExchangeDetail) -> None:
        self.detail = detail
        x = detail.exchange
        self.edit_button.setEnabled(True)
        self.title.setText(x.reference)
        set_badge(self.status, x.status)
        f = self.fields
        f["visitor"].setText(
            _("{person}, {organisation} ({country})").format(
                person=detail.visitor,
                organisation=detail.visiting_organisation,
                country=display.country(detail.visiting_country),
            )
        )
        f["host"].setText(
            _("{organisation} ({country})").format(
                organisation=detail.host_organisation,
                country=display.country(detail.host_country),
            )
        )
        f["contact"].setText(detail.host_contact or "—")
        f["dates"].setText(display.period(x.start_date, x.end_date))
        f["purposes"].setText(", ".join(_(PURPOSE_LABELS[p]) for p in x.purposes) or "—")
        f["ecosystem"].setText(display.ecosystem(x.ecosystem) or "—")
        f["travel"].setText(_(TRAVEL_MODE_LABELS[x.travel_mode]))
        f["money"].setText(self._granted(detail))
        f["payment"].setText(self._payment(detail))
        f["notes"].setText(x.notes or "—")
        self._set_steps(allowed_transitions(x.status))
        self.no_steps.setText(
            ""
            if allowed_transitions(x.status)
            else _("The exchange is {status}: nothing follows.").format(
                status=_(STATUS_LABELS[x.status])
            )
        )
        self.verdict.setText(verdict_html(detail.verdict, detail.host_country))
        self.history.setText(history_html(detail))
        status = Status(x.status)
        self.report_form_button.setEnabled(status in GRANTED_STATUSES)
        self.certificate_button.setEnabled(status in CERTIFIED_STATUSES)
        self.commitment_button.setEnabled(status not in VOID_STATUSES)
        self.send_button.setEnabled(status not in VOID_STATUSES)
        # The service signs an approved exchange's papers only (the CLI's rule too).
        self.sign_button.setEnabled(status is Status.APPROVED)
        self.sign_button.setToolTip(
            _("The agreement or the Commitment to Quality signed with your certificate")
            if status is Status.APPROVED
            else _("Once the exchange is approved")
        )
        if not wants_report(status, x.end_date, today_utc()):
            self.closing_box.hide()

    def show_signed(self, lines: list[str]) -> None:
        """The signed papers kept for the shown exchange, a line each, with who signed."""
        self.signed.setText(_("Signed: {papers}").format(papers="\n".join(lines)) if lines else "")
        self.signed.setVisible(bool(lines))

    def wants_closing(self) -> bool:
        """Whether the shown exchange is far enough along for its Report section."""
        if self.detail is None:
            return False
        x = self.detail.exchange
        return wants_report(Status(x.status), x.end_date, today_utc())

    def show_closing(self, state: ClosingState) -> None:
        """The report, what is owed, and the evidence checklist (after `show_detail`)."""
        payments = self.detail.payments if self.detail is not None else ()
        self.report.show_state(state, payments, today_utc())
        editable = Status(state.exchange.status) in (Status.SIGNED, Status.COMPLETED)
        self.evidence.show_state(state, editable)
        self.closing_box.show()

    def _granted(self, detail: ExchangeDetail) -> str:
        x = detail.exchange
        if x.lump_sum is None:
            return _("not yet: the amount is granted on approval")
        text = display.money(x.lump_sum)
        how = []
        if detail.granted_ceiling is not None:
            how.append(_("ceiling {amount}").format(amount=display.money(detail.granted_ceiling)))
        if detail.granted_halved_because:
            how.append(_("halved: {why}").format(why=detail.granted_halved_because))
        if detail.granted_rates:
            how.append(detail.granted_rates)
        return text + (" (" + "; ".join(how) + ")" if how else "")

    def _payment(self, detail: ExchangeDetail) -> str:
        x = detail.exchange
        if detail.payments:
            return "; ".join(
                _("{amount} paid on {day}").format(
                    amount=display.money(p.amount), day=display.day(p.paid_on)
                )
                for p in detail.payments
            )
        due = payment_due(x)
        if due is not None:
            return _("due by {day} (report validated on {validated})").format(
                day=display.day(due), validated=display.day(x.report_validated_on)
            )
        return "—"

    def _set_steps(self, statuses: tuple[Status, ...]) -> None:
        for button in self.step_buttons.values():
            self.steps.removeWidget(button)
            button.deleteLater()
        self.step_buttons = {}
        for i, status in enumerate(statuses):
            label = step_label(status)
            button = QPushButton(label, self.widget())
            button.setAccessibleName(label.rstrip("…"))
            button.clicked.connect(lambda _checked=False, s=status: self.moveRequested.emit(s))
            self.steps.addWidget(button, i // 3, i % 3)
            self.step_buttons[status] = button
