"""The desk's tables as typed SQLAlchemy 2 models; uids link synced rows, ints page the tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    FetchedValue,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = Numeric(12, 2, asdecimal=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns every row exchanged with the platform carries, and what a later merge needs."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    platform_id: Mapped[str | None] = mapped_column(String(64))
    # The platform revision the row is based on; 0 for a row created on the desk.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Edited on the desk since the last package it wrote.
    dirty: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The last synced value of each field edited on the desk since: the merge base.
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Bumped by every write: an edit is applied only to the version it read (or read again).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class PartnershipRow(Base):
    __tablename__ = "partnerships"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    acronym: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    budget: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))


class OrganisationRow(Synced, Base):
    __tablename__ = "organisations"
    # The Members tab's sort keys, each then by id (migrations 0002 and 0009).
    __table_args__ = (
        Index("ix_organisations_name", "name"),
        Index("ix_organisations_city", "city", "id"),
        Index("ix_organisations_partnership", "partnership", "id"),
    )
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    ecosystems: Mapped[str] = mapped_column(String(400), default="")  # ';'-joined codes
    cluster_uid: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("organisations.uid"), index=True
    )
    partnership: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(60))


class PersonRow(Synced, Base):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_last_name", "last_name", "first_name"),)  # 0002
    organisation_uid: Mapped[str] = mapped_column(
        String(36), ForeignKey("organisations.uid"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(60))
    role: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))


class ExchangeRow(Synced, Base):
    __tablename__ = "exchanges"
    __table_args__ = (Index("ix_exchanges_end_date", "end_date"),)  # 0002
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    visitor_uid: Mapped[str] = mapped_column(String(36), ForeignKey("people.uid"), index=True)
    host_organisation_uid: Mapped[str] = mapped_column(
        String(36), ForeignKey("organisations.uid"), index=True
    )
    host_contact_uid: Mapped[str | None] = mapped_column(String(36), ForeignKey("people.uid"))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    purposes: Mapped[str] = mapped_column(String(200), default="")
    ecosystem: Mapped[str | None] = mapped_column(String(40))
    travel_mode: Mapped[str] = mapped_column(String(20), default="standard")
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    distance_km: Mapped[Decimal | None] = mapped_column(Numeric(9, 1, asdecimal=True))
    lump_sum: Mapped[Decimal | None] = mapped_column(Money)
    report_validated_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    # How the granted amount was made, kept with it: a later rate change must not rewrite it.
    granted_ceiling: Mapped[Decimal | None] = mapped_column(Money)
    granted_rates: Mapped[str | None] = mapped_column(String(120))
    granted_halved_because: Mapped[str | None] = mapped_column(String(400))


class PaymentRow(Synced, Base):
    __tablename__ = "payments"
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="lump_sum")
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[date] = mapped_column(Date)
    bank_reference: Mapped[str | None] = mapped_column(String(120))


class RateRow(Base):
    __tablename__ = "rates"
    __table_args__ = (UniqueConstraint("table_name", "host_country", "valid_from"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(120))
    host_country: Mapped[str] = mapped_column(String(2), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    ceiling: Mapped[Decimal] = mapped_column(Money)


class DeskStateRow(Base):
    """Key-value facts about the desk: its uuid, partnership, sequences applied and written."""

    __tablename__ = "desk_state"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class ConflictRow(Base):
    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_open", "resolved_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_uid: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    base_value: Mapped[str | None] = mapped_column(Text)
    local_value: Mapped[str | None] = mapped_column(Text)
    remote_value: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(String(20))  # local | platform


class AuditRow(Base):
    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_uid: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(40))  # editor | cli | import | demo
    user: Mapped[str | None] = mapped_column(String(120))
    #: The database role the change was made under (PostgreSQL fills it in; None on SQLite).
    role: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())


class ImportRow(Base):
    """Each package applied, with the backup taken before it: what 'Revert last import' restores."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(400))
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    backup_path: Mapped[str | None] = mapped_column(String(1000))
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)


# -- closing an exchange (domain-rules.md, "Closing an exchange") ------------------------------


