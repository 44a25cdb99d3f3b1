"""The Funding tab: the budget and what is granted, paid, left and forecast; payments due; rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money, format_number, format_percent, ngettext
from cxdesk.domain.records import Rate
from cxdesk.services import funding
from cxdesk.ui import tasks, undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.tabs.funding.cards import Card
from cxdesk.ui.tabs.funding.charts import CountryChart, MonthChart
from cxdesk.ui.tabs.funding.dialogs import PaymentDialog, RateTableDialog, decimal_of, money_box
from cxdesk.ui.tabs.funding.models import DueModel, RateModel
from cxdesk.ui.tabs.funding.report_dialog import ReportDialog
from cxdesk.ui.tabs.funding.retention_page import RetentionPage
from cxdesk.ui.tabs.funding.sepa_page import SepaPage
from cxdesk.ui.tabs.shown_tab import ShownTab


class FundingTab(ShownTab):
    """What the partnership has granted, paid and has left; who is to be paid, and when."""

    #: The changes that move a figure on this tab.
    CONCERNS = frozenset(
        {
            "exchanges",
            "payments",
            "partnerships",
            "rates",
            "reports",
            "sepa_batches",
            "sepa_items",
            "bank_details",
            "evidence",
            "desk_state",
        }
    )
    #: The pages on the right, by the name `show_page` takes.
    PAGES = ("months", "rates", "sepa", "retention")
    #: The figures on screen are up to date.
    loaded = Signal()
    #: Read the figures off the GUI thread (tests may switch it off).
    background = True

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today_utc()
        self.overview: funding.Overview | None = None
        self.payment_dialog: PaymentDialog | None = None
        self.rate_dialog: RateTableDialog | None = None
        self._generation = 0
        self._build()
        self.reload()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        cards = QHBoxLayout()
        cards.setSpacing(8)
        self.budget_card = Card(_("Budget"), "#36414c")
        self.granted_card = Card(_("Granted"), "#3b82c4")
        self.paid_card = Card(_("Paid"), "#2f6b3a")
        self.left_card = Card(_("Left to grant"), "#1f8a8a")
        self.forecast_card = Card(_("Forecast"), "#8e6fc9")
        self.due_card = Card(_("Payments due"), "#e08a1e")
        for card in (
            self.budget_card,
            self.granted_card,
            self.paid_card,
            self.left_card,
            self.forecast_card,
            self.due_card,
        ):
            cards.addWidget(card)
            card.body.addStretch(1)
        self.budget_box = money_box(Decimal(0), _("Budget"))
        self.budget_box.setToolTip(_("The partnership's ClusterXchange budget"))
        self.budget_box.setKeyboardTracking(False)
        self.save_budget_button = QPushButton(_("Save"))
        self.save_budget_button.setAccessibleName(_("Save the budget"))
        self.save_budget_button.clicked.connect(self.save_budget)
        self.budget_box.editingFinished.connect(self._budget_edited)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.budget_box, 1)
        row.addWidget(self.save_budget_button)
        self.budget_card.body.addLayout(row)
        layout.addLayout(cards)

        # Left: who is to be paid, and where the money goes; right: over time, and the rates.
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self._build_due())
        self.country_chart = CountryChart()
        left.addWidget(self.country_chart)
        left.setChildrenCollapsible(False)
        left.setSizes([300, 360])  # ten country names need the height to show
        self.pages = QTabWidget()
        self.month_chart = MonthChart()
        self.pages.addTab(self.month_chart, _("By month"))
        self.pages.addTab(self._build_rates(), _("Rate tables"))
        self.sepa_page = SepaPage(self.context, self.open_settings)
        self.pages.addTab(self.sepa_page, _("Payments by SEPA"))
        self.retention_page = RetentionPage(self.context)
        self.pages.addTab(self.retention_page, _("Past the audit period"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 560])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

    def _build_due(self) -> QWidget:
        box = QGroupBox(_("Payments due (within 10 days of the validated report)"))
        layout = QVBoxLayout(box)
        self.due_model = DueModel(self)
        self.due_view = QTableView()
        self.due_view.setModel(self.due_model)
        self.due_view.setAccessibleName(_("Payments due"))
        self.due_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.due_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.due_view.setAlternatingRowColors(False)
        self.due_view.verticalHeader().hide()
        self.due_view.setWordWrap(False)
        self.due_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Fixed starting widths: sizing to contents would read every row of a platform's list.
        header = self.due_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, chars in enumerate((12, 0, 11, 10, 12, 0)):
            if chars:
                # Never narrower than its title: "Kraj przyjmujący" is longer than "Host country".
                width = self.fontMetrics().averageCharWidth() * chars + 16
                header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        # The "When" column fits its longest sentence in this language, in the bold of a late one.
        bold = QFont(self.font())
        bold.setBold(True)
        samples = (
            ngettext("Late by {n} day", "Late by {n} days", 365).format(n=365),
            ngettext("Due in {n} day", "Due in {n} days", 10).format(n=10),
        )
        header.resizeSection(5, max(QFontMetrics(bold).horizontalAdvance(t) for t in samples) + 16)
        # The visitor's column takes what is left, never less than its title ("Άτομο σε
        # επίσκεψη"): a narrow window scrolls sideways rather than cut the title off.
        header.resizeSection(
            1, max(self.fontMetrics().averageCharWidth() * 22 + 16, header.sectionSizeHint(1))
        )
        header.setStretchLastSection(True)
        self.due_view.doubleClicked.connect(lambda _i: self.open_payment_dialog())
        self.due_view.activated.connect(lambda _i: self.open_payment_dialog())
        self.due_view.selectionModel().selectionChanged.connect(self._due_selection)
        layout.addWidget(self.due_view, 1)
        buttons = QHBoxLayout()
        self.pay_button = QPushButton(_("Record payment…"))
        self.pay_button.clicked.connect(self.open_payment_dialog)
        self.open_button = QPushButton(_("Open exchange"))
        self.open_button.clicked.connect(self._open_selected)
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.report_button = QPushButton(_("Report…"))
        self.report_button.setToolTip(_("The partnership's results for the agency, as XLSX or PDF"))
        self.report_button.clicked.connect(self.open_report_dialog)
        buttons.addWidget(self.report_button)
        layout.addLayout(buttons)
        return box

    def _build_rates(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.rate_model = RateModel(self._edit_ceiling, self)
        self.rate_view = QTableView()
        self.rate_view.setModel(self.rate_model)
        self.rate_view.setAccessibleName(_("Rate tables"))
        self.rate_view.verticalHeader().hide()
        self.rate_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rate_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.rate_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.rate_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.rate_view, 1)
        row = QHBoxLayout()
        self.add_table_button = QPushButton(_("Add a dated table…"))
        self.add_table_button.clicked.connect(self.open_rate_dialog)
        row.addWidget(self.add_table_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    # -- the contract with the main window -------------------------------------------------
    def focus_filter(self) -> None:
        self.due_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_page(self, name: str) -> None:
        """Show one of the pages on the right ("sepa", "retention", …)."""
        if name in self.PAGES:
            self.pages.setCurrentIndex(self.PAGES.index(name))

    def open_settings(self) -> QDialog:
        """File → Settings… (the partnership's account, the audit period)."""
        from cxdesk.ui.dialogs.settings import open_settings

        return open_settings(self)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        self.rate_model.set_rates(funding.rate_tables(self.context.db))
        self.sepa_page.reload()
        self.retention_page.reload()
        if not self.background:
            self._loaded(self._generation, self._read())
            return
        # A platform's figures take a while to read: off the GUI thread, tagged with the
        # generation that asked, so a read overtaken by a newer one is dropped when it lands.
        generation = self._generation
        read = tasks.Quiet(self._read, self)
        read.finished.connect(lambda result: self._loaded(generation, result))
        read.finished.connect(read.deleteLater)
        read.start()

    def _read(self) -> object:
        """The overview, or the exception that stopped it (handed to the GUI thread to judge)."""
        try:
            return funding.overview(self.context.db, self.today)
        except Exception as exc:  # noqa: BLE001 - _loaded tells a UserError, raises the rest
            return exc

    def wait_loaded(self) -> None:
        """Wait for a background read and show it (scripts and tests)."""
        QThreadPool.globalInstance().waitForDone()
        QCoreApplication.processEvents()

    def _loaded(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # an older read finished after a newer one started
        if isinstance(result, UserError):
            self.context.status.emit(str(result))
            return
        if isinstance(result, Exception):
            raise result
        assert isinstance(result, funding.Overview)
        self.overview = result
        self._show(result)
        self.loaded.emit()

    def _show(self, view: funding.Overview) -> None:
        f = view.figures
        self.budget_card.show_figure(
            format_money(f.budget),
            _("Partnership {name}").format(name=f.partnership) if f.partnership else
            _("No partnership yet"),
        )  # fmt: skip
        self.budget_box.setValue(float(f.budget))
        self.budget_box.setEnabled(f.partnership is not None)
        self.save_budget_button.setEnabled(f.partnership is not None)
        self.granted_card.show_figure(
            format_money(f.granted),
            ngettext(
                "{n} exchange approved or later", "{n} exchanges approved or later", f.granted_count
            ).format(n=format_number(f.granted_count)),
        )
        self.paid_card.show_figure(
            format_money(f.paid),
            _("{amount} owed, not paid yet").format(amount=format_money(f.to_pay)),
        )
        share = f.left / f.budget if f.budget else Decimal(0)
        self.left_card.show_figure(
            format_money(f.left),
            _("{percent} of the budget").format(percent=format_percent(share))
            if f.left >= 0
            else _("Over budget!"),
        )
        self.left_card.tint(self.left_card.value, "#b71c1c" if f.left < 0 else "#1f8a8a")
        self.forecast_card.show_figure(
            format_money(f.forecast),
            ngettext(
                "{n} draft or submitted: not spent yet",
                "{n} drafts and submitted: not spent yet",
                f.forecast_count,
            ).format(n=format_number(f.forecast_count)),
            _("What the drafts and submitted exchanges would be granted as quoted today."),
        )
        owed = sum((d.outstanding for d in view.due), Decimal("0.00"))
        late = len(view.late)
        self.due_card.show_figure(
            format_money(owed),
            ngettext("{n} to pay", "{n} to pay", len(view.due)).format(n=len(view.due))
            + (" · " + ngettext("{n} late", "{n} late", late).format(n=late) if late else ""),
        )
        self.due_card.tint(self.due_card.note, "#b71c1c" if late else "#5f6b76", bold=bool(late))
        selected = self.selected_due()
        self.due_model.set_lines(view.due, view.today)
        if selected is not None:
            for row, line in enumerate(self.due_model.items):
                if line.uid == selected:
                    self.due_view.selectRow(row)
        self._due_selection()
        self.month_chart.show_months(view.months)
        self.country_chart.show_countries(view.countries)

    # -- budget ----------------------------------------------------------------------------
    def _budget_edited(self) -> None:
        self.save_budget_button.setDefault(True)

    def save_budget(self) -> None:
        if self.overview is None:
            return
        old, new = self.overview.figures.budget, decimal_of(self.budget_box)
        if new == old:
            self.context.status.emit(_("The budget is unchanged."))
            return
        try:
            undo.set_budget(self.context, new)
        except UserError as exc:
            self.context.status.emit(str(exc))

    # -- payments --------------------------------------------------------------------------
    def selected_due(self) -> str | None:
        rows = self.due_view.selectionModel().selectedRows()
        return self.due_model.line(rows[0].row()).uid if rows else None

    def _due_selection(self, *_args: object) -> None:
        chosen = self.selected_due() is not None
        self.pay_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    def _open_selected(self) -> None:
        uid = self.selected_due()
        if uid:
            self.open_exchange_requested.emit(uid)

    def open_payment_dialog(self) -> PaymentDialog | None:
        rows = self.due_view.selectionModel().selectedRows()
        if not rows:
            return None
        line = self.due_model.line(rows[0].row())
        self.payment_dialog = PaymentDialog(line, self.today, self.pay, self)
        self.payment_dialog.open()
        return self.payment_dialog

    def pay(self, uid: str, amount: Decimal, paid_on: date, reference: str | None) -> str | None:
        """Record a payment; None when done, else why it was refused."""
        try:
            undo.pay(self.context, uid, amount, paid_on, reference)
        except UserError as exc:
            return str(exc)
        return None

    # -- the agency report -----------------------------------------------------------------
    def open_report_dialog(self) -> ReportDialog:
        self.report_dialog = ReportDialog(self.context, self)
        self.report_dialog.open()
        return self.report_dialog

    # -- rates -----------------------------------------------------------------------------
    def _edit_ceiling(self, rate: Rate, ceiling: Decimal) -> bool:
        try:
            undo.set_ceiling(self.context, rate, ceiling)
        except UserError as exc:
            self.context.status.emit(str(exc))
            return False
        return True

    def open_rate_dialog(self) -> RateTableDialog:
        start = date(self.today.year + 1, 1, 1)
        ceilings = funding.ceilings_on(self.context.db, start)
        self.rate_dialog = RateTableDialog(ceilings, start, self.add_rate_table, self)
        self.rate_dialog.open()
        return self.rate_dialog

    def add_rate_table(
        self,
        name: str,
        valid_from: date,
        valid_to: date | None,
        ceilings: dict[str, Decimal] | None,
    ) -> str | None:
        if ceilings is None:
            return _("Every ceiling must be an amount, such as 950.00.")
        try:
            undo.add_rate_table(self.context, name, valid_from, valid_to, ceilings)
        except UserError as exc:
            return str(exc)
        return None
