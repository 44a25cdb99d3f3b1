"""The exchanges table, ids first: filter and sort in SQL, return ids and a total, lines on demand.

On SQLite the first ids and the lines of a screen are prepared statements (`prepared`): a
keystroke costs SQLite's time and little more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
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

from cxdesk.db import prepared
from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.db.search_words import fts_match, fts_query, on_sqlite, page_of, tokens, window_of
from cxdesk.domain.filters import ExchangeFilter, Page, Sort


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
    organisation has a name starting with it (a server's database: SQLite has `exchanges_fts`).

    A union of indexed look-ups: testing the four conditions on every exchange took 1 s on
    100,000 exchanges.
    """
    orgs = select(OrganisationRow.uid).where(fts_match(session, "organisations", [token]))
    people = select(PersonRow.uid).where(fts_match(session, "people", [token]))
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


def _fts_words(query: str) -> ColumnElement[bool]:
    clause = text("exchanges_fts MATCH :words").bindparams(words=query)
    return clause  # type: ignore[return-value]  # a boolean SQL expression


def _fts_ids(query: str) -> Select[Any]:
    return select(_EXCHANGES_FTS.c.rowid).where(_fts_words(query))


#: Matches past which the first page is read walking the sort's index (keeping the matches)
#: rather than sorting every match: sorting costs a look-up per match, walking one per row
#: passed, about first-page x all / matches; they cross near sqrt(300 x 100,000).
COMMON_MATCHES = 5000

#: Sorts whose first rows an index gives (on SQLite): only these may walk it.
_INDEXED_SORT = {"start_date", "end_date", "status", "reference", *_KEYED_SORT}


def _common(session: Session, flt: ExchangeFilter, sort: Sort | None) -> bool:
    """Whether the words match so many exchanges that walking the sort's index is cheaper."""
    words = tokens(flt.text)
    column = sort.column if sort else "start_date"
    if not words or column not in _INDEXED_SORT or not on_sqlite(session):
        return False

    def build() -> Select[Any]:
        # With its OFFSET named too: SQLite's LIMIT comes with one, else an unnamed parameter.
        capped = _fts_ids("").limit(bindparam("cap", 0)).offset(bindparam("offset", 0))
        return select(func.count()).select_from(capped.subquery())

    statement = prepared.prepared(("exchanges common",), session.get_bind().dialect, build)
    values = {"words": fts_query(words), "cap": COMMON_MATCHES + 1, "offset": 0}
    return int(prepared.column(session, statement, values)[0]) > COMMON_MATCHES


def _exchange_values(flt: ExchangeFilter) -> dict[str, Any]:
    """The filter's values, by the name of their parameter in the query (SQLite's words too)."""
    values: dict[str, Any] = {}
    words = tokens(flt.text)
    if words:
        values["words"] = fts_query(words)
    for index, status in enumerate(sorted(flt.statuses)):
        values[f"status{index}"] = status
    for name in ("ecosystem", "visitor_uid", "organisation_uid", "host_country"):
        if getattr(flt, name):
            values[name] = getattr(flt, name)
    for name in ("starts_after", "ends_before"):
        if getattr(flt, name):
            values[name] = getattr(flt, name)
    return values


