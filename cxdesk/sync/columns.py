"""The columns of every resource of a sync package, and their Frictionless Table Schema."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from cxdesk.domain.codes import (
    Ecosystem,
    EvidenceKind,
    OrgKind,
    PaymentKind,
    Purpose,
    Status,
    TravelMode,
)

UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class ColumnType(StrEnum):
    STRING = "string"
    UUID = "uuid"
    INTEGER = "integer"
    DECIMAL = "decimal"
    MONEY = "money"  # a decimal in EUR, written with 2 places
    DATE = "date"
    TIMESTAMP = "timestamp"
    BOOLEAN = "boolean"
    CODE = "code"
    CODES = "codes"  # `;`-separated codes in one cell
    COUNTRY = "country"
    LANGUAGE = "language"
    EMAIL = "email"
    #: `;`-separated `KIND:FILENAME:SHA256` of evidence files (reports.csv)
    EVIDENCE = "evidence"


@dataclass(frozen=True)
class Column:
    """One column of a resource and the rules a value in it follows."""

    name: str
    type: ColumnType
    #: A live row needs a value, and the header needs the column.
    required: bool = False
    #: Every row, a tombstone too, needs a value (the row's identity and revision).
    key: bool = False
    codes: builtins.type[Enum] | None = None
    max_length: int | None = None
    minimum: Decimal | None = None
    #: The value must be more than `minimum`, not equal to it.
    exclusive_minimum: bool = False
    maximum: Decimal | None = None
    #: The resource whose uid this column holds.
    refers_to: str | None = None
    unique: bool = False
    description: str = ""
    #: Not a column of the desk's table: made from other tables when the desk writes a package,
    #: and taken apart from the row when it reads one (a report's evidence).
    derived: bool = False

    @property
    def needed_in_header(self) -> bool:
        return self.required or self.key

    @property
    def code_values(self) -> tuple[str, ...]:
        return tuple(str(member.value) for member in self.codes) if self.codes else ()


@dataclass(frozen=True)
class ResourceSpec:
    """A resource (one CSV file): its columns, key, and the rules across columns of a row."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    #: Pairs (earlier, later) of date columns where earlier ≤ later.
    ordered_dates: tuple[tuple[str, str], ...] = ()
    #: Rows have uid, revision, updated_at and deleted.
    tracked: bool = True

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def has_column(self, name: str) -> bool:
        return any(column.name == name for column in self.columns)


T = ColumnType
ZERO = Decimal(0)

COMMON = (
    Column("uid", T.UUID, required=True, key=True, unique=True),
    Column(
        "revision",
        T.INTEGER,
        required=True,
        key=True,
        minimum=ZERO,
        description="platform revision of the row; 0 for a row created on a desk",
    ),
    Column("updated_at", T.TIMESTAMP),
    Column("deleted", T.BOOLEAN, description="true: the row was deleted (a tombstone)"),
)

ORGANISATIONS = ResourceSpec(
    "organisations",
    COMMON
    + (
        Column("platform_id", T.STRING),
        Column("name", T.STRING, required=True, max_length=300),
        Column("kind", T.CODE, required=True, codes=OrgKind),
        Column("country", T.COUNTRY, required=True, description="ISO 3166-1 alpha-2"),
        Column("city", T.STRING, required=True),
        Column("latitude", T.DECIMAL, minimum=Decimal(-90), maximum=Decimal(90)),
        Column("longitude", T.DECIMAL, minimum=Decimal(-180), maximum=Decimal(180)),
        Column("ecosystems", T.CODES, codes=Ecosystem),
        Column("cluster_uid", T.UUID, refers_to="organisations"),
        Column("partnership", T.STRING),
        Column("website", T.STRING),
        Column("email", T.EMAIL),
        Column("phone", T.STRING),
    ),
    primary_key=("uid",),
)

PEOPLE = ResourceSpec(
    "people",
    COMMON
    + (
        Column("platform_id", T.STRING),
        Column("organisation_uid", T.UUID, required=True, refers_to="organisations"),
        Column("first_name", T.STRING, required=True),
        Column("last_name", T.STRING, required=True),
        Column("email", T.EMAIL),
        Column("phone", T.STRING),
        Column("role", T.STRING),
        Column("language", T.LANGUAGE, description="ISO 639-1"),
    ),
    primary_key=("uid",),
)

