"""The agency report's figures in set-based SQL: counts, sums, distinct organisations by group."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Select, case, cast, func, literal, or_, select, union
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import ExchangeRow, OrganisationRow, PaymentRow, PersonRow
from cxdesk.domain.codes import GRANTED_STATUSES, VOID_STATUSES, Purpose

_GRANTED = sorted(s.value for s in GRANTED_STATUSES)
_VOID = sorted(s.value for s in VOID_STATUSES)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """Exchanges starting from `first` to `last`, both inclusive; None is open-ended."""

    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class KindCount:
    """Organisations of one kind: visiting, hosting, and taking part (each counted once)."""

    kind: str
    visiting: int
    hosting: int
    taking_part: int


@dataclass(frozen=True)
class DaysGroup:
    """Exchanges sharing their dates and host country: their working days are the same."""

    start: date
    end: date
    host_country: str
    count: int


@dataclass(frozen=True)
class ListedExchange:
    reference: str
    status: str
    start: date
    end: date
    visiting_organisation: str
    visitor_country: str
    visitor_kind: str
    host_organisation: str
    host_country: str
    host_kind: str
    ecosystem: str
    purposes: str
    travel_mode: str
    lump_sum: Decimal | None
    paid: Decimal


@dataclass(frozen=True)
class RawFigures:
    """Everything the report counts, straight from the database (no labels, no formats)."""

    by_status: dict[str, int]
    by_ecosystem: dict[str, int]
    by_purpose: dict[str, int]
    by_host_country: dict[str, int]
    by_visitor_country: dict[str, int]
    kinds: list[KindCount]
    organisations_taking_part: int
    sme_visitors: int
    green_travel: int
    granted_by_host_country: dict[str, Decimal]
    granted_total: Decimal
    paid_total: Decimal
    days_groups: list[DaysGroup]


def _amount(cents: Any) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(_CENT)


def _cents(column: Any) -> Any:
    """A sum in whole cents: SQLite keeps amounts as floats, integers add exactly."""
    return func.coalesce(func.sum(cast(func.round(column * 100), Integer)), 0)


class _Ours:
    """The exchanges the report counts: live, starting in the period, paid by the partnership.

    An exchange counts once, in the partnership that pays it: the visiting organisation's
    (domain-rules.md). A visiting organisation with no partnership recorded is taken as the
    desk's own, since no other partnership claims it; a desk without a partnership counts all.
    """

    def __init__(self, period: Period, partnership: str | None) -> None:
        self.visitor_org = aliased(OrganisationRow, name="visiting")
        self.host_org = aliased(OrganisationRow, name="host")
        self.visitor = aliased(PersonRow, name="visitor")
        self.period = period
        self.partnership = partnership

    def select(self, *columns: Any, statuses: Collection[str] | None = None) -> Select[Any]:
        query = (
            select(*columns)
            .select_from(ExchangeRow)
            .join(self.visitor, self.visitor.uid == ExchangeRow.visitor_uid)
            .join(self.visitor_org, self.visitor_org.uid == self.visitor.organisation_uid)
            .join(self.host_org, self.host_org.uid == ExchangeRow.host_organisation_uid)
            .where(ExchangeRow.deleted.is_(False))
        )
        if self.period.first is not None:
            query = query.where(ExchangeRow.start_date >= self.period.first)
        if self.period.last is not None:
            query = query.where(ExchangeRow.start_date <= self.period.last)
        if self.partnership is not None:
            query = query.where(
                or_(
                    self.visitor_org.partnership == self.partnership,
                    self.visitor_org.partnership.is_(None),
                )
            )
        if statuses is not None:
            query = query.where(ExchangeRow.status.in_(sorted(statuses)))
        return query

    def counted(self, *columns: Any) -> Select[Any]:
        """Cancelled and rejected exchanges count only under their status."""
        return self.select(*columns).where(ExchangeRow.status.not_in(_VOID))

    def taking_part(self, *columns: Any) -> Select[Any]:
        """Approved or later: the organisations take part and green travel counts."""
        return self.select(*columns, statuses=_GRANTED)


def _grouped(session: Session, query: Select[Any], key: Any) -> dict[str, int]:
    rows = session.execute(query.add_columns(func.count()).group_by(key))
    return {str(code or ""): int(n) for code, n in rows}


def _purposes(session: Session, ours: _Ours) -> dict[str, int]:
    # Purposes are a ';'-joined list: one conditional count per code, in one pass.
    wrapped = literal(";") + func.coalesce(ExchangeRow.purposes, "") + literal(";")
    columns = [
        func.coalesce(func.sum(case((wrapped.like(f"%;{p.value};%"), 1), else_=0)), 0)
        for p in Purpose
    ]
    row = session.execute(ours.counted(*columns)).one()
    return {p.value: int(n) for p, n in zip(Purpose, row, strict=True)}


def _kinds(session: Session, ours: _Ours) -> tuple[list[KindCount], int]:
    visiting = ours.taking_part(ours.visitor_org.uid.label("uid"))
    hosting = ours.taking_part(ExchangeRow.host_organisation_uid.label("uid"))
    counts: dict[str, list[int]] = {}
    for index, query in enumerate((visiting, hosting, union(visiting, hosting))):
        uids = query.subquery()
        rows = session.execute(
            select(OrganisationRow.kind, func.count())
            .where(OrganisationRow.uid.in_(select(uids.c.uid)))
            .group_by(OrganisationRow.kind)
        )
        for kind, n in rows:
            counts.setdefault(str(kind), [0, 0, 0])[index] = int(n)
    kinds = [KindCount(k, *v) for k, v in sorted(counts.items())]
    return kinds, sum(k.taking_part for k in kinds)


def figures(session: Session, period: Period, partnership: str | None) -> RawFigures:
    """The report's figures for the exchanges `partnership` pays that start in `period`."""
    ours = _Ours(period, partnership)
    host_country = ours.host_org.country
    kinds, taking_part = _kinds(session, ours)
    sme = session.execute(
        ours.taking_part(func.count(func.distinct(ours.visitor_org.uid))).where(
            ours.visitor_org.kind == "sme"
        )
    ).scalar_one()
    green = session.execute(
        ours.taking_part(func.count()).where(ExchangeRow.travel_mode == "green")
    ).scalar_one()
    granted = {
        str(c): _amount(s)
        for c, s in session.execute(
            ours.taking_part(host_country, _cents(ExchangeRow.lump_sum)).group_by(host_country)
        )
    }
    paid = session.execute(
        ours.counted(_cents(PaymentRow.amount)).join(
            PaymentRow,
            (PaymentRow.exchange_uid == ExchangeRow.uid) & PaymentRow.deleted.is_(False),
        )
    ).scalar_one()
    days = [
        DaysGroup(s, e, str(c), int(n))
        for s, e, c, n in session.execute(
            ours.taking_part(
                ExchangeRow.start_date, ExchangeRow.end_date, host_country, func.count()
            ).group_by(ExchangeRow.start_date, ExchangeRow.end_date, host_country)
        )
    ]
    return RawFigures(
        by_status=_grouped(session, ours.select(ExchangeRow.status), ExchangeRow.status),
        by_ecosystem=_grouped(session, ours.counted(ExchangeRow.ecosystem), ExchangeRow.ecosystem),
        by_purpose=_purposes(session, ours),
        by_host_country=_grouped(session, ours.counted(host_country), host_country),
        by_visitor_country=_grouped(
            session, ours.counted(ours.visitor_org.country), ours.visitor_org.country
        ),
        kinds=kinds,
        organisations_taking_part=taking_part,
        sme_visitors=int(sme),
        green_travel=int(green),
        granted_by_host_country=granted,
        granted_total=sum(granted.values(), Decimal("0.00")),
        paid_total=_amount(paid),
        days_groups=days,
    )


