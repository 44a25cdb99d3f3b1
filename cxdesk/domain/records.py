"""Plain records of the scheme, shared by every layer: what the database returns, rules read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from cxdesk.domain.codes import (
    BatchStatus,
    Ecosystem,
    EvidenceKind,
    OrgKind,
    PaymentKind,
    Purpose,
    Status,
    TravelMode,
)


@dataclass
class Organisation:
    uid: str
    name: str
    kind: OrgKind
    country: str  # ISO 3166-1 alpha-2 (GR, GB; never EL, UK)
    city: str
    latitude: float | None = None
    longitude: float | None = None
    ecosystems: list[Ecosystem] = field(default_factory=list)
    cluster_uid: str | None = None
    partnership: str | None = None
    platform_id: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    id: int | None = None  # the desk's row id, None until stored


@dataclass
class Person:
    uid: str
    organisation_uid: str
    first_name: str
    last_name: str
    email: str | None = None
    phone: str | None = None
    role: str | None = None
    language: str | None = None  # ISO 639-1
    platform_id: str | None = None
    id: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Exchange:
    uid: str
    reference: str
    visitor_uid: str
    host_organisation_uid: str
    start_date: date
    end_date: date
    status: Status = Status.DRAFT
    purposes: list[Purpose] = field(default_factory=list)
    ecosystem: Ecosystem | None = None
    travel_mode: TravelMode = TravelMode.STANDARD
    host_contact_uid: str | None = None
    distance_km: Decimal | None = None
    lump_sum: Decimal | None = None
    report_validated_on: date | None = None
    notes: str | None = None
    platform_id: str | None = None
    id: int | None = None


@dataclass
class Payment:
    uid: str
    exchange_uid: str
    kind: PaymentKind
    amount: Decimal
    paid_on: date
    bank_reference: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Report:
    """The visitor's closing report of one exchange (synced as reports.csv)."""

    uid: str
    exchange_uid: str
    received_on: date
    actual_start: date | None = None
    actual_end: date | None = None
    activities: str | None = None
    results: str | None = None
    rating: int | None = None
    #: Set when validated: what is owed, and why it is less than the granted lump sum.
    amount_due: Decimal | None = None
    reduction_reason: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One evidence file of an exchange; the bytes are kept once, by their SHA-256."""

    exchange_uid: str
    kind: EvidenceKind
    file_name: str
    sha256: str
    size: int = 0
    media_type: str = "application/octet-stream"
    added_at: datetime | None = None
    added_by: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Waiver:
    """A kind of evidence not needed for one exchange, and why."""

    exchange_uid: str
    kind: EvidenceKind
    reason: str
    at: datetime | None = None
    user: str | None = None


@dataclass(frozen=True)
class BankDetails:
    """Where a visitor is paid. Personal data: on the desk only, shown masked."""

    exchange_uid: str
    iban: str
    account_holder: str
    bic: str | None = None
    given_on: date | None = None


@dataclass(frozen=True)
class Commitment:
    """The Commitment to Quality's content for one exchange."""

    exchange_uid: str
    goals: str | None = None
    objectives: str | None = None
    agenda: str | None = None  # one line a day


@dataclass(frozen=True)
class BatchItem:
    exchange_uid: str
    amount: Decimal


@dataclass(frozen=True)
class Batch:
    """A SEPA credit transfer file: its payments wait for the bank's confirmation."""

    number: str
    execution_date: date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str | None = None
    status: BatchStatus = BatchStatus.OPEN
    items: tuple[BatchItem, ...] = ()
    created_at: datetime | None = None
    created_by: str | None = None
    file_name: str | None = None
    closed_on: date | None = None
    bank_reference: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Rate:
    """One dated lump-sum ceiling for exchanges to a host country."""

    host_country: str
    valid_from: date
    valid_to: date | None
    ceiling: Decimal
    table: str  # the rate table's name, e.g. "defaults 2026" or "platform package 42"


@dataclass(frozen=True)
class Partnership:
    acronym: str
    name: str
    budget: Decimal = Decimal("0.00")


@dataclass
class RowChange:
    """One row an operation created, changed or deleted: the columns before and after."""

    table: str
    pk: tuple[Any, ...]
    kind: Literal["created", "updated", "deleted"]
    uid: str | None = None
    #: The changed columns' values before the operation (every column of a deleted row).
    before: dict[str, Any] = field(default_factory=dict)
    #: The changed columns' values after it (every column of a created row).
    after: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """A record of what an operation changed: the window refreshes just that, undo reverts it."""

    tables: frozenset[str] = frozenset()
    uids: frozenset[str] = frozenset()
    message: str = ""
    #: Every row written, with its columns before and after (empty for reads and imports).
    rows: tuple[RowChange, ...] = ()
    #: Rules that failed before the change and still fail: said beside the save, not refused.
    warnings: tuple[str, ...] = ()
