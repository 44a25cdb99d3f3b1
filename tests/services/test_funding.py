"""The funding figures against sums made here from the records; payments due; budget; rates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cxdesk.core.errors import UserError
from cxdesk.db.store import Store
from cxdesk.domain.codes import FORECAST_STATUSES, GRANTED_STATUSES, Status
from cxdesk.services import funding
from cxdesk.services.closing import closing_state
from cxdesk.services.exchanges import evaluate, record_payment
from tests.conftest import DEMO_TODAY


def records(db: Any) -> tuple[list[Any], list[Any], dict[str, str]]:
    with db.unit() as session:
        store = Store(session)
        exchanges = store.all_live("exchanges")
        payments = store.all_live("payments")
        countries = {o.uid: o.country for o in store.all_live("organisations")}
    return exchanges, payments, countries


def test_the_figures_are_the_sums_of_the_records(demo_db: Any) -> None:
    exchanges, payments, _countries = records(demo_db)
    granted = [e for e in exchanges if e.status in GRANTED_STATUSES]
    figures = funding.overview(demo_db, DEMO_TODAY).figures
    assert figures.granted == sum(e.lump_sum for e in granted)
    assert figures.granted_count == len(granted)
    assert figures.paid == sum(p.amount for p in payments)
    assert figures.budget > 0
    assert figures.left == figures.budget - figures.granted
    assert figures.to_pay == figures.granted - figures.paid
    assert all(isinstance(v, Decimal) for v in (figures.granted, figures.paid, figures.forecast))


def test_the_forecast_is_what_the_quote_would_grant_drafts_and_submitted(demo_db: Any) -> None:
    exchanges, _payments, _countries = records(demo_db)
    waiting = [e for e in exchanges if e.status in FORECAST_STATUSES]
    assert waiting
    with demo_db.unit() as session:
        store = Store(session)
        expected = sum(evaluate(store, e).lump_sum for e in waiting)
    figures = funding.overview(demo_db, DEMO_TODAY).figures
    assert figures.forecast == expected
    assert figures.forecast_count == len(waiting)


def test_payments_due_are_the_reported_ones_ten_days_after_validation(demo_db: Any) -> None:
    exchanges, _payments, _countries = records(demo_db)
    reported = {e.uid: e for e in exchanges if e.status is Status.REPORTED}
    due = funding.overview(demo_db, DEMO_TODAY).due
    assert {d.uid for d in due} == set(reported)
    for line in due:
        validated = reported[line.uid].report_validated_on
        assert line.due_on == validated + timedelta(days=10)
        assert line.late == (line.due_on < DEMO_TODAY)
        assert line.outstanding == reported[line.uid].lump_sum


def _payable(db: Any, view: Any) -> Any:
    """The first payment due that waits in no open SEPA batch (the batch pays those: issue 15)."""
    return next(d for d in view.due if closing_state(db, d.uid).open_batch is None)


def test_recording_a_payment_changes_paid_and_takes_it_off_the_due_list(demo_db: Any) -> None:
    before = funding.overview(demo_db, DEMO_TODAY)
    line = _payable(demo_db, before)
    change = record_payment(demo_db, line.uid, line.lump_sum, DEMO_TODAY, "SEPA-TEST-1")
    assert "payments" in change.tables
    after = funding.overview(demo_db, DEMO_TODAY)
    assert after.figures.paid == before.figures.paid + line.lump_sum
    assert after.figures.to_pay == before.figures.to_pay - line.lump_sum
    assert after.figures.left == before.figures.left  # granted already: the budget left is kept
    assert line.uid not in {d.uid for d in after.due}


def test_a_part_payment_leaves_the_rest_due(demo_db: Any) -> None:
    line = _payable(demo_db, funding.overview(demo_db, DEMO_TODAY))
    record_payment(demo_db, line.uid, Decimal("100.00"), DEMO_TODAY)
    again = next(d for d in funding.overview(demo_db, DEMO_TODAY).due if d.uid == line.uid)
    assert again.paid == Decimal("100.00")
    assert again.outstanding == line.lump_sum - Decimal("100.00")


def test_money_by_month_and_by_host_country(demo_db: Any) -> None:
    exchanges, payments, countries = records(demo_db)
    view = funding.overview(demo_db, DEMO_TODAY)
    first, last = view.months[0].month, view.months[-1].month
    assert len(view.months) == 18
    granted = [e for e in exchanges if e.status in GRANTED_STATUSES]
    for month in view.months:
        key = (month.month.year, month.month.month)
        assert month.granted == sum(
            (e.lump_sum for e in granted if (e.start_date.year, e.start_date.month) == key),
            Decimal("0.00"),
        )
        assert month.paid == sum(
            (p.amount for p in payments if (p.paid_on.year, p.paid_on.month) == key),
            Decimal("0.00"),
        )
    assert first <= DEMO_TODAY <= last + timedelta(days=31)
    by_country: dict[str, Decimal] = {}
    for e in granted:
        country = countries[e.host_organisation_uid]
        by_country[country] = by_country.get(country, Decimal(0)) + e.lump_sum
    top = sorted(by_country.values(), reverse=True)[:10]
    assert [c.granted for c in view.countries] == top
    for c in view.countries:
        assert by_country[c.country] == c.granted


def test_the_budget_is_set_and_left_follows(demo_db: Any) -> None:
    change = funding.set_budget(demo_db, Decimal("100000"))
    assert change.tables == {"partnerships"}
    figures = funding.overview(demo_db, DEMO_TODAY).figures
    assert figures.budget == Decimal("100000.00")
    assert figures.left == Decimal("100000.00") - figures.granted
    with pytest.raises(UserError):
        funding.set_budget(demo_db, Decimal("-1"))


def test_a_desk_without_partnership_has_no_budget_to_set(empty_db: Any) -> None:
    assert funding.overview(empty_db, DEMO_TODAY).figures.budget == 0
    with pytest.raises(UserError, match="no partnership"):
        funding.set_budget(empty_db, Decimal("10"))


def test_a_ceiling_is_edited_and_a_new_table_added(demo_db: Any) -> None:
    rates = funding.rate_tables(demo_db)
    germany = next(r for r in rates if r.host_country == "DE")
    change = funding.set_ceiling(demo_db, germany, Decimal("990"))
    assert change.tables == {"rates"}
    again = next(r for r in funding.rate_tables(demo_db) if r.host_country == "DE")
    assert again.ceiling == Decimal("990.00")
    with pytest.raises(UserError):
        funding.set_ceiling(demo_db, germany, Decimal("1000"))  # the old one is gone

    ceilings = funding.ceilings_on(demo_db, date(2027, 1, 1))
    assert ceilings["DE"] == Decimal("990.00") and ceilings["DK"] == Decimal("1100.00")
    ceilings["DE"] = Decimal("1000.00")
    funding.add_rate_table(demo_db, "Partnership 2027", date(2027, 1, 1), None, ceilings)
    added = [r for r in funding.rate_tables(demo_db) if r.table == "Partnership 2027"]
    assert len(added) == len(ceilings)
    assert funding.ceilings_on(demo_db, date(2027, 2, 1))["DE"] == Decimal("1000.00")
    with pytest.raises(UserError, match="exists already"):
        funding.add_rate_table(demo_db, "Partnership 2027", date(2027, 1, 1), None, ceilings)
    with pytest.raises(UserError):
        funding.add_rate_table(demo_db, "Bad", date(2027, 1, 1), date(2026, 1, 1), ceilings)


def test_a_first_table_added_keeps_the_default_ceilings_for_earlier_dates(empty_db: Any) -> None:
    before = funding.ceilings_on(empty_db, date(2026, 6, 1))
    assert before["DE"] > 0
    ceilings = funding.ceilings_on(empty_db, date(2027, 1, 1))
    ceilings["DE"] = Decimal("1000.00")
    funding.add_rate_table(empty_db, "Partnership 2027", date(2027, 1, 1), None, ceilings)
    assert funding.ceilings_on(empty_db, date(2026, 6, 1)) == before
    assert funding.ceilings_on(empty_db, date(2027, 2, 1))["DE"] == Decimal("1000.00")
