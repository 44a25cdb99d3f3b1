"""Big tables, ids first: filter and sort in SQL, return ids and a total, fetch rows on demand."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import table as sql_table

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


def _fts_query(tokens: list[str]) -> str:
    """An FTS5 query: every typed word as a prefix."""
    return " AND ".join(f'"{t}"*' for t in tokens)


def _fts_match(session: Session, table: str, tokens: list[str]) -> ColumnElement[bool]:
    """A condition selecting rows whose indexed names start with every typed word."""
    if session.get_bind().dialect.name == "sqlite":
        query = _fts_query(tokens)
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


def _page(
    session: Session, query: Select[Any], limit: int | None, count: Select[Any] | None = None
) -> Page:
    ids = list(session.scalars(query.limit(limit) if limit else query))
    if limit and len(ids) == limit:
        # Count without the ORDER BY: sorting every match only to count them is wasted work,
        # and most of the cost of the count.
        unordered = (count if count is not None else query).order_by(None)
        counted = select(func.count()).select_from(unordered.subquery())
        total = int(session.scalar(counted) or 0)
    else:
        total = len(ids)
    return Page(total=total, ids=ids)


def _window(session: Session, query: Select[Any], offset: int, limit: int) -> list[int]:
    """The ids from `offset` on, at most `limit`: a table fetching the rows scrolled into view."""
    return list(session.scalars(query.offset(offset).limit(limit)))


ORG_SORT = {
    "name": OrganisationRow.name,
    "kind": OrganisationRow.kind,
    "country": OrganisationRow.country,
    "city": OrganisationRow.city,
    "partnership": OrganisationRow.partnership,
}


def _organisation_query(session: Session, flt: OrgFilter, sort: Sort | None) -> Select[Any]:
    query = select(OrganisationRow.id).where(OrganisationRow.deleted.is_(False))
    tokens = _tokens(flt.text)
    if tokens and session.get_bind().dialect.name == "sqlite":
        # A join reads the matches in rowid order, walking both sides once; `id IN (matches)`
        # would look each id up again.
        fts = sql_table("organisations_fts", sql_column("rowid"))
        query = query.join(fts, fts.c.rowid == OrganisationRow.id).where(
            text("organisations_fts MATCH :q").bindparams(q=_fts_query(tokens))
        )
    elif tokens:
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
    return query.order_by(order, OrganisationRow.id)


def organisation_page(
    session: Session, flt: OrgFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    return _page(session, _organisation_query(session, flt, sort), limit)


def organisation_ids(
    session: Session, flt: OrgFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    return _window(session, _organisation_query(session, flt, sort), offset, limit)


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


def _person_query(session: Session, flt: PersonFilter, sort: Sort | None) -> Select[Any]:
    query = select(PersonRow.id).where(PersonRow.deleted.is_(False))
    tokens = _tokens(flt.text)
    if tokens:
        query = query.where(_fts_match(session, "people", tokens))
    if flt.organisation_uid:
        query = query.where(PersonRow.organisation_uid == flt.organisation_uid)
    column = PERSON_SORT.get(sort.column if sort else "last_name", PersonRow.last_name)
    order = column.desc() if sort and sort.descending else column.asc()
    return query.order_by(order, PersonRow.id)


def person_page(
    session: Session, flt: PersonFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    return _page(session, _person_query(session, flt, sort), limit)


def person_ids(
    session: Session, flt: PersonFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    return _window(session, _person_query(session, flt, sort), offset, limit)


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


def _exchange_text(session: Session, token: str) -> CompoundSelect[Any]:
    """Ids of exchanges whose reference holds the word, or whose visitor, visiting or host
    organisation has a name starting with it.

    A union of indexed look-ups: testing the four conditions on every exchange took 1 s on
    100,000 exchanges.
    """
    orgs = select(OrganisationRow.uid).where(_fts_match(session, "organisations", [token]))
    people = select(PersonRow.uid).where(_fts_match(session, "people", [token]))
    members = select(PersonRow.uid).where(PersonRow.organisation_uid.in_(orgs))
    return union(
        select(ExchangeRow.id).where(ExchangeRow.reference.ilike(f"%{token}%")),
        select(ExchangeRow.id).where(ExchangeRow.visitor_uid.in_(people)),
        select(ExchangeRow.id).where(ExchangeRow.host_organisation_uid.in_(orgs)),
        select(ExchangeRow.id).where(ExchangeRow.visitor_uid.in_(members)),
    )


#: On SQLite (migration 0005) an exchange's sort keys from other tables, kept next to it.
_KEYS = sql_table(
    "exchange_keys",
    sql_column("id"),
    sql_column("visitor"),
    sql_column("visiting_organisation"),
    sql_column("visiting_country"),
    sql_column("host_organisation"),
    sql_column("host_country"),
)
#: The sort keys `exchange_keys` answers from an index (each with the id after it).
_KEYED_SORT = {
    "visitor": _KEYS.c.visitor,
    "visiting_organisation": _KEYS.c.visiting_organisation,
    "visiting_country": _KEYS.c.visiting_country,
    "host_organisation": _KEYS.c.host_organisation,
    "host_country": _KEYS.c.host_country,
}
_EXCHANGES_FTS = sql_table("exchanges_fts", sql_column("rowid"))


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _fts_words(tokens: list[str]) -> ColumnElement[bool]:
    clause = text("exchanges_fts MATCH :words").bindparams(words=_fts_query(tokens))
    return clause  # type: ignore[return-value]  # a boolean SQL expression


def _fts_ids(tokens: list[str]) -> Select[Any]:
    return select(_EXCHANGES_FTS.c.rowid).where(_fts_words(tokens))


#: Matches past which the first page is read walking the sort's index (keeping the matches)
#: rather than sorting every match: sorting costs a look-up per match, walking one per row
#: passed, about first-page x all / matches; they cross near sqrt(300 x 100,000).
COMMON_MATCHES = 5000

#: Sorts whose first rows an index gives (on SQLite): only these may walk it.
_INDEXED_SORT = {"start_date", "end_date", "status", "reference", *_KEYED_SORT}


def _common(session: Session, flt: ExchangeFilter, sort: Sort | None) -> bool:
    """Whether the words match so many exchanges that walking the sort's index is cheaper."""
    tokens = _tokens(flt.text)
    column = sort.column if sort else "start_date"
    if not tokens or column not in _INDEXED_SORT or not _on_sqlite(session):
        return False
    capped = _fts_ids(tokens).limit(COMMON_MATCHES + 1).subquery()
    found = session.scalar(select(func.count()).select_from(capped)) or 0
    return found > COMMON_MATCHES


