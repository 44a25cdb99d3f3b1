"""The members tab's right side: an organisation, eligibility at a glance, people, exchanges."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.i18n import _, ngettext
from cxdesk.services import display
from cxdesk.ui import style
from cxdesk.ui.style import BAD, GOOD, MUTED, WARN
from cxdesk.ui.widgets.badges import STATUS_ROLE, StatusDelegate, status_label
from cxdesk.ui.widgets.detail_pane import DetailPane, section_label

if TYPE_CHECKING:
    # Types only: the browse service (SQLAlchemy, the models) loads after the first paint.
    from cxdesk.services.browse import ExchangeLine, GlanceItem, OrganisationDetail


def _small_table(headers: list[str], accessible: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(accessible)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    # Columns share the pane's width; a sideways scroll bar would cover the only row.
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _fit_height(table: QTableWidget, rows_max: int = 6) -> None:
    """A short list shows all its rows; a long one scrolls within a few."""
    rows = max(1, min(table.rowCount(), rows_max))
    header = table.horizontalHeader().sizeHint().height()
    height = header + rows * table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _share_width(table: QTableWidget, stretch: tuple[int, ...]) -> None:
    """Short columns as wide as their contents, the `stretch` ones share what is left."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column in stretch
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)


def glance_html(items: tuple[GlanceItem, ...]) -> str:
    rows = []
    for item in items:
        mark, colour = {True: ("✔", GOOD), False: ("✖", BAD), None: ("ℹ", WARN)}[item.ok]
        rows.append(
            f"<tr><td style='color:{colour}; padding-right:6px'>{mark}</td>"
            f"<td>{html.escape(item.text)}</td></tr>"
        )
    return "<table cellspacing='2'>" + "".join(rows) + "</table>"


