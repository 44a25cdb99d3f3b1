"""Exchanges through their life: the rules refuse, approval grants, payment closes."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from cxdesk.core.errors import UserError
from cxdesk.db.models import ExchangeRow
from cxdesk.db.store import Store
from cxdesk.domain.codes import REQUIRED_EVIDENCE, Status
from cxdesk.services.closing import save_report, waive
from cxdesk.services.exchanges import evaluate, move, record_payment, save_exchange
from tests.conftest import DEMO_TODAY


def _first(db, status: str) -> str:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        ref = session.scalar(
            select(ExchangeRow.reference)
            .where(ExchangeRow.status == status)
            .order_by(ExchangeRow.reference)
        )
    assert ref is not None
    return ref


def test_a_too_short_exchange_is_refused_with_the_reason(demo_db) -> None:  # type: ignore[no-untyped-def]
    ref = _first(demo_db, "submitted")
    with demo_db.unit() as session:
        exchange = Store(session).exchange(ref)
    start = exchange.start_date
    while start.weekday() != 0:
        start += timedelta(days=1)
    short = dataclasses.replace(exchange, start_date=start, end_date=start + timedelta(days=1))
    # Two weekdays; a host holiday may take one of them.
    with pytest.raises(UserError, match=r"[12] working days? at the host: the minimum is 3"):
        save_exchange(demo_db, short)
    with demo_db.unit() as session:
        assert Store(session).exchange(ref).end_date == exchange.end_date


def test_a_second_visit_by_one_organisation_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        store = Store(session)
        first = store.exchange(_first(demo_db, "paid"))
        other = store.exchange(_first(demo_db, "submitted"))
    # The visitor of a paid exchange comes back on another one: the organisation visited already.
    second = dataclasses.replace(other, visitor_uid=first.visitor_uid)
    with pytest.raises(UserError, match=first.reference):
        save_exchange(demo_db, second)


def test_approval_grants_the_quoted_amount_and_keeps_why(demo_db) -> None:  # type: ignore[no-untyped-def]
    ref = _first(demo_db, "submitted")
    with demo_db.unit() as session:
        store = Store(session)
        quote = evaluate(store, store.exchange(ref))
    change = move(demo_db, ref, Status.APPROVED, today=DEMO_TODAY)
    assert ref in change.message
    with demo_db.unit() as session:
        row = Store(session).exchange_row(ref)
        assert row.status == "approved"
        assert row.lump_sum == quote.lump_sum and row.granted_ceiling == quote.ceiling
        assert quote.rate is not None and row.granted_rates == quote.rate.table


def test_the_whole_life_to_paid(demo_db) -> None:  # type: ignore[no-untyped-def]
    ref = _first(demo_db, "signed")
    with demo_db.unit() as session:
        exchange = Store(session).exchange(ref)
    after = max(exchange.end_date, DEMO_TODAY)
    move(demo_db, ref, Status.COMPLETED, today=after)
    # Validating needs the report and its evidence (issue 15): here typed, the evidence waived.
    save_report(
        demo_db,
        ref,
        received_on=after,
        actual_start=None,
        actual_end=None,
        activities="Visits",
        results=None,
        rating=5,
    )
    for kind in REQUIRED_EVIDENCE:
        waive(demo_db, ref, kind, "seen on paper")
    move(demo_db, ref, Status.REPORTED, report_validated_on=after, today=after)
    with pytest.raises(UserError, match="more than 0"):
        record_payment(demo_db, ref, Decimal("0"), after)
    assert exchange.lump_sum is not None
    half = (exchange.lump_sum / 2).quantize(Decimal("0.01"))
    record_payment(demo_db, ref, half, after + timedelta(days=2), "SEPA-1")
    with demo_db.unit() as session:
        assert Store(session).exchange(ref).status is Status.REPORTED
    record_payment(demo_db, ref, exchange.lump_sum - half, after + timedelta(days=3), "SEPA-2")
    with demo_db.unit() as session:
        store = Store(session)
        assert store.exchange(ref).status is Status.PAID
        assert sum(p.amount for p in store.payments_of(exchange.uid)) == exchange.lump_sum


def test_a_step_out_of_order_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    ref = _first(demo_db, "draft")
    with pytest.raises(UserError, match="cannot go from Draft to Paid"):
        move(demo_db, ref, Status.PAID, today=date(2026, 11, 28))
