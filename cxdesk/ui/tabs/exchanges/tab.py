"""The Exchanges tab: every exchange, the selected one, its editor and next steps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import N_, _, ngettext
from cxdesk.core.progress import Progress
from cxdesk.domain.codes import ECOSYSTEM_LABELS, STATUS_LABELS, Ecosystem, Status
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.filters import ExchangeFilter, Page, Sort
from cxdesk.domain.lifecycle import allowed_transitions
from cxdesk.services import browse, closing, display, printing
from cxdesk.services.browse import ExchangeLine
from cxdesk.ui import prompts, tasks, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.style import MUTED
from cxdesk.ui.table.filter_bar import FilterBar
from cxdesk.ui.table.lazy_model import Column, LazyTableModel
from cxdesk.ui.tabs.exchanges.closing_actions import ClosingActions
from cxdesk.ui.tabs.exchanges.drops import FileDrops
from cxdesk.ui.tabs.exchanges.editor import ExchangeEditor
from cxdesk.ui.tabs.exchanges.pane import ExchangePane
from cxdesk.ui.tabs.exchanges.send_action import SendAction
from cxdesk.ui.tabs.exchanges.sign_action import SignAction
from cxdesk.ui.tabs.table_tab import TableTab
from cxdesk.ui.widgets.badges import STATUS_ROLE, StatusDelegate, status_label
from cxdesk.ui.widgets.pdf_preview import PdfPreview, make_preview, print_with_dialog


class ExchangeSource:
    """The exchanges table's rows, ids first, through the browse service."""

    def __init__(self, context: UiContext) -> None:
        self.context = context

    def page(self, flt: ExchangeFilter, sort: Sort | None, limit: int) -> Page:
        return browse.exchange_page(self.context.db, flt, sort, limit)

    def ids(self, flt: ExchangeFilter, sort: Sort | None, offset: int, limit: int) -> list[int]:
        return browse.exchange_ids(self.context.db, flt, sort, offset, limit)

    def lines(self, ids: Sequence[int]) -> dict[int, ExchangeLine]:
        return browse.exchange_lines(self.context.db, ids)


def _status_roles(line: ExchangeLine, role: int) -> Any:
    if role == STATUS_ROLE:
        return line.status
    return None


def _muted_when_void(line: ExchangeLine, role: int) -> Any:
    if role == Qt.ItemDataRole.ForegroundRole and line.status in ("cancelled", "rejected"):
        return QColor(MUTED)
    return None


def _money_roles(line: ExchangeLine, role: int) -> Any:
    if role == Qt.ItemDataRole.ForegroundRole and line.lump_sum is None:
        return QColor(MUTED)
    return _muted_when_void(line, role)


def _lump_sum(line: ExchangeLine) -> str:
    return display.money(line.lump_sum) if line.lump_sum is not None else _("not granted")


EXCHANGE_COLUMNS: list[Column[ExchangeLine]] = [
    Column("reference", N_("Reference"), lambda x: x.reference, roles=_muted_when_void),
    Column("status", N_("Status"), lambda x: status_label(x.status), roles=_status_roles),
    Column("visitor", N_("Visitor"), lambda x: x.visitor, roles=_muted_when_void),
    Column(
        "visiting_organisation",
        N_("Visiting organisation"),
        lambda x: x.visiting_organisation,
        roles=_muted_when_void,
    ),
    Column(
        "visiting_country",
        N_("From"),
        lambda x: x.visiting_country,
        tooltip=lambda x: display.country_with_code(x.visiting_country),
        roles=_muted_when_void,
    ),
    Column(
        "host_organisation",
        N_("Host organisation"),
        lambda x: x.host_organisation,
        roles=_muted_when_void,
    ),
    Column(
        "host_country",
        N_("To"),
        lambda x: x.host_country,
        tooltip=lambda x: display.country_with_code(x.host_country),
        roles=_muted_when_void,
    ),
    Column("start_date", N_("Start"), lambda x: display.day(x.start_date), roles=_muted_when_void),
    Column("end_date", N_("End"), lambda x: display.day(x.end_date), roles=_muted_when_void),
    Column("lump_sum", N_("Lump sum"), _lump_sum, align_right=True, roles=_money_roles),
]


