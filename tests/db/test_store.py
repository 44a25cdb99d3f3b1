"""The store: records in and out, edits that leave an audit trail and a merge base."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from cxdesk.core.errors import NotFound
from cxdesk.db.models import AuditRow, OrganisationRow
from cxdesk.db.store import Store
from cxdesk.domain.codes import OrgKind
from cxdesk.domain.records import Organisation, Person


def test_an_organisation_round_trips_with_its_script(empty_db) -> None:  # type: ignore[no-untyped-def]
    with empty_db.unit() as session:
        stored = Store(session).add_organisation(
            Organisation(
                uid="",
                name="Клъстер Дигитална България",
                kind=OrgKind.CLUSTER_ORGANISATION,
                country="BG",
                city="Sofia",
                latitude=42.69,
                longitude=23.32,
            ),
            "test",
        )
    with empty_db.unit() as session:
        again = Store(session).organisation(stored.uid)
    assert again.name == "Клъстер Дигитална България"
    assert again.kind is OrgKind.CLUSTER_ORGANISATION


def test_an_edit_of_a_synced_row_keeps_the_platform_value_as_merge_base(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        uid = session.scalar(select(OrganisationRow.uid).limit(1))
        store = Store(session)
        old_city = store.organisation(uid).city
        store.edit("organisations", uid, {"city": "Plovdiv"}, "test")
        store.edit("organisations", uid, {"city": "Varna"}, "test")
    with demo_db.unit() as session:
        row = session.scalar(select(OrganisationRow).where(OrganisationRow.uid == uid))
        assert row is not None
        assert row.dirty is True
        assert row.base == {"city": old_city}  # the first value, not the intermediate one
        audit = session.scalars(select(AuditRow).where(AuditRow.row_uid == uid)).all()
        assert [(a.old, a.new) for a in audit] == [(old_city, "Plovdiv"), ("Plovdiv", "Varna")]


def test_an_edit_that_changes_nothing_leaves_no_trace(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        org = session.scalar(select(OrganisationRow).limit(1))
        assert org is not None
        changed = Store(session).edit("organisations", org.uid, {"city": org.city}, "test")
        assert changed == {}
        assert org.dirty is False


def test_unknown_keys_are_named(empty_db) -> None:  # type: ignore[no-untyped-def]
    with empty_db.unit() as session, pytest.raises(NotFound, match="CX-2026-9999"):
        Store(session).exchange("CX-2026-9999")


def test_people_and_partnership(empty_db) -> None:  # type: ignore[no-untyped-def]
    with empty_db.unit() as session:
        store = Store(session)
        org = store.add_organisation(
            Organisation(
                uid="", name="Ştefan Brâncuşi SRL", kind=OrgKind.SME, country="RO", city="Timișoara"
            ),
            "test",
        )
        store.add_person(
            Person(
                uid="",
                organisation_uid=org.uid,
                first_name="Ștefan",
                last_name="Brâncuși",
                language="ro",
            ),
            "test",
        )
        store.set_partnership("ECP-DIGI", "Digital partnership", Decimal("125000.00"))
    with empty_db.unit() as session:
        store = Store(session)
        assert [p.full_name for p in store.people_of(org.uid)] == ["Ștefan Brâncuși"]
        partnership = store.partnership()
        assert partnership is not None and partnership.budget == Decimal("125000.00")