def _exchange_filtered(
    session: Session, flt: ExchangeFilter, walk_sort_index: bool = False
) -> Select[Any]:
    query = select(ExchangeRow.id).where(ExchangeRow.deleted.is_(False))
    tokens = _tokens(flt.text)
    if tokens and _on_sqlite(session):
        # Every word of the exchange (its reference, visitor, visiting and host organisation)
        # in one index: the matches in one look-up, whatever the tables' sizes.
        if walk_sort_index:
            # `id + 0`: no look-up by id, so SQLite walks the sort's index and keeps the
            # exchanges among the matches (see `_common`).
            shifted = ExchangeRow.id + literal_column("0")
            query = query.where(shifted.in_(_fts_ids(tokens)))
        else:
            query = query.join(_EXCHANGES_FTS, _EXCHANGES_FTS.c.rowid == ExchangeRow.id).where(
                _fts_words(tokens)
            )
    else:
        for token in tokens:
            query = query.where(ExchangeRow.id.in_(_exchange_text(session, token)))
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
    if flt.host_country:
        hosts = select(OrganisationRow.uid).where(OrganisationRow.country == flt.host_country)
        query = query.where(ExchangeRow.host_organisation_uid.in_(hosts))
    return query


def _exchange_query(session: Session, flt: ExchangeFilter, sort: Sort | None) -> Select[Any]:
    query = _exchange_filtered(session, flt, walk_sort_index=_common(session, flt, sort))
    keyed = _KEYED_SORT.get(sort.column) if sort and _on_sqlite(session) else None
    if keyed is not None and sort is not None:
        # A name from another table, copied next to the exchange with an index on (key, id):
        # the first rows read off the index in either direction (the id follows it).
        query = query.join(_KEYS, _KEYS.c.id == ExchangeRow.id)
        if sort.descending:
            return query.order_by(keyed.desc(), _KEYS.c.id.desc())
        return query.order_by(keyed.asc(), _KEYS.c.id.asc())
    sort_column = EXCHANGE_SORT.get(sort.column if sort else "start_date", ExchangeRow.start_date)
    # Join only what the sort needs: each join is a look-up by uid for every exchange.
    if sort_column in (_Visitor.last_name, _VisitingOrg.name, _VisitingOrg.country):
        query = query.join(_Visitor, _Visitor.uid == ExchangeRow.visitor_uid)
    if sort_column in (_VisitingOrg.name, _VisitingOrg.country):
        query = query.join(_VisitingOrg, _VisitingOrg.uid == _Visitor.organisation_uid)
    if sort_column in (_HostOrg.name, _HostOrg.country):
        query = query.join(_HostOrg, _HostOrg.uid == ExchangeRow.host_organisation_uid)
    order = sort_column.desc() if sort and sort.descending else sort_column.asc()
    return query.order_by(order, ExchangeRow.id)


def exchange_page(
    session: Session, flt: ExchangeFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    count = _exchange_filtered(session, flt)  # the count needs no join for the sort
    return _page(session, _exchange_query(session, flt, sort), limit, count)


def exchange_ids(
    session: Session, flt: ExchangeFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    return _window(session, _exchange_query(session, flt, sort), offset, limit)


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
