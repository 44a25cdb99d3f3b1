"""The partnership's money in SQL aggregates: granted, paid, due, by month and by host country."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import ExchangeRow, OrganisationRow, PaymentRow, PersonRow, ReportRow
from cxdesk.domain.codes import FORECAST_STATUSES, GRANTED_STATUSES, Status

_GRANTED = [s.value for s in GRANTED_STATUSES]
_FORECAST = [s.value for s in FORECAST_STATUSES]
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Total:
    amount: Decimal
    count: int


@dataclass(frozen=True)
class ForecastRow:
    """A draft or submitted exchange, with what its quote needs and no database look-up."""

    uid: str
    start_date: date
    end_date: date
    host_country: str
    distance_km: Decimal | None


@dataclass(frozen=True)
class DueRow:
    """A reported exchange whose amount due is still to pay."""

    uid: str
    reference: str
    visitor: str
    host_organisation: str
    host_country: str
    lump_sum: Decimal
    paid: Decimal
    report_validated_on: date
    #: What the validation found owed: the lump sum, halved, or nothing (a shorter stay). The
    #: lump sum where no closing report says (validated on the platform, or before reports).
    amount_due: Decimal


def _cents(column: Any) -> Any:
    """The sum of an amount column in whole cents: SQLite keeps amounts as floats, and adding
    100,000 floats drifts; integers add exactly on every database."""
    return func.coalesce(func.sum(cast(func.round(column * 100), Integer)), 0)


def _amount(cents: Any) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(_CENT)


def _month(session: Session, column: Any) -> Any:
    """The "YYYY-MM" of a date column, as the database spells it."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)  # SQLite stores dates as ISO text


def _live_exchanges(statuses: Collection[str]) -> Any:
    return ExchangeRow.deleted.is_(False) & ExchangeRow.status.in_(list(statuses))


def granted(session: Session) -> Total:
    """The lump sums of exchanges approved and later (not cancelled or rejected)."""
    row = session.execute(
        select(_cents(ExchangeRow.lump_sum), func.count()).where(_live_exchanges(_GRANTED))
    ).one()
    return Total(_amount(row[0]), int(row[1]))


def paid(session: Session) -> Total:
    """Every live payment to a live exchange."""
    row = session.execute(
        select(_cents(PaymentRow.amount), func.count(func.distinct(PaymentRow.exchange_uid)))
        .join(ExchangeRow, ExchangeRow.uid == PaymentRow.exchange_uid)
        .where(PaymentRow.deleted.is_(False), ExchangeRow.deleted.is_(False))
    ).one()
    return Total(_amount(row[0]), int(row[1]))


def _owed_cents() -> Any:
    """An exchange's amount owed in cents: once validated, its report's amount due; else (or
    without one) its lump sum. Needs the live report outer-joined as `ReportRow`."""
    validated = and_(
        ExchangeRow.report_validated_on.is_not(None), ReportRow.amount_due.is_not(None)
    )
    return case((validated, _cents_of(ReportRow.amount_due)), else_=_cents_of(ExchangeRow.lump_sum))


def _with_report() -> Any:
    """The join condition of an exchange's live report (one at most: exchange_uid is unique)."""
    return and_(ReportRow.exchange_uid == ExchangeRow.uid, ReportRow.deleted.is_(False))


def owed(session: Session) -> Total:
    """What the exchanges approved and later are owed: the amount due of those whose report was
    validated (less than the lump sum for a shorter stay), the lump sum of the others."""
    row = session.execute(
        select(func.coalesce(func.sum(_owed_cents()), 0), func.count())
        .select_from(ExchangeRow)
        .outerjoin(ReportRow, _with_report())
        .where(_live_exchanges(_GRANTED))
    ).one()
    return Total(_amount(row[0]), int(row[1]))


