"""Exchanges overlapping a date range, and the clashes among them, each in one SQL query."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.domain.codes import VOID_STATUSES

#: An exchange lasts one calendar month at most; this margin lets the range filter use the index
#: on start_date (end_date has none). Twice the longest legal stay, so a slightly long imported
#: exchange is still found.
LONGEST_STAY = timedelta(days=62)

_VOID = [s.value for s in VOID_STATUSES]


@dataclass(frozen=True)
class SpanRow:
    """One exchange as the calendar draws it."""

    uid: str
    reference: str
    status: str
    start_date: date
    end_date: date
    visitor_uid: str
    visitor: str
    visiting_organisation: str
    host_organisation: str
    host_country: str


@dataclass(frozen=True)
class ClashRow:
    """Two live exchanges that cannot both happen: `kind` is "visitor" or "organisation"."""

    kind: str
    first_uid: str
    first_reference: str
    second_uid: str
    second_reference: str
    who: str  # the visitor's or the visiting organisation's name


def _overlapping(row: Any, start: date, end: date) -> Any:
    return and_(
        row.start_date <= end,
        row.start_date >= start - LONGEST_STAY,
        row.end_date >= start,
        row.deleted.is_(False),
    )


def spans_between(
    session: Session,
    start: date,
    end: date,
    *,
    host_country: str | None = None,
    statuses: Collection[str] = (),
) -> list[SpanRow]:
    """Live exchanges with at least one day from `start` to `end`, by start date and reference."""
    visiting = aliased(OrganisationRow)
    host = aliased(OrganisationRow)
    query: Any = (
        select(
            ExchangeRow.uid,
            ExchangeRow.reference,
            ExchangeRow.status,
            ExchangeRow.start_date,
            ExchangeRow.end_date,
            ExchangeRow.visitor_uid,
            PersonRow.first_name,
            PersonRow.last_name,
            visiting.name,
            host.name,
            host.country,
        )
        .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
        .join(visiting, visiting.uid == PersonRow.organisation_uid)
        .join(host, host.uid == ExchangeRow.host_organisation_uid)
        .where(_overlapping(ExchangeRow, start, end))
        .order_by(ExchangeRow.start_date, ExchangeRow.end_date.desc(), ExchangeRow.reference)
    )
    if host_country:
        query = query.where(host.country == host_country)
    if statuses:
        query = query.where(ExchangeRow.status.in_(list(statuses)))
    return [
        SpanRow(
            uid=r[0],
            reference=r[1],
            status=r[2],
            start_date=r[3],
            end_date=r[4],
            visitor_uid=r[5],
            visitor=f"{r[6]} {r[7]}".strip(),
            visiting_organisation=r[8],
            host_organisation=r[9],
            host_country=r[10],
        )
        for r in session.execute(query)
    ]


def clashes_between(session: Session, start: date, end: date) -> list[ClashRow]:
    """Clashes touching a live exchange of the range.

    The same visitor in two overlapping exchanges; and an organisation visiting twice (it may
    visit only once, whenever the other visit is). Cancelled and rejected exchanges don't count.
    """
    a = aliased(ExchangeRow)
    b = aliased(ExchangeRow)
    pa = aliased(PersonRow)
    pb = aliased(PersonRow)
    org = aliased(OrganisationRow)
    live = and_(a.status.not_in(_VOID), b.status.not_in(_VOID), b.deleted.is_(False))
    same_visitor = (
        select(a.uid, a.reference, b.uid, b.reference, pa.first_name, pa.last_name)
        .join(b, and_(b.visitor_uid == a.visitor_uid, b.id != a.id))
        .join(pa, pa.uid == a.visitor_uid)
        .where(
            _overlapping(a, start, end),
            live,
            b.start_date <= a.end_date,
            b.end_date >= a.start_date,
        )
    )
    same_org = (
        select(a.uid, a.reference, b.uid, b.reference, org.name)
        .join(pa, pa.uid == a.visitor_uid)
        .join(pb, pb.organisation_uid == pa.organisation_uid)
        .join(b, and_(b.visitor_uid == pb.uid, b.id != a.id))
        .join(org, org.uid == pa.organisation_uid)
        .where(_overlapping(a, start, end), live)
    )
    found: dict[frozenset[str], ClashRow] = {}
    for r in session.execute(same_visitor):
        found.setdefault(
            frozenset((r[0], r[2])),
            _ordered("visitor", r[0], r[1], r[2], r[3], f"{r[4]} {r[5]}".strip()),
        )
    for o in session.execute(same_org):
        # Two overlapping stays of one visitor are already named by the visitor clash.
        found.setdefault(
            frozenset((o[0], o[2])), _ordered("organisation", o[0], o[1], o[2], o[3], o[4])
        )
    return sorted(found.values(), key=lambda c: (c.first_reference, c.second_reference))


def _ordered(kind: str, uid1: str, ref1: str, uid2: str, ref2: str, who: str) -> ClashRow:
    if ref2 < ref1:
        uid1, ref1, uid2, ref2 = uid2, ref2, uid1, ref1
    return ClashRow(kind, uid1, ref1, uid2, ref2, who)
