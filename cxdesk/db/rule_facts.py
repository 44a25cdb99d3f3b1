"""What the scheme's rules need about stored exchanges, read a few queries at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from cxdesk.db.models import (
    ConflictRow,
    ExchangeRow,
    OrganisationRow,
    PaymentRow,
    PersonRow,
    ReportRow,
)
from cxdesk.db.sync.sql import chunks

#: Past this many exchanges, every live one is read and the rest left out in Python: cheaper
#: than that many `IN (...)` chunks.
WHOLE_TABLE = 2000


@dataclass(frozen=True, slots=True)
class RuleFact:
    """One live exchange with both organisations; `visiting_uid`/`host_uid` None when missing."""

    uid: str
    reference: str
    status: str
    start_date: date
    end_date: date
    visitor_uid: str
    visiting_uid: str | None
    visitor_country: str | None
    visitor_kind: str | None
    visitor_cluster: bool
    host_uid: str | None
    host_country: str | None
    host_kind: str | None
    host_cluster: bool
    lump_sum: Decimal | None
    report_validated_on: date | None
    #: What the validation of the closing report found owed (None before, or without a report).
    amount_due: Decimal | None = None


def _query(where: Sequence[ColumnElement[bool]]) -> Select[*tuple[Any, ...]]:
    e = ExchangeRow
    p = aliased(PersonRow)
    v = aliased(OrganisationRow)
    h = aliased(OrganisationRow)
    r = aliased(ReportRow)
    # Outer joins: an exchange whose visitor or host is gone is still reported (as such).
    return (
        select(
            e.uid,
            e.reference,
            e.status,
            e.start_date,
            e.end_date,
            e.visitor_uid,
            v.uid,
            v.country,
            v.kind,
            v.cluster_uid,
            h.uid,
            h.country,
            h.kind,
            h.cluster_uid,
            e.lump_sum,
            e.report_validated_on,
            r.amount_due,
        )
        .outerjoin(p, and_(p.uid == e.visitor_uid, p.deleted.is_(False)))
        .outerjoin(v, and_(v.uid == p.organisation_uid, v.deleted.is_(False)))
        .outerjoin(h, and_(h.uid == e.host_organisation_uid, h.deleted.is_(False)))
        # One report at most per exchange (exchange_uid is unique): no row is doubled.
        .outerjoin(r, and_(r.exchange_uid == e.uid, r.deleted.is_(False)))
        .where(e.deleted.is_(False), *where)
    )


def _facts(session: Session, where: Sequence[ColumnElement[bool]]) -> list[RuleFact]:
    return [
        RuleFact(
            uid,
            ref,
            status,
            start,
            end,
            visitor,
            v_uid,
            v_country,
            v_kind,
            bool(v_cluster),
            h_uid,
            h_country,
            h_kind,
            bool(h_cluster),
            lump,
            validated,
            due,
        )
        for (
            uid,
            ref,
            status,
            start,
            end,
            visitor,
            v_uid,
            v_country,
            v_kind,
            v_cluster,
            h_uid,
            h_country,
            h_kind,
            h_cluster,
            lump,
            validated,
            due,
            # Through the session's connection, as a Core statement: the same rows, without the
            # ORM's loading machinery per row (a third of the time on 50,000 exchanges).
        ) in session.connection().execute(_query(where)).all()
    ]


def live_exchange_facts(session: Session) -> list[RuleFact]:
    """Every live exchange, in one query."""
    return _facts(session, [])


def visiting_organisations(session: Session, exchange_uids: Sequence[str]) -> set[str]:
    """The visiting organisations (through the visitor) of these exchanges."""
    found: set[str] = set()
    for chunk in chunks(list(exchange_uids)):
        found.update(
            session.scalars(
                select(PersonRow.organisation_uid)
                .join(ExchangeRow, ExchangeRow.visitor_uid == PersonRow.uid)
                .where(ExchangeRow.uid.in_(chunk))
                .distinct()
            )
        )
    return found


def facts_around(session: Session, exchange_uids: Collection[str]) -> list[RuleFact]:
    """These exchanges and every other live exchange of their visiting organisations (a
    visitor belongs to one organisation, so the visitor's other exchanges are among them):
    all a verdict on visits-once or overlaps needs."""
    wanted = set(exchange_uids)
    if not wanted:
        return []
    if len(wanted) > WHOLE_TABLE:
        every = live_exchange_facts(session)
        theirs = {f.visiting_uid for f in every if f.uid in wanted}
        return [f for f in every if f.uid in wanted or f.visiting_uid in theirs]
    organisations = visiting_organisations(session, sorted(wanted))
    p = aliased(PersonRow)
    facts: dict[str, RuleFact] = {}
    for chunk in chunks(sorted(organisations)):
        inside = ExchangeRow.visitor_uid.in_(
            select(p.uid).where(p.organisation_uid.in_(chunk), p.deleted.is_(False))
        )
        facts.update((f.uid, f) for f in _facts(session, [inside]))
    # Those whose visitor or organisation is gone are not in an organisation's set.
    missing = sorted(uid for uid in wanted if uid not in facts)
    for chunk in chunks(missing):
        facts.update((f.uid, f) for f in _facts(session, [ExchangeRow.uid.in_(chunk)]))
    return list(facts.values())


def paid_by_exchange(session: Session) -> dict[str, Decimal]:
    """What the live payments add up to, per exchange (summed as Decimal, not by the database:
    SQLite adds floats)."""
    paid: dict[str, Decimal] = defaultdict(Decimal)
    rows = session.execute(
        select(PaymentRow.exchange_uid, PaymentRow.amount).where(PaymentRow.deleted.is_(False))
    )
    for exchange_uid, amount in rows:
        paid[exchange_uid] += amount
    return dict(paid)


def open_conflicts(session: Session) -> int:
    """How many conflicts wait to be resolved."""
    return (
        session.scalar(
            select(func.count()).select_from(ConflictRow).where(ConflictRow.resolved_at.is_(None))
        )
        or 0
    )