def forecast_rows(session: Session) -> list[ForecastRow]:
    host = aliased(OrganisationRow)
    query = (
        select(
            ExchangeRow.uid,
            ExchangeRow.start_date,
            ExchangeRow.end_date,
            host.country,
            ExchangeRow.distance_km,
        )
        .join(host, host.uid == ExchangeRow.host_organisation_uid)
        .where(_live_exchanges(_FORECAST))
    )
    return [ForecastRow(*r) for r in session.execute(query)]


def due_rows(session: Session) -> list[DueRow]:
    """Reported exchanges, with what was paid to each so far; earliest validated first."""
    host = aliased(OrganisationRow)
    # Correlated: only the few reported exchanges look up their payments (by the index).
    paid_so_far = (
        select(_cents(PaymentRow.amount))
        .where(PaymentRow.exchange_uid == ExchangeRow.uid, PaymentRow.deleted.is_(False))
        .correlate(ExchangeRow)
        .scalar_subquery()
    )
    query = (
        select(
            ExchangeRow.uid,
            ExchangeRow.reference,
            PersonRow.first_name,
            PersonRow.last_name,
            host.name,
            host.country,
            _cents_of(ExchangeRow.lump_sum),
            paid_so_far,
            ExchangeRow.report_validated_on,
            _owed_cents(),
        )
        .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
        .join(host, host.uid == ExchangeRow.host_organisation_uid)
        .outerjoin(ReportRow, _with_report())
        .where(
            _live_exchanges([Status.REPORTED.value]),
            ExchangeRow.report_validated_on.is_not(None),
        )
        .order_by(ExchangeRow.report_validated_on, ExchangeRow.reference)
    )
    return [
        DueRow(
            uid=r[0],
            reference=r[1],
            visitor=f"{r[2]} {r[3]}".strip(),
            host_organisation=r[4],
            host_country=r[5],
            lump_sum=_amount(r[6]),
            paid=_amount(r[7]),
            report_validated_on=r[8],
            amount_due=_amount(r[9]),
        )
        for r in session.execute(query)
    ]


def _cents_of(column: Any) -> Any:
    """One amount in whole cents (0 when empty)."""
    return func.coalesce(cast(func.round(column * 100), Integer), 0)


def granted_by_month(session: Session, first: date, last: date) -> dict[str, Decimal]:
    """Granted lump sums by the month the exchanges start, "YYYY-MM" → amount."""
    month = _month(session, ExchangeRow.start_date)
    query = (
        select(month, _cents(ExchangeRow.lump_sum))
        .where(
            _live_exchanges(_GRANTED),
            ExchangeRow.start_date >= first,
            ExchangeRow.start_date <= last,
        )
        .group_by(month)
    )
    return {str(m): _amount(c) for m, c in session.execute(query)}


def paid_by_month(session: Session, first: date, last: date) -> dict[str, Decimal]:
    """Payments by the month they were made, "YYYY-MM" → amount."""
    month = _month(session, PaymentRow.paid_on)
    query = (
        select(month, _cents(PaymentRow.amount))
        .join(ExchangeRow, ExchangeRow.uid == PaymentRow.exchange_uid)
        .where(
            PaymentRow.deleted.is_(False),
            ExchangeRow.deleted.is_(False),
            PaymentRow.paid_on >= first,
            PaymentRow.paid_on <= last,
        )
        .group_by(month)
    )
    return {str(m): _amount(c) for m, c in session.execute(query)}


@dataclass(frozen=True)
class CountryMoney:
    country: str
    granted: Decimal
    count: int


def granted_by_country(session: Session, limit: int | None = None) -> list[CountryMoney]:
    """Granted lump sums by host country, the largest first."""
    host = aliased(OrganisationRow)
    cents = _cents(ExchangeRow.lump_sum)
    query = (
        select(host.country, cents, func.count())
        .join(host, host.uid == ExchangeRow.host_organisation_uid)
        .where(_live_exchanges(_GRANTED))
        .group_by(host.country)
        .order_by(cents.desc(), host.country)
    )
    if limit:
        query = query.limit(limit)
    return [CountryMoney(c, _amount(s), int(n)) for c, s, n in session.execute(query)]