class ReportRow(Synced, Base):
    """The visitor's closing report: synced as reports.csv (evidence as hashes, no bank detail)."""

    __tablename__ = "reports"
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), unique=True)
    received_on: Mapped[date] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    activities: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    # Set by the validation, on the desk only: what is owed and why it is less than granted.
    amount_due: Mapped[Decimal | None] = mapped_column(Money)
    reduction_reason: Mapped[str | None] = mapped_column(String(400))
    # The `evidence` cell of the platform's last package as it came: files the desk may hold no
    # bytes of, which its own packages name again (`db.sync.evidence`). Not a package column.
    platform_evidence: Mapped[str | None] = mapped_column(Text)


class BlobRow(Base):
    """A file's bytes, stored once by content hash: in every transaction, backup and restore."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceRow(Base):
    """One evidence file attached to an exchange (the bytes are in `blobs`)."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("exchange_uid", "kind", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # travel | accommodation | attendance | other
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("blobs.sha256"), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str | None] = mapped_column(String(120))


class WaiverRow(Base):
    """A kind of evidence the coordinator waived for one exchange, with the reason."""

    __tablename__ = "waivers"
    __table_args__ = (UniqueConstraint("exchange_uid", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str | None] = mapped_column(String(120))


class BankDetailsRow(Base):
    """Where the visitor is paid: on the desk only, never in a package or a log."""

    __tablename__ = "bank_details"
    exchange_uid: Mapped[str] = mapped_column(
        String(36), ForeignKey("exchanges.uid"), primary_key=True
    )
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    account_holder: Mapped[str] = mapped_column(String(200))
    given_on: Mapped[date | None] = mapped_column(Date)


class CommitmentRow(Base):
    """The Commitment to Quality's content, typed on the exchange and printed pre-filled."""

    __tablename__ = "commitments"
    exchange_uid: Mapped[str] = mapped_column(
        String(36), ForeignKey("exchanges.uid"), primary_key=True
    )
    goals: Mapped[str | None] = mapped_column(Text)
    objectives: Mapped[str | None] = mapped_column(Text)
    agenda: Mapped[str | None] = mapped_column(Text)  # one line a day


class BatchRow(Base):
    """A SEPA credit transfer file written for the bank: open until confirmed or cancelled."""

    __tablename__ = "sepa_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(35), unique=True)  # the file's message id
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(120))
    execution_date: Mapped[date] = mapped_column(Date)
    debtor_name: Mapped[str] = mapped_column(String(140))
    debtor_iban: Mapped[str] = mapped_column(String(34))
    debtor_bic: Mapped[str | None] = mapped_column(String(11))
    file_name: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)  # confirmed or cancelled on
    bank_reference: Mapped[str | None] = mapped_column(String(120))


class BatchItemRow(Base):
    """One payment put in a batch: left out of later files while the batch is open."""

    __tablename__ = "sepa_items"
    __table_args__ = (UniqueConstraint("batch_id", "exchange_uid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(Integer, ForeignKey("sepa_batches.id"), index=True)
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)


# -- papers out and back: e-mails and signatures --------------------------------------------


class OutboxRow(Base):
    """An e-mail carrying a document, waiting for the SMTP server, sent, or failed (with why)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(120))
    exchange_uid: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("exchanges.uid"), index=True
    )
    document: Mapped[str] = mapped_column(
        String(20)
    )  # agreement | commitment | report-form | certificate
    recipient: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(300))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64), ForeignKey("blobs.sha256"))
    status: Mapped[str] = mapped_column(String(10), index=True)  # waiting | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignedPaperRow(Base):
    """A document returned signed and verified: its bytes (in `blobs`) and who signed it."""

    __tablename__ = "signed_papers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_uid: Mapped[str] = mapped_column(String(36), ForeignKey("exchanges.uid"), index=True)
    document: Mapped[str] = mapped_column(String(20))  # agreement | commitment
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("blobs.sha256"))
    file_name: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    received_by: Mapped[str | None] = mapped_column(String(120))
    #: [{"party", "name", "email", "signed_at"}] as the verification found them.
    signers: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
