"""Big tables, ids first: filter and sort in SQL, return ids and a total, fetch rows on demand.

On SQLite the first ids and the lines of a screen are prepared statements (`prepared`): a
keystroke costs SQLite's time and little more. The exchanges are in `browse_exchanges`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import table as sql_table

from cxdesk.db import prepared
from cxdesk.db.browse_exchanges import (
    COMMON_MATCHES,
    EXCHANGE_SORT,
    ExchangeLine,
    exchange_ids,
    exchange_lines,
    exchange_page,
)
from cxdesk.db.models import OrganisationRow, PersonRow
from cxdesk.db.search_words import fts_match, fts_query, on_sqlite, page_of, tokens, window_of
from cxdesk.domain.filters import OrgFilter, Page, PersonFilter, Sort

__all__ = [
    "COMMON_MATCHES",
    "EXCHANGE_SORT",
    "ExchangeLine",
    "OrgLine",
    "PersonLine",
    "exchange_ids",
    "exchange_lines",
    "exchange_page",
    "organisation_ids",
    "organisation_lines",
    "organisation_page",
    "person_ids",
    "person_lines",
    "person_page",
]


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


def _prepared_ids(
    session: Session,
    key: Any,
    values: dict[str, Any],
    build: Callable[[], Select[Any]],
    offset: int,
    limit: int,
) -> list[int]:
    """The ids of a filter's query from `offset` on, through a statement prepared per shape."""

    def windowed() -> Select[Any]:
        return build().offset(bindparam("offset", 0)).limit(bindparam("limit", 0))

    statement = prepared.prepared(key, session.get_bind().dialect, windowed)
    return prepared.column(session, statement, {**values, "offset": offset, "limit": limit})


def _prepared_lines(
    session: Session, name: str, ids: Sequence[int], build: Callable[[Any], Any]
) -> list[tuple[Any, ...]]:
    """The lines of these ids (a screen's block), through a statement prepared per count."""
    wanted = list(ids)
    if not on_sqlite(session) or len(wanted) > prepared.MANY:
        return [tuple(row) for row in session.execute(build(wanted))]
    if not wanted:
        return []
    names = [f"id{i}" for i in range(len(wanted))]
    statement = prepared.prepared(
        (name, len(names)),
        session.get_bind().dialect,
        lambda: build([bindparam(n, 0) for n in names]),
    )
    return prepared.rows(session, statement, dict(zip(names, wanted, strict=True)))


ORG_SORT = {
    "name": OrganisationRow.name,
    "kind": OrganisationRow.kind,
    "country": OrganisationRow.country,
    "city": OrganisationRow.city,
    "partnership": OrganisationRow.partnership,
}
_ORGANISATIONS_FTS = sql_table("organisations_fts", sql_column("rowid"))


def _organisation_values(flt: OrgFilter) -> dict[str, Any]:
    """The filter's values, by the name of their parameter in the query."""
    values: dict[str, Any] = {}
    words = tokens(flt.text)
    if words:
        values["q"] = fts_query(words)
    for name in ("country", "kind", "partnership"):
        if getattr(flt, name):
            values[name] = getattr(flt, name)
    if flt.ecosystem:
        values["ecosystem"] = f"%;{flt.ecosystem};%"
    return values


#: Sorts whose first rows an index gives (on SQLite): only these may walk it.
_ORG_INDEXED_SORT = {"name"}
#: Matches past which the first page walks the names' index (see `browse_exchanges`): the
#: plans cross near sqrt(300 x 300,000) on the platform-size desk, measured between 5,215
#: matches (sorting twice as fast) and 8,170 (walking faster).
ORG_COMMON_MATCHES = 7000


def _organisation_common(session: Session, flt: OrgFilter, sort: Sort | None) -> bool:
    """Whether the words match so many organisations that walking the sort's index is
    cheaper than sorting every match (as for exchanges)."""
    words = tokens(flt.text)
    column = sort.column if sort else "name"
    if not words or column not in _ORG_INDEXED_SORT or not on_sqlite(session):
        return False

    def build() -> Select[Any]:
        matches = select(_ORGANISATIONS_FTS.c.rowid).where(text("organisations_fts MATCH :q"))
        capped = matches.limit(bindparam("cap", 0)).offset(bindparam("offset", 0))
        return select(func.count()).select_from(capped.subquery())

    statement = prepared.prepared(("organisations common",), session.get_bind().dialect, build)
    values = {"q": fts_query(words), "cap": ORG_COMMON_MATCHES + 1, "offset": 0}
    return int(prepared.column(session, statement, values)[0]) > ORG_COMMON_MATCHES


