"""Find a host: every match eligible by the domain's rules, ranked term by term as cli.md says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import select

from cxdesk.core.errors import UserError
from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.db.store import Store
from cxdesk.domain.codes import VOID_STATUSES, Ecosystem, OrgKind, Status
from cxdesk.domain.geo import great_circle_km
from cxdesk.domain.quote import Place, quote_exchange
from cxdesk.domain.records import Exchange, Organisation, Person
from cxdesk.domain.rules import ExchangeContext, check_exchange
from cxdesk.services.exchanges import rates_in_force
from cxdesk.services.matching import match_hosts

BERLIN = (52.52, 13.405)
START, END = date(2026, 5, 4), date(2026, 5, 8)  # Monday to Friday, no holiday in PL/CZ/AT
_numbers = count(1)


def _org(db, name, country, where, ecosystems=(), kind=OrgKind.CLUSTER_ORGANISATION):  # type: ignore[no-untyped-def]
    with db.unit() as session:
        return (
            Store(session)
            .add_organisation(
                Organisation(
                    uid="",
                    name=name,
                    kind=kind,
                    country=country,
                    city="Somewhere",
                    latitude=where[0],
                    longitude=where[1],
                    ecosystems=list(ecosystems),
                ),
                "test",
            )
            .uid
        )


def _person(db, org_uid: str) -> str:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        return (
            Store(session)
            .add_person(
                Person(uid="", organisation_uid=org_uid, first_name="Ana", last_name="Visit"),
                "test",
            )
            .uid
        )


def _busy(db, host_uid: str, times: int, start=START, end=END) -> None:  # type: ignore[no-untyped-def]
    """`times` live exchanges at the host on those dates, of visitors from elsewhere."""
    for _ in range(times):
        n = next(_numbers)
        other = _org(db, f"Elsewhere {n}", "FR", (48.85, 2.35))
        person = _person(db, other)
        with db.unit() as session:
            Store(session).add_exchange(
                Exchange(
                    uid="",
                    reference=f"CX-2026-9{n:03d}",
                    visitor_uid=person,
                    host_organisation_uid=host_uid,
                    start_date=start,
                    end_date=end,
                    status=Status.APPROVED,
                ),
                "test",
            )


def _visitor(db) -> str:  # type: ignore[no-untyped-def]
    return _org(db, "Visitor Berlin", "DE", BERLIN, [Ecosystem.DIGITAL, Ecosystem.HEALTH])


def _names(db, visitor: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.name for m in match_hosts(db, visitor, limit=50, **kwargs).matches]


def _ahead(names: list[str], first: str, second: str) -> None:
    assert first in names and second in names, names
    assert names.index(first) < names.index(second), names


# -- the ranking, one term at a time -----------------------------------------------------------


def test_more_shared_ecosystems_come_first_whatever_the_other_terms(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    two = _org(empty_db, "Shares two", "PL", (53.43, 14.55), [Ecosystem.DIGITAL, Ecosystem.HEALTH])
    _org(empty_db, "Shares one", "PL", (52.23, 21.01), [Ecosystem.HEALTH])
    _busy(empty_db, two, 2)  # busier and nearer (halved), and still first
    assert great_circle_km(*BERLIN, 53.43, 14.55) < 200 < great_circle_km(*BERLIN, 52.23, 21.01)
    _ahead(_names(empty_db, visitor, start=START, end=END), "Shares two", "Shares one")


def test_then_fewer_visits_overlapping_the_dates(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    free = _org(empty_db, "Free but near", "PL", (53.43, 14.55), [Ecosystem.DIGITAL])
    busy = _org(empty_db, "Busy and far", "PL", (52.23, 21.01), [Ecosystem.HEALTH])
    _busy(empty_db, busy, 1)
    _busy(empty_db, free, 1, date(2026, 6, 1), date(2026, 6, 5))  # another month: not counted
    _ahead(_names(empty_db, visitor, start=START, end=END), "Free but near", "Busy and far")
    # Without dates nobody is busy: the farther (not halved) host comes first.
    _ahead(_names(empty_db, visitor), "Busy and far", "Free but near")
    assert free  # the free host's June visit is outside the dates


def test_then_a_stay_not_halved_for_distance_before_a_nearer_one(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    _org(empty_db, "Near", "PL", (53.43, 14.55), [Ecosystem.DIGITAL])
    _org(empty_db, "Far", "PL", (52.23, 21.01), [Ecosystem.DIGITAL])
    found = match_hosts(empty_db, visitor, start=START, end=END).matches
    by_name = {m.name: m for m in found}
    assert by_name["Near"].distance_km < 200 <= by_name["Far"].distance_km
    assert by_name["Near"].lump_sum == by_name["Far"].lump_sum / 2
    _ahead([m.name for m in found], "Far", "Near")


def test_then_the_shorter_distance(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    _org(empty_db, "Farther", "PL", (52.23, 21.01), [Ecosystem.DIGITAL])  # Warsaw, ~520 km
    _org(empty_db, "Closer", "CZ", (50.08, 14.44), [Ecosystem.DIGITAL])  # Prague, ~280 km
    _org(empty_db, "Nearest", "PL", (53.43, 14.55), [Ecosystem.DIGITAL])  # ~130 km: halved
    names = _names(empty_db, visitor, start=START, end=END)
    assert names == ["Closer", "Farther", "Nearest"]


def test_the_score_follows_the_order(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    for i, (where, ecosystems) in enumerate(
        [
            ((53.43, 14.55), [Ecosystem.DIGITAL, Ecosystem.HEALTH]),
            ((52.23, 21.01), [Ecosystem.HEALTH]),
            ((50.08, 14.44), []),
            ((48.21, 16.37), [Ecosystem.DIGITAL]),
        ]
    ):
        host = _org(empty_db, f"Host {i}", "PL" if i % 2 else "AT", where, ecosystems)
        _busy(empty_db, host, i % 2)
    scores = [m.score for m in match_hosts(empty_db, visitor, start=START, end=END).matches]
    assert len(scores) >= 4 and scores == sorted(scores, reverse=True)


# -- eligibility ---------------------------------------------------------------------------------


def test_only_eligible_hosts_are_suggested(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    _org(empty_db, "Same country", "DE", (48.14, 11.58), [Ecosystem.DIGITAL])
    _org(empty_db, "Not taking part", "CH", (47.37, 8.54), [Ecosystem.DIGITAL])
    _org(empty_db, "Host only", "AT", (48.21, 16.37), [Ecosystem.DIGITAL], OrgKind.OTHER)
    _org(empty_db, "Abroad", "AT", (47.07, 15.44), [Ecosystem.DIGITAL])
    assert sorted(_names(empty_db, visitor, start=START, end=END)) == ["Abroad", "Host only"]
    # Before 2022 the host-only kinds could not host at all.
    early = _names(empty_db, visitor, start=date(2021, 5, 3), end=date(2021, 5, 7))
    assert early == ["Abroad"]


def test_a_visitor_whose_organisation_visited_is_refused_naming_the_exchange(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    person = _person(empty_db, visitor)
    host = _org(empty_db, "Abroad", "AT", (47.07, 15.44), [Ecosystem.DIGITAL])
    with empty_db.unit() as session:
        Store(session).add_exchange(
            Exchange(
                uid="",
                reference="CX-2026-0042",
                visitor_uid=person,
                host_organisation_uid=host,
                start_date=START,
                end_date=END,
            ),
            "test",
        )
    for key in (visitor, person):
        with pytest.raises(UserError, match="CX-2026-0042"):
            match_hosts(empty_db, key)
    # The draft itself is matched: its own visit does not count against it.
    found = match_hosts(empty_db, exchange_key="CX-2026-0042")
    assert [m.name for m in found.matches] == ["Abroad"] and found.start == START


def test_every_match_in_the_demo_is_eligible_and_priced_as_quote_does(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        store = Store(session)
        rates = rates_in_force(store)
        visited = set(
            session.scalars(
                select(PersonRow.organisation_uid)
                .join(ExchangeRow, ExchangeRow.visitor_uid == PersonRow.uid)
                .where(ExchangeRow.status.not_in([s.value for s in VOID_STATUSES]))
            )
        )
        uids = session.scalars(
            select(OrganisationRow.uid)
            .where(OrganisationRow.kind == "cluster_organisation")
            .order_by(OrganisationRow.name)
        ).all()
        visitors = [store.organisation(u) for u in uids if u not in visited][:3]
        everyone = {o.uid: o for o in store.all_live("organisations")}
    assert visitors
    for org in visitors:
        for start, end in ((START, END), (date(2026, 12, 21), date(2027, 1, 8))):
            found = match_hosts(demo_db, org.uid, start=start, end=end, limit=200)
            assert found.matches
            for match in found.matches:
                host = everyone[match.uid]
                context = ExchangeContext(
                    visitor_kind=org.kind,
                    visitor_in_cluster=bool(org.cluster_uid),
                    host_kind=host.kind,
                    host_in_cluster=bool(host.cluster_uid),
                )
                assert check_exchange(org.country, host.country, start, end, context).ok
                quote = quote_exchange(
                    Place(org.city, org.country, org.latitude, org.longitude),
                    Place(host.city, host.country, host.latitude, host.longitude),
                    start,
                    end,
                    rates,
                    context=context,
                )
                assert quote.eligible, quote.reasons
                assert match.lump_sum == quote.lump_sum
                assert match.distance_km == pytest.approx(quote.distance_km, abs=0.11)
                assert isinstance(match.to_json()["distance_km"], float)
                assert match.to_json()["lump_sum"] == f"{quote.lump_sum:.2f}"
            # Nothing eligible is missing: every other organisation breaks a rule.
            shown = {m.uid for m in found.matches}
            assert len(shown) == found.eligible  # the limit is above the demo's size
            for host in everyone.values():
                if host.uid in shown:
                    continue
                context = ExchangeContext(host_kind=host.kind, host_in_cluster=True)
                assert not check_exchange(org.country, host.country, start, end, context).ok


def test_lump_sum_without_dates_is_a_five_day_stay(empty_db) -> None:  # type: ignore[no-untyped-def]
    visitor = _visitor(empty_db)
    _org(empty_db, "Vienna", "AT", (48.21, 16.37), [Ecosystem.DIGITAL])
    (match,) = match_hosts(empty_db, visitor).matches
    assert match.lump_sum == Decimal("950.00")
    assert any("5 working days" in reason for reason in match.reasons)