def listed(session: Session, period: Period, partnership: str | None) -> list[ListedExchange]:
    """Every exchange the report counts (any status), earliest first, with what was paid."""
    ours = _Ours(period, partnership)
    paid = (
        select(PaymentRow.exchange_uid, _cents(PaymentRow.amount).label("cents"))
        .where(PaymentRow.deleted.is_(False))
        .group_by(PaymentRow.exchange_uid)
        .subquery()
    )
    query = (
        ours.select(
            ExchangeRow.reference,
            ExchangeRow.status,
            ExchangeRow.start_date,
            ExchangeRow.end_date,
            ours.visitor_org.name,
            ours.visitor_org.country,
            ours.visitor_org.kind,
            ours.host_org.name,
            ours.host_org.country,
            ours.host_org.kind,
            ExchangeRow.ecosystem,
            ExchangeRow.purposes,
            ExchangeRow.travel_mode,
            ExchangeRow.lump_sum,
            paid.c.cents,
        )
        .outerjoin(paid, paid.c.exchange_uid == ExchangeRow.uid)
        .order_by(ExchangeRow.start_date, ExchangeRow.reference)
    )
    return [
        ListedExchange(
            reference=r[0],
            status=r[1],
            start=r[2],
            end=r[3],
            visiting_organisation=r[4],
            visitor_country=r[5],
            visitor_kind=r[6],
            host_organisation=r[7],
            host_country=r[8],
            host_kind=r[9],
            ecosystem=r[10] or "",
            purposes=r[11] or "",
            travel_mode=r[12] or "",
            lump_sum=None if r[13] is None else Decimal(r[13]).quantize(_CENT),
            paid=_amount(r[14]),
        )
        for r in session.execute(query)
    ]
