"""Big tables, ids first: filter and sort in SQL, return ids and a total, fetch rows on demand."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, Page, PersonFilter, Sort

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class OrgLine:
    id: int
    uid: str
    name: str
    kind: str
    country: str
    city: str
    partnership: str | None
    ecosystems: str
    cluster_uid: str | None


@dataclass(frozen=True)
class PersonLine:
    id: int
    uid: str
    first_name: str
    last_name: str
    email: str | None
    role: str | None
    language: str | None
    organisation_uid: str


@dataclass(frozen=True)
class ExchangeLine:
    id: int
    uid: str
    reference: str
    status: str
    visitor: str
    visitor_uid: str
    visiting_organisation: str
    visiting_organisation_uid: str
    visiting_country: str
    host_organisation: str
    host_organisation_uid: str
    host_country: str
    start_date: date
    end_date: date
    lump_sum: Decimal | None
    ecosystem: str | None
    report_validated_on: date | None


def _tokens(text_filter: str) -> list[str]:
    return _TOKEN.findall(text_filter)[:8]


def _fts_match(session: Session, table: str, tokens: list[str]) -> ColumnElement[bool]:
    """A condition selecting rows whose indexed names start with every typed word."""
    if session.get_bind().dialect.name == "sqlite":
        query = " AND ".join(f'"{t}"*' for t in tokens)
        model = OrganisationRow if table == "organisations" else PersonRow
        return model.id.in_(
            select(literal_column("rowid"))
            .select_from(text(f"{table}_fts"))
            .where(text(f"{table}_fts MATCH :q").bindparams(q=query))
        )
    ts = " & ".join(f"{t}:*" for t in tokens)
    if table == "organisations":
        doc = "organisations.name || ' ' || organisations.city"
    else:
        doc = "people.first_name || ' ' || people.last_name || ' ' || coalesce(people.email, '')"
    clause = text(f"to_tsvector('simple', {doc}) @@ to_tsquery('simple', :ts)").bindparams(ts=ts)
    return clause  # type: ignore[return-value]  # a boolean SQL expression


def _page(session: Session, query: Select[Any], limit: int | None) -> Page:
    ids = list(session.scalars(query.limit(limit) if limit else query))
    if limit and len(ids) == limit:
        total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    else:
        total = len(ids)
    return Page(total=total, ids=ids)


ORG_SORT = {
    "name": OrganisationRow.name,
    "kind": OrganisationRow.kind,
    "country": OrganisationRow.country,
    "city": OrganisationRow.city,
    "partnership": OrganisationRow.partnership,
}


def organisation_page(
    session: Session, flt: OrgFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    query = select(OrganisationRow.id).where(OrganisationRow.deleted.is_(False))
    tokens = _tokens(flt.text)
    if tokens:
        query = query.where(_fts_match(session, "organisations", tokens))
    if flt.country:
        query = query.where(OrganisationRow.country == flt.country)
    if flt.kind:
        query = query.where(OrganisationRow.kind == flt.kind)
    if flt.partnership:
        query = query.where(OrganisationRow.partnership == flt.partnership)
    if flt.ecosystem:
        query = query.where(
            (literal_column("';'") + OrganisationRow.ecosystems + literal_column("';'")).like(
                f"%;{flt.ecosystem};%"
            )
        )
    if flt.clusters_only:
        query = query.where(OrganisationRow.kind == "cluster_organisation")
    column = ORG_SORT.get(sort.column if sort else "name", OrganisationRow.name)
    order = column.desc() if sort and sort.descending else column.asc()
    return _page(session, query.order_by(order, OrganisationRow.id), limit)


def organisation_lines(session: Session, ids: Sequence[int]) -> dict[int, OrgLine]:
    rows = session.execute(
        select(
            OrganisationRow.id,
            OrganisationRow.uid,
            OrganisationRow.name,
            OrganisationRow.kind,
            OrganisationRow.country,
            OrganisationRow.city,
            OrganisationRow.partnership,
            OrganisationRow.ecosystems,
            OrganisationRow.cluster_uid,
        ).where(OrganisationRow.id.in_(list(ids)))
    )
    return {r.id: OrgLine(*r) for r in rows}


PERSON_SORT = {
    "last_name": PersonRow.last_name,
    "first_name": PersonRow.first_name,
    "email": PersonRow.email,
    "role": PersonRow.role,
    "language": PersonRow.language,
}


def person_page(
    session: Session, flt: PersonFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    query = select(PersonRow.id).where(PersonRow.deleted.is_(False))
    tokens = _tokens(flt.text)
    if tokens:
        query = query.where(_fts_match(session, "people", tokens))
    if flt.organisation_uid:
        query = query.where(PersonRow.organisation_uid == flt.organisation_uid)
    column = PERSON_SORT.get(sort.column if sort else "last_name", PersonRow.last_name)
    order = column.desc() if sort and sort.descending else column.asc()
    return _page(session, query.order_by(order, PersonRow.id), limit)


def person_lines(session: Session, ids: Sequence[int]) -> dict[int, PersonLine]:
    rows = session.execute(
        select(
            PersonRow.id,
            PersonRow.uid,
            PersonRow.first_name,
            PersonRow.last_name,
            PersonRow.email,
            PersonRow.role,
            PersonRow.language,
            PersonRow.organisation_uid,
        ).where(PersonRow.id.in_(list(ids)))
    )
    return {r.id: PersonLine(*r) for r in rows}


_Visitor = aliased(PersonRow, name="visitor")
_VisitingOrg = aliased(OrganisationRow, name="visiting_org")
_HostOrg = aliased(OrganisationRow, name="host_org")

EXCHANGE_SORT = {
    "reference": ExchangeRow.reference,
    "status": ExchangeRow.status,
    "start_date": ExchangeRow.start_date,
    "end_date": ExchangeRow.end_date,
    "lump_sum": ExchangeRow.lump_sum,
    "visitor": _Visitor.last_name,
    "visiting_organisation": _VisitingOrg.name,
    "host_organisation": _HostOrg.name,
    "host_country": _HostOrg.country,
    "visiting_country": _VisitingOrg.country,
}


def _joined(query: Any) -> Any:
    return (
        query.join(_Visitor, _Visitor.uid == ExchangeRow.visitor_uid)
        .join(_VisitingOrg, _VisitingOrg.uid == _Visitor.organisation_uid)
        .join(_HostOrg, _HostOrg.uid == ExchangeRow.host_organisation_uid)
    )


def exchange_page(
    session: Session, flt: ExchangeFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    query = select(ExchangeRow.id).where(ExchangeRow.deleted.is_(False))
    sort_column = EXCHANGE_SORT.get(sort.column if sort else "start_date", ExchangeRow.start_date)
    needs_join = bool(flt.host_country) or sort_column in (
        _Visitor.last_name,
        _VisitingOrg.name,
        _HostOrg.name,
        _HostOrg.country,
        _VisitingOrg.country,
    )
    tokens = _tokens(flt.text)
    if tokens:
        conditions = []
        for token in tokens:
            like = f"%{token}%"
            # A reference or a name: match the reference directly, names through the FTS indexes.
            org_ids = select(OrganisationRow.uid).where(
                _fts_match(session, "organisations", [token])
            )
            person_ids = select(PersonRow.uid).where(_fts_match(session, "people", [token]))
            visiting_people = select(PersonRow.uid).where(PersonRow.organisation_uid.in_(org_ids))
            conditions.append(
                or_(
                    ExchangeRow.reference.ilike(like),
                    ExchangeRow.visitor_uid.in_(person_ids),
                    ExchangeRow.host_organisation_uid.in_(org_ids),
                    ExchangeRow.visitor_uid.in_(visiting_people),
                )
            )
        query = query.where(and_(*conditions))
    if flt.statuses:
        query = query.where(ExchangeRow.status.in_(sorted(flt.statuses)))
    if flt.ecosystem:
        query = query.where(ExchangeRow.ecosystem == flt.ecosystem)
    if flt.visitor_uid:
        query = query.where(ExchangeRow.visitor_uid == flt.visitor_uid)
    if flt.organisation_uid:
        visitors = select(PersonRow.uid).where(PersonRow.organisation_uid == flt.organisation_uid)
        query = query.where(
            or_(
                ExchangeRow.host_organisation_uid == flt.organisation_uid,
                ExchangeRow.visitor_uid.in_(visitors),
            )
        )
    if flt.starts_after:
        query = query.where(ExchangeRow.end_date >= flt.starts_after)
    if flt.ends_before:
        query = query.where(ExchangeRow.start_date <= flt.ends_before)
    if needs_join:
        query = _joined(query)
        if flt.host_country:
            query = query.where(_HostOrg.country == flt.host_country)
    order = sort_column.desc() if sort and sort.descending else sort_column.asc()
    return _page(session, query.order_by(order, ExchangeRow.id), limit)


def exchange_lines(session: Session, ids: Sequence[int]) -> dict[int, ExchangeLine]:
    query = _joined(
        select(
            ExchangeRow.id,
            ExchangeRow.uid,
            ExchangeRow.reference,
            ExchangeRow.status,
            (_Visitor.first_name + " " + _Visitor.last_name).label("visitor"),
            ExchangeRow.visitor_uid,
            _VisitingOrg.name,
            _VisitingOrg.uid,
            _VisitingOrg.country,
            _HostOrg.name,
            _HostOrg.uid,
            _HostOrg.country,
            ExchangeRow.start_date,
            ExchangeRow.end_date,
            ExchangeRow.lump_sum,
            ExchangeRow.ecosystem,
            ExchangeRow.report_validated_on,
        )
    ).where(ExchangeRow.id.in_(list(ids)))
    return {r[0]: ExchangeLine(*r) for r in session.execute(query)}
