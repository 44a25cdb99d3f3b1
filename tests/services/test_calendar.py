"""The calendar page: spans of a month, host holidays, and clashes naming both exchanges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cxdesk.db.store import Store, new_uid
from cxdesk.domain.codes import Status
from cxdesk.domain.records import Exchange
from cxdesk.services.calendar import calendar_view, clash_text, month_grid, shift, week_range


def add_exchange(
    db: Any,
    visitor_uid: str,
    host_uid: str,
    start: date,
    end: date,
    status: Status = Status.APPROVED,
) -> Exchange:
    """Store an exchange as an import would, without the rules (that is how clashes arrive)."""
    with db.unit() as session:
        store = Store(session)
        return store.add_exchange(
            Exchange(
                uid=new_uid(),
                reference=store.next_reference(start.year),
                visitor_uid=visitor_uid,
                host_organisation_uid=host_uid,
                start_date=start,
                end_date=end,
                status=status,
                lump_sum=Decimal("950.00"),
            ),
            "test",
        )


def host_in(db: Any, country: str) -> str:
    with db.unit() as session:
        orgs = Store(session).all_live("organisations")
    return next(o.uid for o in orgs if o.country == country)


def visitor_from_elsewhere(db: Any, country: str) -> tuple[str, str]:
    """A person of an organisation outside `country`: (person uid, organisation uid)."""
    with db.unit() as session:
        store = Store(session)
        orgs = {o.uid: o for o in store.all_live("organisations")}
        person = next(
            p for p in store.all_live("people") if orgs[p.organisation_uid].country != country
        )
    return person.uid, person.organisation_uid


def test_the_month_shows_every_live_exchange_that_touches_it(demo_db: Any) -> None:
    start, end = month_grid(date(2025, 12, 10))
    view = calendar_view(demo_db, start, end)
    with demo_db.unit() as session:
        expected = {
            e.uid
            for e in Store(session).all_live("exchanges")
            if e.start_date <= end and e.end_date >= start
        }
    assert expected
    assert {s.uid for s in view.spans} == expected


def test_the_month_grid_is_whole_weeks_and_shift_moves_by_month_or_week() -> None:
    assert month_grid(date(2026, 4, 15)) == (date(2026, 3, 30), date(2026, 5, 3))
    assert week_range(date(2026, 4, 8)) == (date(2026, 4, 6), date(2026, 4, 12))
    assert shift(date(2026, 1, 31), "month", 1) == date(2026, 2, 28)
    assert shift(date(2026, 1, 5), "month", -1) == date(2025, 12, 5)
    assert shift(date(2026, 1, 5), "week", 2) == date(2026, 1, 19)


def test_filters_narrow_the_spans(demo_db: Any) -> None:
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    every = calendar_view(demo_db, start, end).spans
    country = every[0].host_country
    by_country = calendar_view(demo_db, start, end, host_country=country).spans
    assert by_country and all(s.host_country == country for s in by_country)
    paid = calendar_view(demo_db, start, end, statuses={"paid"}).spans
    assert paid and {s.status for s in paid} == {"paid"}
    assert len(paid) == sum(1 for s in every if s.status == "paid")


def test_host_holidays_of_the_shown_countries(demo_db: Any) -> None:
    visitor, _org = visitor_from_elsewhere(demo_db, "DE")
    add_exchange(demo_db, visitor, host_in(demo_db, "DE"), date(2026, 4, 1), date(2026, 4, 10))
    view = calendar_view(demo_db, *month_grid(date(2026, 4, 1)), host_country="DE")
    days = {h.day: h.name for h in view.holidays if h.country == "DE"}
    assert days[date(2026, 4, 6)] == "Easter Monday"
    assert days[date(2026, 4, 3)] == "Good Friday"
    assert {h.country for h in view.holidays} == {"DE"}


def test_the_same_visitor_in_two_overlapping_exchanges_is_a_clash(demo_db: Any) -> None:
    visitor, _org = visitor_from_elsewhere(demo_db, "FR")
    host = host_in(demo_db, "FR")
    first = add_exchange(demo_db, visitor, host, date(2026, 6, 1), date(2026, 6, 12))
    second = add_exchange(demo_db, visitor, host, date(2026, 6, 10), date(2026, 6, 19))
    view = calendar_view(demo_db, *month_grid(date(2026, 6, 1)))
    mine = [c for c in view.clashes if {c.first_uid, c.second_uid} == {first.uid, second.uid}]
    assert len(mine) == 1
    assert mine[0].kind == "visitor"
    text = clash_text(mine[0])
    assert first.reference in text and second.reference in text
    assert {first.uid, second.uid} <= view.clashing_uids


def test_an_organisation_visiting_twice_is_a_clash_unless_one_visit_is_cancelled(
    demo_db: Any,
) -> None:
    visitor, org = visitor_from_elsewhere(demo_db, "FR")
    host = host_in(demo_db, "FR")
    with demo_db.unit() as session:
        store = Store(session)
        before = store.visits_of(org)
    first = add_exchange(demo_db, visitor, host, date(2026, 6, 1), date(2026, 6, 12))
    later = add_exchange(demo_db, visitor, host, date(2026, 9, 7), date(2026, 9, 18))
    view = calendar_view(demo_db, *month_grid(date(2026, 6, 1)))
    pairs = {frozenset((c.first_reference, c.second_reference)): c for c in view.clashes}
    clash = pairs[frozenset((first.reference, later.reference))]
    assert clash.kind == "organisation"
    assert later.reference in clash_text(clash)
    # The other visits the organisation already had clash with the new one too.
    for reference in before:
        assert frozenset((first.reference, reference)) in pairs

    with demo_db.unit() as session:
        Store(session).edit("exchanges", later.uid, {"status": Status.CANCELLED}, "test")
    view = calendar_view(demo_db, *month_grid(date(2026, 6, 1)))
    assert not any(later.uid in (c.first_uid, c.second_uid) for c in view.clashes)
