"""The Members tab: every organisation, filtered as you type, and the selected one in detail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import N_, _, ngettext
from cxdesk.db.deferred import DeferredDatabase
from cxdesk.db.first_page import FirstOrgLine, FirstPage
from cxdesk.domain.codes import ORG_KIND_LABELS, OrgKind
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.filters import OrgFilter, Page, Sort
from cxdesk.domain.records import Change, Organisation
from cxdesk.services import display
from cxdesk.ui import prompts
from cxdesk.ui.context import UiContext
from cxdesk.ui.table.filter_bar import FilterBar
from cxdesk.ui.table.lazy_model import FIRST_IDS, Column, LazyTableModel
from cxdesk.ui.tabs.members.pane import OrganisationPane
from cxdesk.ui.tabs.table_tab import TableTab

if TYPE_CHECKING:
    # The editor and the write path are imported when a record is first edited, not at start.
    from cxdesk.services.browse import Choice, OrgLine
    from cxdesk.ui.tabs.members.dialog import OrganisationDialog


def _browse() -> Any:
    # The browse service loads SQLAlchemy and the models: imported once the first rows are
    # painted (or the first time more than they are asked for), not at start.
    from cxdesk.services import browse

    return browse


class OrganisationSource:
    """The members table's rows, ids first, through the browse service.

    While the database is still deferred (`db.deferred`), the first rows of the unfiltered
    table come from what was read with plain sqlite3 before the window was built: the same
    query, so the same rows in the same order. Anything else opens the database.
    """

    def __init__(self, context: UiContext) -> None:
        self.context = context

    def _first(self, flt: OrgFilter, sort: Sort | None) -> FirstPage | None:
        db = self.context.db
        if not isinstance(db, DeferredDatabase) or db.opened or flt != OrgFilter():
            return None
        first = db.first_page
        key, descending = (sort.column, sort.descending) if sort else ("name", False)
        return first if (first.sort, first.descending) == (key, descending) else None

    def page(self, flt: OrgFilter, sort: Sort | None, limit: int) -> Page:
        return _browse().organisation_page(self.context.db, flt, sort, limit)  # type: ignore[no-any-return]

    def ids(self, flt: OrgFilter, sort: Sort | None, offset: int, limit: int) -> list[int]:
        first = self._first(flt, sort)
        if first is not None and offset == 0 and limit <= FIRST_IDS:
            return first.ids[:limit]
        return _browse().organisation_ids(self.context.db, flt, sort, offset, limit)  # type: ignore[no-any-return]

    def lines(self, ids: Sequence[int]) -> Mapping[int, OrgLine | FirstOrgLine]:
        db = self.context.db
        if isinstance(db, DeferredDatabase) and not db.opened:
            known = db.first_page.lines
            if all(i in known for i in ids):
                return {i: known[i] for i in ids}
        return _browse().organisation_lines(self.context.db, ids)  # type: ignore[no-any-return]


ORG_COLUMNS: list[Column[OrgLine | FirstOrgLine]] = [
    Column("name", N_("Name"), lambda x: x.name),
    Column("kind", N_("Kind"), lambda x: display.kind(x.kind)),
    Column(
        "country",
        N_("Country"),
        lambda x: display.country(x.country),
        tooltip=lambda x: display.country_with_code(x.country),
    ),
    Column("city", N_("City"), lambda x: x.city),
    Column("partnership", N_("Partnership"), lambda x: x.partnership or ""),
    Column(None, N_("Ecosystems"), lambda x: display.ecosystems(x.ecosystems)),
]


class MembersTab(TableTab):
    ROW_TABLES = frozenset({"organisations"})
    PANE_TABLES = frozenset({"organisations", "people", "exchanges", "payments"})
    name = "members"

    def count_text(self, total: int) -> str:
        return ngettext("{n} organisation", "{n} organisations", total)

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        self.dialog: OrganisationDialog | None = None  # the open editor, if any
        super().__init__(context, parent)
        assert isinstance(self.pane, OrganisationPane)
        self.pane.editRequested.connect(lambda _uid: self.edit_selected())
        self.pane.exchangeRequested.connect(self.open_exchange_requested)
        self.pane.findHostRequested.connect(self._find_host)

    def _find_host(self, uid: str) -> None:
        # The dialog and the matching service are imported when first asked for, not at start.
        from cxdesk.ui.dialogs.find_host import open_find_host

        open_find_host(self.context, self, visitor_key=uid, shown=self.open_exchange_requested.emit)

    def make_filter_bar(self, parent: QWidget) -> FilterBar:
        bar = FilterBar(_("Filter by name or city (Ctrl+F)"), parent)
        countries = sorted(participating_countries(today_utc()), key=display.country)
        bar.add_combo("country", _("Country"), [(display.country(c), c) for c in countries])
        kinds = sorted(((_(ORG_KIND_LABELS[k]), k.value) for k in OrgKind), key=lambda x: x[0])
        bar.add_combo("kind", _("Kind"), kinds)
        return bar

    def make_model(self) -> LazyTableModel[Any, Any]:
        return LazyTableModel(
            OrganisationSource(self.context), ORG_COLUMNS, OrgFilter(), Sort("name"), self
        )

    def make_pane(self, parent: QWidget) -> QWidget:
        return OrganisationPane(parent)

    def table_name(self) -> str:
        return _("Organisations")

    def default_widths(self) -> None:
        self.table.set_widths([240, 140, 100, 110, 90])

    def current_filter(self) -> OrgFilter:
        return OrgFilter(
            text=self.filter_bar.text.text(),
            country=self.filter_bar.value("country"),
            kind=self.filter_bar.value("kind"),
        )

    def show_selected(self, uid: str) -> None:
        pane = self.pane
        assert isinstance(pane, OrganisationPane)
        if not uid:
            pane.show_nothing()
            return
        try:
            pane.show_detail(_browse().organisation_detail(self.context.db, uid))
        except UserError:  # deleted meanwhile (an import, an undo)
            self.selected_uid = ""
            pane.show_nothing()

    # -- editing --------------------------------------------------------------------------------
    def _dialog(self, org: Organisation | None) -> OrganisationDialog:
        from cxdesk.ui import undo
        from cxdesk.ui.tabs.members.dialog import OrganisationDialog

        db = self.context.db
        cluster = None
        if org is not None and org.cluster_uid:
            try:
                cluster = _browse().organisation_choice(db, org.cluster_uid)
            except UserError:
                cluster = None
        self.dialog = OrganisationDialog(
            org,
            lambda record, read: undo.save_organisation(self.context, record, read),
            lambda text: _browse().find_organisations(db, text, clusters_only=True),
            cluster,
            self,
            fetch=self._fetch,
        )
        return self.dialog

    def _fetch(self, uid: str) -> tuple[Organisation, Choice | None]:
        """An organisation as saved now, with its cluster (an open form's fresh look)."""
        db = self.context.db
        org = _browse().organisation(db, uid)
        cluster = None
        if org.cluster_uid:
            try:
                cluster = _browse().organisation_choice(db, org.cluster_uid)
            except UserError:
                cluster = None
        return org, cluster

    def refresh(self, change: Change) -> None:
        super().refresh(change)
        # Another desk's save of the organisation open in the form shows there too (`ui.live`).
        dialog = self.dialog
        if dialog is None or dialog.original is None or not dialog.isVisible():
            return
        if "organisations" in change.tables and (
            not change.uids or dialog.original.uid in change.uids
        ):
            dialog.take_fresh(acknowledge=False)

    def edit_selected(self) -> None:
        if not self.selected_uid:
            return
        try:
            org = _browse().organisation(self.context.db, self.selected_uid)
        except UserError as exc:
            prompts.refused(self, exc)
            return
        self._dialog(org).open()

    def add_organisation(self) -> None:
        self._dialog(None).open()