class OrganisationPane(DetailPane):
    """Read-only view of the selected organisation; Edit opens the dialog."""

    editRequested = Signal(str)  # noqa: N815 - the uid
    exchangeRequested = Signal(str)  # noqa: N815 - an exchange's uid, to show it in its tab
    findHostRequested = Signal(str)  # noqa: N815 - the uid of the organisation to find a host for

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Organisation details"), parent)
        self.uid = ""
        body = self.body
        layout = self.body_layout

        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.top = top
        self.title.setWordWrap(True)
        self.edit_button = QPushButton(_("&Edit…"), body)
        self.edit_button.setAccessibleName(_("Edit organisation"))
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self.uid))
        self.find_host_button = QPushButton(_("Find a &host…"), body)
        self.find_host_button.setToolTip(_("Eligible hosts for this organisation, best first"))
        self.find_host_button.clicked.connect(lambda: self.findHostRequested.emit(self.uid))
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_host_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.buttons_row = buttons
        top.addWidget(self.title, 1)
        top.addLayout(buttons)
        layout.addLayout(top)
        self.subtitle = QLabel(body)
        style.subtitle(self.subtitle)
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)

        # The form, the glance and the two lists are made with the first organisation shown:
        # the window's first paint has less to make, and empty lists would say nothing anyway.
        self.details: QWidget | None = None
        layout.addStretch(1)
        self.show_nothing()

    def _make_details(self) -> QWidget:
        details = QWidget(self.widget())
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.form_box = QWidget(details)
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        self.fields: dict[str, QLabel] = {}
        for key, label in (
            ("cluster", _("Cluster")),
            ("partnership", _("Partnership")),
            ("ecosystems", _("Ecosystems")),
            ("website", _("Website")),
            ("email", _("Email")),
            ("platform_id", _("Platform id")),
        ):
            value = QLabel(self.form_box)
            # Always rich text: every value is escaped HTML (links, muted notes), and an
            # escaped apostrophe (O&#x27;Brien) must not show as such in plain text.
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            value.setOpenExternalLinks(True)
            form.addRow(label + ":", value)
            self.fields[key] = value
        layout.addWidget(self.form_box)

        self.glance_title = section_label(_("Eligibility at a glance"), details)
        layout.addWidget(self.glance_title)
        self.glance = QLabel(details)
        self.glance.setWordWrap(True)
        self.glance.setAccessibleName(_("Eligibility at a glance"))
        layout.addWidget(self.glance)

        self.people_title = section_label(_("People"), details)
        layout.addWidget(self.people_title)
        self.people = _small_table(
            [_("Name"), _("Role"), _("Email"), _("Language")], _("People"), details
        )
        layout.addWidget(self.people)

        self.exchanges_title = section_label(_("Exchanges"), details)
        layout.addWidget(self.exchanges_title)
        self.exchanges = _small_table(
            [_("Reference"), _("Status"), _("Role"), _("With"), _("Dates")], _("Exchanges"), details
        )
        self.exchanges.setItemDelegateForColumn(1, StatusDelegate(self.exchanges))
        self.exchanges.doubleClicked.connect(self._open_exchange)
        layout.addWidget(self.exchanges)

        self.body_layout.insertWidget(2, details)
        return details

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The buttons beside the name where there is room, else under it: in Irish they alone
        are wider than the pane, which would then cut its lines rather than wrap them."""
        room = self.viewport().width() - self.buttons_row.sizeHint().width()
        wanted = (
            QBoxLayout.Direction.LeftToRight if room >= 200 else QBoxLayout.Direction.TopToBottom
        )
        if self.top.direction() != wanted:
            self.top.setDirection(wanted)

    def show_nothing(self) -> None:
        self.uid = ""
        self.title.setText(_("No organisation selected"))
        self.subtitle.setText(_("Choose an organisation in the list to see its details."))
        self.edit_button.setEnabled(False)
        self.edit_button.hide()
        self.find_host_button.hide()
        if self.details is not None:
            self.details.hide()

    def show_detail(self, detail: OrganisationDetail) -> None:
        org = detail.organisation
        self.uid = org.uid
        if self.details is None:
            self.details = self._make_details()
        self.details.show()
        self.edit_button.setEnabled(True)
        self.edit_button.show()
        self.find_host_button.show()
        self._arrange()
        self.title.setText(org.name)
        self.subtitle.setText(
            _("{kind} · {city}, {country}").format(
                kind=display.kind(org.kind), city=org.city, country=display.country(org.country)
            )
        )
        if detail.cluster_name:
            cluster = _("member of {cluster}").format(cluster=detail.cluster_name)
        elif org.kind.value in ("cluster_organisation", "business_network"):
            cluster = _("is a cluster organisation")
        else:
            cluster = _("not a member of a cluster")
        self.fields["cluster"].setText(html.escape(cluster))
        self.fields["partnership"].setText(html.escape(org.partnership or "—"))
        self.fields["ecosystems"].setText(
            html.escape(", ".join(display.ecosystem(e) for e in org.ecosystems) or "—")
        )
        if org.website:
            shown = org.website.removeprefix("https://").removeprefix("http://").rstrip("/")
            link = f"<a href='{html.escape(org.website)}'>{html.escape(shown)}</a>"
            self.fields["website"].setText(link)
        else:
            self.fields["website"].setText("—")
        mail = []
        if org.email:
            email = html.escape(org.email)
            mail.append(f"<a href='mailto:{email}'>{email}</a>")
        if org.phone:
            mail.append(html.escape(org.phone))
        self.fields["email"].setText(" · ".join(mail) or "—")
        not_yet = html.escape(_("not on the platform yet"))  # babel reads no f-string
        self.fields["platform_id"].setText(
            html.escape(org.platform_id)
            if org.platform_id
            else f"<span style='color:{MUTED}'>{not_yet}</span>"
        )
        self.glance.setText(glance_html(detail.glance))
        self._fill_people(detail)
        self._fill_exchanges(detail)

    def _fill_people(self, detail: OrganisationDetail) -> None:
        self.people_title.setText(
            ngettext("{n} person", "{n} people", len(detail.people)).format(n=len(detail.people))
        )
        self.people.setRowCount(len(detail.people))
        for row, person in enumerate(detail.people):
            cells = (
                person.full_name,
                person.role or "",
                person.email or "",
                display.language(person.language),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person.uid)
                self.people.setItem(row, column, item)
        _share_width(self.people, stretch=(0, 2))
        _fit_height(self.people, 4)

    def _fill_exchanges(self, detail: OrganisationDetail) -> None:
        rows: list[tuple[ExchangeLine, str, str]] = [
            (x, _("visits"), x.host_organisation) for x in detail.visiting
        ] + [(x, _("hosts"), x.visiting_organisation) for x in detail.hosting]
        rows.sort(key=lambda r: r[0].start_date, reverse=True)
        self.exchanges_title.setText(
            ngettext("{n} exchange", "{n} exchanges", len(rows)).format(n=len(rows))
        )
        self.exchanges.setRowCount(len(rows))
        for row, (line, role, other) in enumerate(rows):
            status = QTableWidgetItem(status_label(line.status))
            status.setData(STATUS_ROLE, line.status)
            items = (
                QTableWidgetItem(line.reference),
                status,
                QTableWidgetItem(role),
                QTableWidgetItem(other),
                QTableWidgetItem(display.period(line.start_date, line.end_date)),
            )
            for column, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, line.uid)
                self.exchanges.setItem(row, column, item)
        _share_width(self.exchanges, stretch=(3,))
        _fit_height(self.exchanges, 6)

    def _open_exchange(self) -> None:
        item = self.exchanges.currentItem()
        if item is not None:
            self.exchangeRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)))