EXCHANGES = ResourceSpec(
    "exchanges",
    COMMON
    + (
        Column("platform_id", T.STRING),
        Column("reference", T.STRING, required=True, unique=True),
        Column("visitor_uid", T.UUID, required=True, refers_to="people"),
        Column("host_organisation_uid", T.UUID, required=True, refers_to="organisations"),
        Column("host_contact_uid", T.UUID, refers_to="people"),
        Column("start_date", T.DATE, required=True),
        Column("end_date", T.DATE, required=True),
        Column("purposes", T.CODES, codes=Purpose),
        Column("ecosystem", T.CODE, codes=Ecosystem),
        Column("travel_mode", T.CODE, codes=TravelMode),
        Column("status", T.CODE, codes=Status),
        Column("distance_km", T.DECIMAL, minimum=ZERO),
        Column("lump_sum", T.MONEY, minimum=ZERO, description="EUR, as granted"),
        Column("report_validated_on", T.DATE),
        Column("notes", T.STRING),
    ),
    primary_key=("uid",),
    ordered_dates=(("start_date", "end_date"),),
)

PAYMENTS = ResourceSpec(
    "payments",
    COMMON
    + (
        Column("exchange_uid", T.UUID, required=True, refers_to="exchanges"),
        Column("kind", T.CODE, required=True, codes=PaymentKind),
        Column(
            "amount",
            T.MONEY,
            required=True,
            minimum=ZERO,
            exclusive_minimum=True,
            description="EUR",
        ),
        Column("paid_on", T.DATE, required=True),
        Column("bank_reference", T.STRING),
    ),
    primary_key=("uid",),
)

REPORTS = ResourceSpec(
    "reports",
    COMMON
    + (
        Column(
            "exchange_uid",
            T.UUID,
            required=True,
            refers_to="exchanges",
            unique=True,
            description="one report per exchange",
        ),
        Column("received_on", T.DATE, required=True),
        Column("actual_start", T.DATE),
        Column("actual_end", T.DATE),
        Column("activities", T.STRING),
        Column("results", T.STRING),
        Column("rating", T.INTEGER, minimum=Decimal(1), maximum=Decimal(5)),
        Column(
            "evidence",
            T.EVIDENCE,
            codes=EvidenceKind,
            derived=True,
            description="KIND:FILENAME:SHA256 of each evidence file, ;-separated",
        ),
    ),
    primary_key=("uid",),
    ordered_dates=(("actual_start", "actual_end"),),
)

RATES = ResourceSpec(
    "rates",
    (
        Column("host_country", T.COUNTRY, required=True, key=True, description="ISO 3166-1"),
        Column("valid_from", T.DATE, required=True, key=True),
        Column("valid_to", T.DATE, description="empty: open-ended"),
        Column(
            "ceiling",
            T.MONEY,
            required=True,
            minimum=ZERO,
            exclusive_minimum=True,
            description="EUR, the full lump sum for an exchange to that host country",
        ),
    ),
    primary_key=("host_country", "valid_from"),
    ordered_dates=(("valid_from", "valid_to"),),
    tracked=False,
)

#: Every resource, in the order a package is read and written (referenced rows first).
RESOURCES: dict[str, ResourceSpec] = {
    spec.name: spec for spec in (ORGANISATIONS, PEOPLE, EXCHANGES, PAYMENTS, REPORTS, RATES)
}

_FRICTIONLESS_TYPE = {
    T.INTEGER: "integer",
    T.DECIMAL: "number",
    T.MONEY: "number",
    T.DATE: "date",
    T.TIMESTAMP: "datetime",
    T.BOOLEAN: "boolean",
}


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": _FRICTIONLESS_TYPE.get(column.type, "string"),
    }
    if column.description:
        field["description"] = column.description
    if column.type is T.BOOLEAN:
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    # Only what holds on every row: a tombstone may leave the other columns empty.
    if column.key:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.type is T.UUID:
        constraints["pattern"] = UUID_PATTERN
    elif column.type is T.COUNTRY:
        constraints["pattern"] = "^[A-Z]{2}$"
    elif column.type is T.LANGUAGE:
        constraints["pattern"] = "^[a-z]{2}$"
    elif column.type is T.CODE:
        constraints["enum"] = list(column.code_values)
    elif column.type is T.CODES:
        one = "(?:" + "|".join(column.code_values) + ")"
        constraints["pattern"] = f"^{one}(?:;{one})*$"
    elif column.type is T.EVIDENCE:
        one = "(?:" + "|".join(column.code_values) + "):[^:;]+:[0-9a-fA-F]{64}"
        constraints["pattern"] = f"^{one}(?:;{one})*$"
    if column.max_length is not None:
        constraints["maxLength"] = column.max_length
    if column.minimum is not None:
        if column.exclusive_minimum and column.type is T.MONEY:
            constraints["minimum"] = float(column.minimum + Decimal("0.01"))
        elif not column.exclusive_minimum:
            constraints["minimum"] = int(column.minimum)
    if column.maximum is not None:
        constraints["maximum"] = int(column.maximum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(resource: str) -> dict[str, Any]:
    """The Frictionless Table Schema of a resource, as written into datapackage.json."""
    spec = RESOURCES[resource]
    return {
        "fields": [_field(column) for column in spec.columns],
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
    }
