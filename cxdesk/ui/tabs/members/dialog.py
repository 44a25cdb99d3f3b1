"""Adding or editing an organisation: a form checked by the same service as `cxdesk set`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import ChangedMeanwhile, UserError
from cxdesk.core.i18n import _
from cxdesk.domain.codes import ECOSYSTEM_LABELS, ORG_KIND_LABELS, Ecosystem, OrgKind
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.merge import merge_fields
from cxdesk.domain.records import Organisation
from cxdesk.services import display
from cxdesk.services.browse import Choice
from cxdesk.ui import style
from cxdesk.ui.style import BAD
from cxdesk.ui.widgets.pickers import Search, SearchPicker

#: Saves the record as typed against the record as read (the fields compared by the service).
Save = Callable[[Organisation, Organisation | None], object]
#: The organisation as saved now, and its cluster as a choice (an open dialog's fresh look).
Fetch = Callable[[str], tuple[Organisation, Choice | None]]

#: The fields the form shows and saves.
EDITED = (
    *("name", "kind", "country", "city", "cluster_uid", "partnership", "ecosystems"),
    *("website", "email", "phone"),
)


def _same(a: Organisation, b: Organisation, field: str) -> bool:
    left, right = getattr(a, field), getattr(b, field)
    if field == "ecosystems":
        return set(left) == set(right)
    if isinstance(left, str | None) and isinstance(right, str | None):
        return (left or "").strip() == (right or "").strip()
    return bool(left == right)


class OrganisationDialog(QDialog):
    """The form; Save hands the record to `save`, which raises UserError with the reason."""

    def __init__(
        self,
        org: Organisation | None,
        save: Save,
        find_clusters: Search,
        cluster: Choice | None = None,
        parent: QWidget | None = None,
        fetch: Fetch | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = org
        self.save = save
        self.fetch = fetch
        self.setWindowTitle(_("Edit organisation") if org else _("Add organisation"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        for kind in OrgKind:
            self.kind.addItem(_(ORG_KIND_LABELS[kind]), kind.value)
        self.country = QComboBox(self)
        for country in sorted(participating_countries(today_utc()), key=display.country):
            self.country.addItem(display.country_with_code(country), country)
        self.city = QLineEdit(self)
        self.cluster = SearchPicker(
            find_clusters, _("Cluster"), _("Type the name of the cluster it belongs to"), self
        )
        self.partnership = QLineEdit(self)
        self.ecosystems = QListWidget(self)
        self.ecosystems.setMaximumHeight(130)
        for ecosystem in Ecosystem:
            item = QListWidgetItem(_(ECOSYSTEM_LABELS[ecosystem]), self.ecosystems)
            item.setData(Qt.ItemDataRole.UserRole, ecosystem.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.website = QLineEdit(self)
        self.email = QLineEdit(self)
        self.phone = QLineEdit(self)
        for label, widget in (
            (_("&Name"), self.name),
            (_("&Kind"), self.kind),
            (_("C&ountry"), self.country),
            (_("C&ity"), self.city),
            (_("Cl&uster"), self.cluster),
            (_("&Partnership"), self.partnership),
            (_("&Ecosystems"), self.ecosystems),
            (_("&Website"), self.website),
            (_("E&mail"), self.email),
            (_("P&hone"), self.phone),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(label, widget)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        style.coloured(self.problem, BAD)
        self.problem.setAccessibleName(_("Problem"))
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if org is not None:
            self._show(org, cluster)

    def _show(self, org: Organisation, cluster: Choice | None) -> None:
        self.name.setText(org.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(org.kind.value)))
        index = self.country.findData(org.country)
        if index < 0:  # a country that no longer takes part: still shown as it is stored
            self.country.addItem(display.country_with_code(org.country), org.country)
            index = self.country.count() - 1
        self.country.setCurrentIndex(index)
        self.city.setText(org.city)
        self.cluster.set_choice(cluster)
        self.partnership.setText(org.partnership or "")
        chosen = {e.value for e in org.ecosystems}
        for row in range(self.ecosystems.count()):
            item = self.ecosystems.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.website.setText(org.website or "")
        self.email.setText(org.email or "")
        self.phone.setText(org.phone or "")

    def record(self) -> Organisation:
        """The organisation as typed (not yet checked)."""
        empty = Organisation(uid="", name="", kind=OrgKind.OTHER, country="", city="")
        base = self.original or empty
        country = str(self.country.currentData())
        city = self.city.text()
        moved = self.original is None or (
            city.strip() != self.original.city or country != self.original.country
        )
        ecosystems = [
            Ecosystem(self.ecosystems.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.ecosystems.count())
            if self.ecosystems.item(r).checkState() == Qt.CheckState.Checked
        ]
        return dataclasses.replace(
            base,
            name=self.name.text(),
            kind=OrgKind(self.kind.currentData()),
            country=country,
            city=city,
            # A new place: the gazetteer finds the city's coordinates, not the old ones.
            latitude=None if moved else base.latitude,
            longitude=None if moved else base.longitude,
            cluster_uid=self.cluster.uid or None,
            partnership=self.partnership.text().strip() or None,
            ecosystems=ecosystems,
            website=self.website.text(),
            email=self.email.text(),
            phone=self.phone.text(),
        )

    def try_save(self) -> None:
        if self.cluster.text().strip() and not self.cluster.uid:
            self.problem.setText(_("Choose the cluster from the list, or leave it empty."))
            return
        try:
            self.save(self.record(), self.original)
        except ChangedMeanwhile as exc:
            # Both values in sight (the other in the sentence, this one in the field): saving
            # again keeps the person's.
            self.take_fresh(acknowledge=True)
            self.problem.setText(exc.message)
            return
        except UserError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()

    # -- the record changed elsewhere while the form is open ------------------------------------
    def take_fresh(self, *, acknowledge: bool) -> None:
        """Show the organisation as saved now, keeping what the person typed (a field both
        changed keeps the value read until `acknowledge`: saving it is then refused once)."""
        x = self.original
        if x is None or self.fetch is None:
            return
        try:
            fresh, cluster = self.fetch(x.uid)
        except UserError:
            return  # deleted meanwhile: saving says so
        merged = merge_fields(x, self.record(), fresh, EDITED, _same, acknowledge=acknowledge)
        self.original = merged.read
        if merged.moved:
            if "cluster_uid" in merged.typed:  # the person's own pick stays
                cluster = (
                    Choice(self.cluster.uid, self.cluster.text()) if self.cluster.uid else None
                )
            self._show(merged.shown, cluster)
