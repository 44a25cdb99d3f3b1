"""The desk's records inside one unit of work: look up, add and edit, always as domain records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cxdesk.core.errors import NotFound
from cxdesk.db import convert
from cxdesk.db.models import (
    DeskStateRow,
    ExchangeRow,
    OrganisationRow,
    PartnershipRow,
    PaymentRow,
    PersonRow,
    RateRow,
    ReportRow,
    Synced,
)
from cxdesk.db.tracking import apply_edit, check_unchanged, record_creation
from cxdesk.domain.codes import VOID_STATUSES
from cxdesk.domain.records import Exchange, Organisation, Partnership, Payment, Person, Rate

TABLES: dict[str, type[Synced]] = {
    "organisations": OrganisationRow,
    "people": PersonRow,
    "exchanges": ExchangeRow,
    "payments": PaymentRow,
    "reports": ReportRow,
}


def new_uid() -> str:
    return str(uuid.uuid4())


def _looks_like_uuid(key: str) -> bool:
    try:
        uuid.UUID(key)
    except ValueError:
        return False
    return True


class Store:
    """Repository over one session; the caller owns the transaction (`Database.unit()`)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- generic -------------------------------------------------------------------------
    def row(self, table: str, key: str) -> Synced:
        """A live row by uid, platform id, or (exchanges) reference; NotFound otherwise."""
        model = TABLES[table]
        # One indexed look-up after the other: OR-ing them with platform_id (no index) makes
        # SQLite scan the whole table for every look-up.
        conditions: list[Any] = []
        if _looks_like_uuid(key):
            conditions.append(model.uid == key.lower())
        if model is ExchangeRow:
            conditions.append(ExchangeRow.reference == key)
        conditions.append(model.platform_id == key)
        for condition in conditions:
            found = self.session.scalars(
                select(model).where(condition, model.deleted.is_(False)).limit(1)
            ).first()
            if found is not None:
                return found
        raise NotFound(f"No {_singular(table)} with the key {key}.")

    def edit(
        self,
        table: str,
        key: str,
        changes: dict[str, Any],
        source: str,
        expected: dict[str, Any] | None = None,
        label: str | None = None,
    ) -> dict[str, Any]:
        """Apply field changes to one row; return {field: (old, new)} of what changed.

        `expected`: the changed fields' values when the caller read them; a field someone else
        changed since is refused (`ChangedMeanwhile`), naming who and when.
        """
        row = self.row(table, key)
        check_unchanged(self.session, table, row, label or _label(table, row), changes, expected)
        return apply_edit(self.session, table, row, changes, source)

    def delete(self, table: str, key: str, source: str) -> None:
        """Mark a row deleted: a tombstone the next package carries to the platform."""
        apply_edit(self.session, table, self.row(table, key), {"deleted": True}, source)

    def _add(self, table: str, row: Synced, source: str) -> None:
        self.session.add(row)
        record_creation(self.session, table, row, source)
        self.session.flush()

    # -- organisations and people --------------------------------------------------------
    def organisation(self, key: str) -> Organisation:
        row = self.row("organisations", key)
        assert isinstance(row, OrganisationRow)
        return convert.organisation(row)

    def organisations(self, uids: Iterable[str]) -> dict[str, Organisation]:
        wanted = list(set(uids))
        rows = self.session.scalars(
            select(OrganisationRow).where(OrganisationRow.uid.in_(wanted))
        ).all()
        return {r.uid: convert.organisation(r) for r in rows}

    def add_organisation(self, org: Organisation, source: str) -> Organisation:
        values = convert.columns_of(org)
        values["uid"] = values.get("uid") or new_uid()
        row = OrganisationRow(**values)
        self._add("organisations", row, source)
        return convert.organisation(row)

    def person(self, key: str) -> Person:
        row = self.row("people", key)
        assert isinstance(row, PersonRow)
        return convert.person(row)

    def people(self, uids: Iterable[str]) -> dict[str, Person]:
        rows = self.session.scalars(select(PersonRow).where(PersonRow.uid.in_(list(set(uids)))))
        return {r.uid: convert.person(r) for r in rows}

    def people_of(self, organisation_uid: str) -> list[Person]:
        rows = self.session.scalars(
            select(PersonRow)
            .where(PersonRow.organisation_uid == organisation_uid, PersonRow.deleted.is_(False))
            .order_by(PersonRow.last_name, PersonRow.first_name)
        )
        return [convert.person(r) for r in rows]

    def add_person(self, person: Person, source: str) -> Person:
        values = convert.columns_of(person)
        values["uid"] = values.get("uid") or new_uid()
        row = PersonRow(**values)
        self._add("people", row, source)
        return convert.person(row)

    # -- exchanges -----------------------------------------------------------------------
    def exchange(self, key: str) -> Exchange:
        row = self.row("exchanges", key)
        assert isinstance(row, ExchangeRow)
        return convert.exchange(row)

    def exchange_row(self, key: str) -> ExchangeRow:
        row = self.row("exchanges", key)
        assert isinstance(row, ExchangeRow)
        return row

    def add_exchange(
        self, exchange: Exchange, source: str, extra: dict[str, Any] | None = None
    ) -> Exchange:
        values = convert.columns_of(exchange) | (extra or {})
        values["uid"] = values.get("uid") or new_uid()
        row = ExchangeRow(**values)
        self._add("exchanges", row, source)
        return convert.exchange(row)

    def exchanges_of(self, organisation_uid: str) -> list[Exchange]:
        """Every live exchange the organisation visits (through its people) or hosts."""
        visitors = select(PersonRow.uid).where(PersonRow.organisation_uid == organisation_uid)
        rows = self.session.scalars(
            select(ExchangeRow)
            .where(
                or_(
                    ExchangeRow.host_organisation_uid == organisation_uid,
                    ExchangeRow.visitor_uid.in_(visitors),
                ),
                ExchangeRow.deleted.is_(False),
            )
            .order_by(ExchangeRow.start_date)
        )
        return [convert.exchange(r) for r in rows]

    def exchanges_visiting(self, organisation_uid: str) -> list[Exchange]:
        """Every live exchange whose visitor belongs to the organisation."""
        rows = self.session.scalars(
            select(ExchangeRow)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(PersonRow.organisation_uid == organisation_uid, ExchangeRow.deleted.is_(False))
        )
        return [convert.exchange(r) for r in rows]

    def exchanges_of_visitor(self, person_uid: str) -> list[Exchange]:
        rows = self.session.scalars(
            select(ExchangeRow).where(
                ExchangeRow.visitor_uid == person_uid, ExchangeRow.deleted.is_(False)
            )
        )
        return [convert.exchange(r) for r in rows]

    def all_live(self, table: str) -> list[Any]:
        """Every live row of a table as records, for whole-database checks."""
        model = TABLES[table]
        make: Any = {
            "organisations": convert.organisation,
            "people": convert.person,
            "exchanges": convert.exchange,
            "payments": convert.payment,
        }[table]
        rows = self.session.scalars(select(model).where(model.deleted.is_(False)))
        return [make(r) for r in rows]

    def visits_of(self, organisation_uid: str, excluding: str | None = None) -> list[str]:
        """References of the organisation's visits that count (not cancelled or rejected)."""
        query = (
            select(ExchangeRow.reference)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(
                PersonRow.organisation_uid == organisation_uid,
                ExchangeRow.deleted.is_(False),
                ExchangeRow.status.not_in([s.value for s in VOID_STATUSES]),
            )
            .order_by(ExchangeRow.start_date)
        )
        if excluding:
            query = query.where(ExchangeRow.uid != excluding)
        return list(self.session.scalars(query))

    def next_reference(self, year: int) -> str:
        prefix = f"CX-{year}-"
        last = self.session.scalar(
            select(func.max(ExchangeRow.reference)).where(ExchangeRow.reference.like(prefix + "%"))
        )
        number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
        return f"{prefix}{number:04d}"

    # -- payments ------------------------------------------------------------------------
    def payments_of(self, exchange_uid: str) -> list[Payment]:
        rows = self.session.scalars(
            select(PaymentRow)
            .where(PaymentRow.exchange_uid == exchange_uid, PaymentRow.deleted.is_(False))
            .order_by(PaymentRow.paid_on)
        )
        return [convert.payment(r) for r in rows]

    def add_payment(self, payment: Payment, source: str) -> Payment:
        values = convert.columns_of(payment)
        values["uid"] = values.get("uid") or new_uid()
        row = PaymentRow(**values)
        self._add("payments", row, source)
        return convert.payment(row)

    # -- rates ---------------------------------------------------------------------------
    def rates(self) -> list[Rate]:
        rows = self.session.scalars(select(RateRow).order_by(RateRow.valid_from))
        return [
            Rate(r.host_country, r.valid_from, r.valid_to, r.ceiling, r.table_name) for r in rows
        ]

    def replace_rate_table(self, name: str, rates: Iterable[Rate]) -> int:
        """Store a dated rate table under its name, replacing an earlier table of that name."""
        # Row by row, not a bulk delete: the operation's journal sees each row (undo puts it back).
        for old in self.session.scalars(select(RateRow).where(RateRow.table_name == name)):
            self.session.delete(old)
        self.session.flush()
        count = 0
        for rate in rates:
            self.session.add(
                RateRow(
                    table_name=name,
                    host_country=rate.host_country,
                    valid_from=rate.valid_from,
                    valid_to=rate.valid_to,
                    ceiling=rate.ceiling,
                )
            )
            count += 1
        self.session.flush()
        return count

    # -- desk state and partnership ------------------------------------------------------
    def state(self, key: str, default: str | None = None) -> str | None:
        row = self.session.get(DeskStateRow, key)
        return row.value if row else default

    def set_state(self, key: str, value: str) -> None:
        row = self.session.get(DeskStateRow, key)
        if row is None:
            self.session.add(DeskStateRow(key=key, value=value))
        else:
            row.value = value

    def partnership(self) -> Partnership | None:
        acronym = self.state("partnership")
        if acronym is None:
            return None
        row = self.session.scalar(select(PartnershipRow).where(PartnershipRow.acronym == acronym))
        if row is None:
            return Partnership(acronym=acronym, name=acronym)
        return Partnership(acronym=row.acronym, name=row.name, budget=row.budget)

    def set_partnership(
        self, acronym: str, name: str | None = None, budget: Decimal | None = None
    ) -> None:
        row = self.session.scalar(select(PartnershipRow).where(PartnershipRow.acronym == acronym))
        if row is None:
            row = PartnershipRow(acronym=acronym, name=name or acronym, budget=budget or Decimal(0))
            self.session.add(row)
        else:
            if name is not None:
                row.name = name
            if budget is not None:
                row.budget = budget
        self.set_state("partnership", acronym)
        self.session.flush()

    def count(self, table: str) -> int:
        model = TABLES[table]
        return int(
            self.session.scalar(select(func.count()).select_from(model).where(~model.deleted)) or 0
        )

    def today_rates_or(self, defaults: Iterable[Rate]) -> list[Rate]:
        """The stored rate tables, or the given defaults while none is stored."""
        stored = self.rates()
        return stored if stored else list(defaults)


def _label(table: str, row: Any) -> str:
    """How a sentence names a record: an exchange's reference, a person's or organisation's name."""
    if table == "exchanges":
        return str(row.reference)
    if table == "people":
        return f"{row.first_name} {row.last_name}"
    if table == "organisations":
        return str(row.name)
    return str(getattr(row, "uid", table))


def _singular(table: str) -> str:
    return {
        "people": "person",
        "exchanges": "exchange",
        "payments": "payment",
        "reports": "report",
    }.get(table, "organisation")
