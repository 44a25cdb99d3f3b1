"""Host candidates for a visitor, set-based: eligible hosts, ecosystems shared, busy dates."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from cxdesk.db.calendar_queries import LONGEST_STAY
from cxdesk.db.models import ExchangeRow, OrganisationRow
from cxdesk.db.sync.sql import chunks
from cxdesk.domain.codes import VOID_STATUSES

_VOID = [s.value for s in VOID_STATUSES]


#: An eligible host as the ranking needs it, a plain row (a few hundred thousand are read):
#: uid, country, city, latitude, longitude, how many of the visitor's ecosystems it shares.
Candidate = tuple[str, str, str, float | None, float | None, int]


@dataclass(frozen=True, slots=True)
class HostFacts:
    """What a chosen host's reasons say about it."""

    uid: str
    name: str
    kind: str
    country: str
    city: str
    ecosystems: str  # ';'-joined codes
    in_cluster: bool
    partnership: str | None


def _eligible(countries: Collection[str], kinds: Collection[str]) -> list[ColumnElement[bool]]:
    org = OrganisationRow
    return [
        org.deleted.is_(False),
        org.country.in_(sorted(countries)),
        org.kind.in_(sorted(kinds)),
    ]


def shared_expression(ecosystems: Sequence[str]) -> Any:
    """How many of `ecosystems` the organisation lists, as an SQL expression (0 when none).

    The column holds ';'-joined codes: wrapped in ';' each code is found whole (LIKE with its
    '_' escaped), on SQLite and PostgreSQL alike.
    """
    if not ecosystems:
        return literal(0)
    wrapped = literal(";") + OrganisationRow.ecosystems + literal(";")
    terms: Any = [
        case((wrapped.contains(f";{code};", autoescape=True), 1), else_=0) for code in ecosystems
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def shared_levels(
    session: Session, countries: Collection[str], kinds: Collection[str], ecosystems: Sequence[str]
) -> dict[int, int]:
    """Eligible hosts by how many of the visitor's ecosystems they share: {shared: hosts}."""
    if not countries or not kinds:
        return {}
    shared = shared_expression(ecosystems).label("shared")
    query = (
        select(shared, func.count())
        .select_from(OrganisationRow)
        .where(*_eligible(countries, kinds))
        .group_by(shared)
    )
    return {int(level): int(count) for level, count in session.execute(query)}


def candidates(
    session: Session,
    countries: Collection[str],
    kinds: Collection[str],
    ecosystems: Sequence[str],
    at_least: int = 0,
) -> list[Candidate]:
    """Eligible hosts sharing at least `at_least` of the visitor's ecosystems, in one query."""
    if not countries or not kinds:
        return []
    org = OrganisationRow
    shared = shared_expression(ecosystems)
    query = select(org.uid, org.country, org.city, org.latitude, org.longitude, shared).where(
        *_eligible(countries, kinds)
    )
    if at_least > 0:
        query = query.where(shared >= at_least)
    return cast(list[Candidate], session.execute(query).all())


def busy_hosts(
    session: Session, start: date, end: date, excluding: str | None = None
) -> dict[str, int]:
    """Live exchanges with a day from `start` to `end`, counted by host: {host uid: count}.

    `excluding`: an exchange left out (the draft being matched is not a host's other visit).
    """
    e = ExchangeRow
    where: list[ColumnElement[bool]] = [
        e.deleted.is_(False),
        e.status.not_in(_VOID),
        e.start_date <= end,
        e.start_date >= start - LONGEST_STAY,  # lets the index on start_date narrow the scan
        e.end_date >= start,
    ]
    if excluding:
        where.append(e.uid != excluding)
    query = (
        select(e.host_organisation_uid, func.count())
        .where(and_(*where))
        .group_by(e.host_organisation_uid)
    )
    return {str(uid): int(count) for uid, count in session.execute(query)}


def host_facts(session: Session, uids: Sequence[str]) -> dict[str, HostFacts]:
    """The named hosts' facts, a chunk of uids per query."""
    org = OrganisationRow
    found: dict[str, HostFacts] = {}
    for chunk in chunks(list(uids)):
        rows = session.execute(
            select(
                org.uid,
                org.name,
                org.kind,
                org.country,
                org.city,
                org.ecosystems,
                org.cluster_uid,
                org.partnership,
            ).where(org.uid.in_(chunk))
        )
        for uid, name, kind, country, city, ecosystems, cluster, partnership in rows:
            found[uid] = HostFacts(
                uid, name, kind, country, city, ecosystems or "", bool(cluster), partnership
            )
    return found