def _organisation_query(
    session: Session, flt: OrgFilter, sort: Sort | None, walk: bool | None = None
) -> Select[Any]:
    values = _organisation_values(flt)
    query = select(OrganisationRow.id).where(OrganisationRow.deleted.is_(False))
    words = tokens(flt.text)
    if words and on_sqlite(session):
        fts = _ORGANISATIONS_FTS
        matching = text("organisations_fts MATCH :q").bindparams(q=values["q"])
        if walk if walk is not None else _organisation_common(session, flt, sort):
            # `id + 0`: no look-up by id, so SQLite walks the name's index and keeps the
            # organisations among the matches: a common word's first rows without sorting all.
            shifted = OrganisationRow.id + literal_column("0")
            query = query.where(shifted.in_(select(fts.c.rowid).where(matching)))
        else:
            # A join reads the matches in rowid order, walking both sides once; `id IN
            # (matches)` would look each id up again.
            query = query.join(fts, fts.c.rowid == OrganisationRow.id).where(matching)
    elif words:
        query = query.where(fts_match(session, "organisations", words))
    if flt.country:
        query = query.where(OrganisationRow.country == bindparam("country", flt.country))
    if flt.kind:
        query = query.where(OrganisationRow.kind == bindparam("kind", flt.kind))
    if flt.partnership:
        query = query.where(
            OrganisationRow.partnership == bindparam("partnership", flt.partnership)
        )
    if flt.ecosystem:
        query = query.where(
            (literal_column("';'") + OrganisationRow.ecosystems + literal_column("';'")).like(
                bindparam("ecosystem", values["ecosystem"])
            )
        )
    if flt.clusters_only:
        query = query.where(OrganisationRow.kind == literal_column("'cluster_organisation'"))
    column = ORG_SORT.get(sort.column if sort else "name", OrganisationRow.name)
    if sort and sort.descending:
        # Ties by id descending too: the sort's index read backwards gives exactly this order.
        # With ties by id ascending SQLite sorted each run of ties (150,000 organisations share
        # a partnership, 176,000 a kind): 50-70 ms for the first screen instead of 0.5.
        return query.order_by(column.desc(), OrganisationRow.id.desc())
    return query.order_by(column.asc(), OrganisationRow.id)


def organisation_page(
    session: Session, flt: OrgFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    return page_of(session, _organisation_query(session, flt, sort), limit)


def organisation_ids(
    session: Session, flt: OrgFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    if not on_sqlite(session):
        return window_of(session, _organisation_query(session, flt, sort), offset, limit)
    values = _organisation_values(flt)
    walk = _organisation_common(session, flt, sort)
    key = ("organisation ids", tuple(values), flt.clusters_only, sort, walk)
    build = lambda: _organisation_query(session, flt, sort, walk)  # noqa: E731
    return _prepared_ids(session, key, values, build, offset, limit)


def _organisation_lines_query(ids: Any) -> Any:
    query = select(
        OrganisationRow.id,
        OrganisationRow.uid,
        OrganisationRow.name,
        OrganisationRow.kind,
        OrganisationRow.country,
        OrganisationRow.city,
        OrganisationRow.partnership,
        OrganisationRow.ecosystems,
        OrganisationRow.cluster_uid,
    )
    return query.where(OrganisationRow.id.in_(ids))


def organisation_lines(session: Session, ids: Sequence[int]) -> dict[int, OrgLine]:
    rows = _prepared_lines(session, "organisation lines", ids, _organisation_lines_query)
    return {r[0]: OrgLine(*r) for r in rows}


PERSON_SORT = {
    "last_name": PersonRow.last_name,
    "first_name": PersonRow.first_name,
    "email": PersonRow.email,
    "role": PersonRow.role,
    "language": PersonRow.language,
}


def _person_values(flt: PersonFilter) -> dict[str, Any]:
    values: dict[str, Any] = {}
    words = tokens(flt.text)
    if words:
        values["q"] = fts_query(words)
    if flt.organisation_uid:
        values["organisation_uid"] = flt.organisation_uid
    return values


def _person_query(session: Session, flt: PersonFilter, sort: Sort | None) -> Select[Any]:
    query = select(PersonRow.id).where(PersonRow.deleted.is_(False))
    words = tokens(flt.text)
    if words:
        query = query.where(fts_match(session, "people", words))
    if flt.organisation_uid:
        uid: Any = bindparam("organisation_uid", flt.organisation_uid)
        query = query.where(PersonRow.organisation_uid == uid)
    column = PERSON_SORT.get(sort.column if sort else "last_name", PersonRow.last_name)
    order = column.desc() if sort and sort.descending else column.asc()
    return query.order_by(order, PersonRow.id)


def person_page(
    session: Session, flt: PersonFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    return page_of(session, _person_query(session, flt, sort), limit)


def person_ids(
    session: Session, flt: PersonFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    if not on_sqlite(session):
        return window_of(session, _person_query(session, flt, sort), offset, limit)
    values = _person_values(flt)
    key = ("person ids", tuple(values), sort)
    build = lambda: _person_query(session, flt, sort)  # noqa: E731
    return _prepared_ids(session, key, values, build, offset, limit)


def _person_lines_query(ids: Any) -> Any:
    query = select(
        PersonRow.id,
        PersonRow.uid,
        PersonRow.first_name,
        PersonRow.last_name,
        PersonRow.email,
        PersonRow.role,
        PersonRow.language,
        PersonRow.organisation_uid,
    )
    return query.where(PersonRow.id.in_(ids))


def person_lines(session: Session, ids: Sequence[int]) -> dict[int, PersonLine]:
    rows = _prepared_lines(session, "person lines", ids, _person_lines_query)
    return {r[0]: PersonLine(*r) for r in rows}