def _exchange_filtered(
    session: Session, flt: ExchangeFilter, walk_sort_index: bool = False
) -> Select[Any]:
    """The ids the filter selects; each value a named parameter (`_exchange_values`)."""
    values = _exchange_values(flt)

    def value(name: str) -> Any:
        return bindparam(name, values[name])

    query = select(ExchangeRow.id).where(ExchangeRow.deleted.is_(False))
    if "words" in values and on_sqlite(session):
        # Every word of the exchange (its reference, visitor, visiting and host organisation)
        # in one index: the matches in one look-up, whatever the tables' sizes.
        if walk_sort_index:
            # `id + 0`: no look-up by id, so SQLite walks the sort's index and keeps the
            # exchanges among the matches (see `_common`).
            shifted = ExchangeRow.id + literal_column("0")
            query = query.where(shifted.in_(_fts_ids(values["words"])))
        else:
            query = query.join(_EXCHANGES_FTS, _EXCHANGES_FTS.c.rowid == ExchangeRow.id).where(
                _fts_words(values["words"])
            )
    else:
        for token in tokens(flt.text):
            query = query.where(ExchangeRow.id.in_(_exchange_text(session, token)))
    if flt.statuses:
        statuses = [value(f"status{i}") for i in range(len(flt.statuses))]
        query = query.where(ExchangeRow.status.in_(statuses))
    if flt.ecosystem:
        query = query.where(ExchangeRow.ecosystem == value("ecosystem"))
    if flt.visitor_uid:
        query = query.where(ExchangeRow.visitor_uid == value("visitor_uid"))
    if flt.organisation_uid:
        visitors = select(PersonRow.uid).where(
            PersonRow.organisation_uid == value("organisation_uid")
        )
        query = query.where(
            or_(
                ExchangeRow.host_organisation_uid == value("organisation_uid"),
                ExchangeRow.visitor_uid.in_(visitors),
            )
        )
    if flt.starts_after:
        query = query.where(ExchangeRow.end_date >= value("starts_after"))
    if flt.ends_before:
        query = query.where(ExchangeRow.start_date <= value("ends_before"))
    if flt.host_country:
        hosts = select(OrganisationRow.uid).where(OrganisationRow.country == value("host_country"))
        query = query.where(ExchangeRow.host_organisation_uid.in_(hosts))
    return query


def _exchange_query(
    session: Session, flt: ExchangeFilter, sort: Sort | None, walk: bool | None = None
) -> Select[Any]:
    if walk is None:
        walk = _common(session, flt, sort)
    query = _exchange_filtered(session, flt, walk_sort_index=walk)
    keyed = _KEYED_SORT.get(sort.column) if sort and on_sqlite(session) else None
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
    return page_of(session, _exchange_query(session, flt, sort), limit, count)


def exchange_ids(
    session: Session, flt: ExchangeFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    if not on_sqlite(session):
        return window_of(session, _exchange_query(session, flt, sort), offset, limit)
    walk = _common(session, flt, sort)
    values = _exchange_values(flt)

    def build() -> Select[Any]:
        query = _exchange_query(session, flt, sort, walk)
        return query.offset(bindparam("offset", 0)).limit(bindparam("limit", 0))

    key = ("exchange ids", tuple(values), sort, walk)
    statement = prepared.prepared(key, session.get_bind().dialect, build)
    return prepared.column(session, statement, {**values, "offset": offset, "limit": limit})


def _lines_query(ids: Any) -> Select[Any]:
    query = _joined(
        select(
            ExchangeRow.id,
            ExchangeRow.uid,
            ExchangeRow.reference,
            ExchangeRow.status,
            (_Visitor.first_name + literal_column("' '") + _Visitor.last_name).label("visitor"),
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
    )
    return query.where(ExchangeRow.id.in_(ids))  # type: ignore[no-any-return]


def exchange_lines(session: Session, ids: Sequence[int]) -> dict[int, ExchangeLine]:
    wanted = list(ids)
    if not on_sqlite(session) or len(wanted) > prepared.MANY:
        return {r[0]: ExchangeLine(*r) for r in session.execute(_lines_query(wanted))}
    if not wanted:
        return {}
    names = [f"id{i}" for i in range(len(wanted))]
    statement = prepared.prepared(
        ("exchange lines", len(names)),
        session.get_bind().dialect,
        lambda: _lines_query([bindparam(name, 0) for name in names]),
    )
    found = prepared.rows(session, statement, dict(zip(names, wanted, strict=True)))
    return {r[0]: ExchangeLine(*r) for r in found}
