"""Rows to records and back: the database hands out plain domain records, never live ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from cxdesk.db.models import ExchangeRow, OrganisationRow, PaymentRow, PersonRow
from cxdesk.domain.codes import (
    Ecosystem,
    OrgKind,
    PaymentKind,
    Purpose,
    Status,
    TravelMode,
)
from cxdesk.domain.records import Exchange, Organisation, Payment, Person


def to_text(value: Any) -> str | None:
    """The text form of a field's value, as a package writes it: what audit and merge compare."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ";".join(str(v.value if isinstance(v, Enum) else v) for v in value)
    return str(value)


def split_codes(value: str | None) -> list[str]:
    return [v for v in (value or "").split(";") if v]


def organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        uid=row.uid,
        name=row.name,
        kind=OrgKind(row.kind),
        country=row.country,
        city=row.city,
        latitude=row.latitude,
        longitude=row.longitude,
        ecosystems=[Ecosystem(c) for c in split_codes(row.ecosystems)],
        cluster_uid=row.cluster_uid,
        partnership=row.partnership,
        platform_id=row.platform_id,
        website=row.website,
        email=row.email,
        phone=row.phone,
        id=row.id,
    )


def person(row: PersonRow) -> Person:
    return Person(
        uid=row.uid,
        organisation_uid=row.organisation_uid,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        phone=row.phone,
        role=row.role,
        language=row.language,
        platform_id=row.platform_id,
        id=row.id,
    )


def exchange(row: ExchangeRow) -> Exchange:
    return Exchange(
        uid=row.uid,
        reference=row.reference,
        visitor_uid=row.visitor_uid,
        host_organisation_uid=row.host_organisation_uid,
        start_date=row.start_date,
        end_date=row.end_date,
        status=Status(row.status),
        purposes=[Purpose(c) for c in split_codes(row.purposes)],
        ecosystem=Ecosystem(row.ecosystem) if row.ecosystem else None,
        travel_mode=TravelMode(row.travel_mode),
        host_contact_uid=row.host_contact_uid,
        distance_km=row.distance_km,
        lump_sum=row.lump_sum,
        report_validated_on=row.report_validated_on,
        notes=row.notes,
        platform_id=row.platform_id,
        id=row.id,
    )


def payment(row: PaymentRow) -> Payment:
    return Payment(
        uid=row.uid,
        exchange_uid=row.exchange_uid,
        kind=PaymentKind(row.kind),
        amount=row.amount,
        paid_on=row.paid_on,
        bank_reference=row.bank_reference,
        id=row.id,
    )


def _storable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return to_text(value) or ""
    return value


def columns_of(record: Organisation | Person | Exchange | Payment) -> dict[str, Any]:
    """The column values of a record, ready for a row."""
    values = {k: _storable(v) for k, v in vars(record).items() if k != "id"}
    return values