class ExchangesTab(TableTab):
    ROW_TABLES = frozenset({"exchanges", "organisations", "people"})
    PANE_TABLES = frozenset(
        {"exchanges", "payments", "organisations", "people", *closing.CLOSING_TABLES}
        | {"commitments", "sepa_batches", "sepa_items"}
    )
    ORIENTATION = Qt.Orientation.Vertical  # ten columns want the window's whole width
    name = "exchanges"

    def count_text(self, total: int) -> str:
        return ngettext("{n} exchange", "{n} exchanges", total)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        self.editor: ExchangeEditor | None = None  # the open editor, if any
        super().__init__(context, parent)
        self.table.setItemDelegateForColumn(1, StatusDelegate(self.table))
        pane = self.exchange_pane
        pane.editRequested.connect(self.edit_selected)
        pane.moveRequested.connect(lambda status: self.move_selected(Status(status)))
        pane.previewRequested.connect(self.preview_agreement)
        pane.printRequested.connect(self.print_agreement)
        # Several rows at once (Ctrl/Shift+click) for "Print agreements for the selection".
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.preview: PdfPreview | None = None
        self.closing = ClosingActions(self, context, lambda: pane.detail, self.show_exchange)
        self.sending = SendAction(self, context, lambda: pane.detail)
        pane.sendRequested.connect(self.sending.send)
        self.signing = SignAction(self, context, lambda: pane.detail, self.sending.send_file)
        pane.signRequested.connect(self.signing.sign)
        self._wire_closing()

    def _wire_closing(self) -> None:
        """The Report section, the evidence checklist, the papers, and files dropped on a row
        or on the pane."""
        pane, acts = self.exchange_pane, self.closing
        pane.report.typeRequested.connect(acts.type_report)
        pane.report.receiveRequested.connect(acts.receive_report)
        pane.report.validateRequested.connect(acts.validate)
        pane.report.payRequested.connect(acts.pay)
        pane.report.bankRequested.connect(acts.bank_details)
        pane.evidence.attachRequested.connect(acts.attach)
        pane.evidence.waiveRequested.connect(acts.waive)
        pane.evidence.unwaiveRequested.connect(acts.unwaive)
        pane.evidence.openRequested.connect(acts.open_evidence)
        pane.evidence.removeRequested.connect(acts.remove_evidence)
        pane.reportFormRequested.connect(acts.report_form)
        pane.certificateRequested.connect(acts.certificate)
        pane.commitmentRequested.connect(acts.commitment)
        self.row_drops = FileDrops(self.table.viewport(), self._uid_at, acts.drop_files)
        self.pane_drops = FileDrops(pane.viewport(), lambda _p: self.selected_uid, acts.drop_files)

    def _uid_at(self, point: QPoint) -> str:
        """The exchange of the table row under `point` ("" between rows)."""
        index = self.table.indexAt(point)
        line = self.model.line(index.row()) if index.isValid() else None
        return str(getattr(line, "uid", "")) if line is not None else ""

    @property
    def exchange_pane(self) -> ExchangePane:
        assert isinstance(self.pane, ExchangePane)
        return self.pane

    def make_filter_bar(self, parent: QWidget) -> FilterBar:
        bar = FilterBar(_("Reference or name (Ctrl+F)"), parent)
        bar.add_combo("status", _("Status"), [(_(STATUS_LABELS[s]), s.value) for s in Status])
        ecosystems = sorted((_(ECOSYSTEM_LABELS[e]), e.value) for e in Ecosystem)
        bar.add_combo("ecosystem", _("Ecosystem"), ecosystems)
        countries = sorted(participating_countries(today_utc()), key=display.country)
        bar.add_combo("host_country", _("Host in"), [(display.country(c), c) for c in countries])
        bar.add_date("from", _("From"))
        bar.add_date("to", _("to"))
        return bar

    def make_model(self) -> LazyTableModel[Any, Any]:
        model: LazyTableModel[Any, Any] = LazyTableModel(
            ExchangeSource(self.context),
            EXCHANGE_COLUMNS,
            ExchangeFilter(),
            Sort("start_date", descending=True),
            self,
        )
        # Words look through names of people and organisations: off the GUI thread.
        model.slow_filter = lambda flt: bool(flt.text.strip())
        return model

    def make_pane(self, parent: QWidget) -> QWidget:
        return ExchangePane(parent)

    def table_name(self) -> str:
        return _("Exchanges")

    def default_widths(self) -> None:
        # A date of each month, the 28th: the longest month names in the language fit.
        days = [display.day(date(2026, month, 28)) for month in range(1, 13)]
        self.table.set_widths([105, 105, 160, 215, 45, 215, 45, 105, 105], {7: days, 8: days})

    def current_filter(self) -> ExchangeFilter:
        bar = self.filter_bar
        status = bar.value("status")
        return ExchangeFilter(
            text=bar.text.text(),
            statuses=frozenset({status}) if status else frozenset(),
            ecosystem=bar.value("ecosystem"),
            host_country=bar.value("host_country"),
            starts_after=bar.day("from"),
            ends_before=bar.day("to"),
        )

    def show_selected(self, uid: str) -> None:
        pane = self.exchange_pane
        if not uid:
            pane.show_nothing()
            self.selection_changed.emit()
            return
        try:
            detail = browse.exchange_detail(self.context.db, uid)
        except UserError:  # gone meanwhile (an undone creation, an import)
            self.selected_uid = ""
            pane.show_nothing()
            self.selection_changed.emit()
            return
        pane.show_detail(detail)
        from cxdesk.services.signature_check import signed_lines  # pyHanko-free, but not at start

        pane.show_signed(signed_lines(self.context.db, uid))
        if pane.wants_closing():
            try:
                pane.show_closing(closing.closing_state(self.context.db, uid))
            except UserError as exc:  # shown as far as it goes; the sentence in the status bar
                self.context.status.emit(exc.message)
        self.selection_changed.emit()

    # -- printing ---------------------------------------------------------------------------
    def preview_agreement(self) -> PdfPreview | None:
        """The selected exchange's agreement on screen, in its visitor's language."""
        detail = self.exchange_pane.detail
        if detail is None:
            return None
        try:
            path = printing.agreement_for_printing(self.context.db, detail.exchange.uid)
            self.preview = make_preview(
                path,
                _("Grant agreement {reference}").format(reference=detail.exchange.reference),
                printing.file_name(detail.exchange.reference),
                self,
            )
        except UserError as exc:
            prompts.refused(self, exc)
            return None
        self.preview.show()
        return self.preview

    def print_agreement(self) -> None:
        detail = self.exchange_pane.detail
        if detail is None:
            return
        try:
            path = printing.agreement_for_printing(self.context.db, detail.exchange.uid)
        except UserError as exc:
            prompts.refused(self, exc)
            return
        title = _("Grant agreement {reference}").format(reference=detail.exchange.reference)
        if print_with_dialog(self, [path], title):
            self.context.status.emit(
                _("Agreement {reference} sent to the printer.").format(
                    reference=detail.exchange.reference
                )
            )

    def print_selected_agreements(self) -> None:
        """The agreements of every selected row, made off the GUI thread, then one print job."""
        uids = self.selected_uids()
        if not uids:
            prompts.refused(self, UserError(_("Select the exchanges whose agreements to print.")))
            return
        db = self.context.db

        def work(progress: Progress) -> object:
            return printing.agreements_for_printing(db, uids, progress)

        def done(paths: object) -> None:
            assert isinstance(paths, list)
            title = ngettext("{n} grant agreement", "{n} grant agreements", len(paths)).format(
                n=len(paths)
            )
            if paths and print_with_dialog(self, paths, title):
                self.context.status.emit(_("{title} sent to the printer.").format(title=title))

        tasks.run_task(
            self,
            _("Making agreements"),
            work,
            done,
            lambda exc: (
                prompts.refused(self, exc)
                if isinstance(exc, UserError)
                else prompts.tell(self, _("Not done"), str(exc))
            ),
        )

    def selected_status(self) -> Status | None:
        detail = self.exchange_pane.detail
        return detail.exchange.status if detail else None

    def show_exchange(self, uid: str) -> None:
        """Show one exchange (from the members pane), even when the filter hides its row."""
        self.ensure_loaded()
        self.selected_uid = uid
        self.show_selected(uid)

    # -- editing ----------------------------------------------------------------------------------
    def new_exchange(self) -> ExchangeEditor:
        self.editor = ExchangeEditor(self.context, None, self)
        self.editor.accepted.connect(self._editor_saved)
        self.editor.open()
        return self.editor

    def edit_selected(self) -> None:
        if not self.selected_uid:
            return
        try:
            exchange = browse.exchange(self.context.db, self.selected_uid)
        except UserError as exc:
            prompts.refused(self, exc)
            return
        self.editor = ExchangeEditor(self.context, exchange, self)
        self.editor.accepted.connect(self._editor_saved)
        self.editor.open()

    def _editor_saved(self) -> None:
        if self.editor is not None and self.editor.saved_uid:
            self.selected_uid = self.editor.saved_uid
            self.show_selected(self.selected_uid)

    def move_selected(self, status: Status) -> None:
        """Take the selected exchange one step along its lifecycle; a refusal says why."""
        uid = self.selected_uid
        current = self.selected_status()
        if not uid or current is None:
            return
        if status not in allowed_transitions(current):
            prompts.tell(
                self,
                _("Not possible"),
                _("An exchange that is {status} cannot take this step.").format(
                    status=status_label(current)
                ),
            )
            return
        # Validation and payment have their own dialogs: what is owed, the waivers, the bank.
        if status is Status.REPORTED:
            self.closing.validate()
            return
        if status is Status.PAID:
            self.closing.pay()
            return
        reference = self.exchange_pane.title.text()
        if status in (Status.CANCELLED, Status.REJECTED) and not prompts.confirm(
            self,
            _("Cancel the exchange?") if status is Status.CANCELLED else _("Reject the exchange?"),
            _(
                "{reference} will be {status}; nothing follows that step (Undo can take it back)."
            ).format(reference=reference, status=status_label(status).lower()),
        ):
            return
        try:
            undo.move_exchange(self.context, uid, status)
        except UserError as exc:
            prompts.refused(self, exc)
