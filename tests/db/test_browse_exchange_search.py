"""The exchanges' words and sort keys (migration 0005): found and sorted as their names are now."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cxdesk.db import browse, browse_exchanges
from cxdesk.db.models import ExchangeRow, PaymentRow, PersonRow
from cxdesk.domain.filters import ExchangeFilter, Sort
from cxdesk.services.editing import set_fields


def _found(db, words: str) -> set[str]:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        page = browse.exchange_page(session, ExchangeFilter(text=words))
        return {line.uid for line in browse.exchange_lines(session, page.ids).values()}


def _an_exchange(db):  # type: ignore[no-untyped-def]
    with db.unit() as session:
        row = session.scalars(select(ExchangeRow).order_by(ExchangeRow.id).limit(1)).one()
        visitor = session.scalars(select(PersonRow).where(PersonRow.uid == row.visitor_uid)).one()
        return (
            row.uid,
            row.reference,
            visitor.uid,
            visitor.organisation_uid,
            row.host_organisation_uid,
        )


def test_a_renamed_visitor_and_organisations_are_found_by_their_new_names(demo_db) -> None:  # type: ignore[no-untyped-def]
    uid, _ref, visitor, visiting, host = _an_exchange(demo_db)
    set_fields(demo_db, "people", visitor, ["last_name=Zyxwvutson"])
    set_fields(demo_db, "organisations", visiting, ["name=Quorblax Visiting Cluster"])
    set_fields(demo_db, "organisations", host, ["name=Fnordic Hosting Lab"])
    assert uid in _found(demo_db, "zyxw")
    assert uid in _found(demo_db, "quorbl")
    assert uid in _found(demo_db, "fnord lab")
    assert _found(demo_db, "zyxw fnord") >= {uid}
    # The old names are gone from the index: only what the window shows is found.
    set_fields(demo_db, "people", visitor, ["last_name=Plainname"])
    assert _found(demo_db, "zyxw") == set()


def test_words_match_the_reference_by_its_parts_and_accents_fold(demo_db) -> None:  # type: ignore[no-untyped-def]
    uid, reference, visitor, _visiting, _host = _an_exchange(demo_db)
    assert uid in _found(demo_db, reference)
    assert uid in _found(demo_db, reference[:-1])  # typed halfway
    set_fields(demo_db, "people", visitor, ["last_name=Mühlbäcková"])
    assert uid in _found(demo_db, "muhlbackov")
    assert uid not in _found(demo_db, "hlback")  # a word is matched by its start, as names are


def test_a_removed_exchange_leaves_the_index(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        row = session.scalars(
            select(ExchangeRow).where(ExchangeRow.uid.not_in(select(PaymentRow.exchange_uid)))
        ).first()
        assert row is not None
        uid, reference = row.uid, row.reference
        session.delete(row)
    assert _found(demo_db, reference) == set()
    with demo_db.unit() as session:
        ids = browse.exchange_ids(session, ExchangeFilter(), Sort("visitor"), 0, 100_000)
        assert uid not in {line.uid for line in browse.exchange_lines(session, ids).values()}


def test_sort_by_visitor_and_organisations_follows_the_names_both_ways(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        for key, name in (
            ("visitor", "visitor"),
            ("host_organisation", "host_organisation"),
            ("visiting_organisation", "visiting_organisation"),
        ):
            for descending in (False, True):
                ids = browse.exchange_ids(
                    session, ExchangeFilter(), Sort(key, descending=descending), 0, 1000
                )
                lines = browse.exchange_lines(session, ids)
                shown = [getattr(lines[i], name) for i in ids]
                if key == "visitor":  # sorted by last name, shown as first and last
                    last = {p.uid: p.last_name for p in session.scalars(select(PersonRow)).all()}
                    shown = [last[lines[i].visitor_uid] for i in ids]
                assert shown == sorted(shown, reverse=descending), (key, descending)
                assert len(ids) == session.query(ExchangeRow).filter_by(deleted=False).count()


def test_renamed_names_sort_at_once(demo_db) -> None:  # type: ignore[no-untyped-def]
    _uid, _ref, visitor, _visiting, host = _an_exchange(demo_db)
    set_fields(demo_db, "people", visitor, ["last_name=Aaaaardvark"])
    set_fields(demo_db, "organisations", host, ["name=Zzzzebra Hosts"])
    with demo_db.unit() as session:
        by_visitor = browse.exchange_ids(session, ExchangeFilter(), Sort("visitor"), 0, 1)
        by_host = browse.exchange_ids(
            session, ExchangeFilter(), Sort("host_organisation"), 0, 10**6
        )
        first = browse.exchange_lines(session, by_visitor)[by_visitor[0]]
        lines = browse.exchange_lines(session, by_host)
    assert first.visitor_uid == visitor
    hosts = [lines[i].host_organisation for i in by_host]
    assert "Zzzzebra Hosts" in hosts
    assert hosts == sorted(hosts)


@pytest.mark.parametrize(
    "sort",
    [None, Sort("start_date"), Sort("reference", descending=True), Sort("visitor"), Sort("status")],
)
def test_a_common_word_walks_the_sort_index_to_the_same_rows(
    demo_db,  # type: ignore[no-untyped-def]
    sort: Sort | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At platform size a word matching thousands reads the first rows walking the sort's
    # index; a small desk never gets there, so the threshold is lowered to see both agree.
    with demo_db.unit() as session:
        for words in ("a", "e", "cx"):
            flt = ExchangeFilter(text=words)
            sorted_matches = browse.exchange_ids(session, flt, sort, 0, 1000)
            monkeypatch.setattr(browse_exchanges, "COMMON_MATCHES", 1)
            walked = browse.exchange_ids(session, flt, sort, 0, 1000)
            monkeypatch.setattr(browse_exchanges, "COMMON_MATCHES", 10**9)
            assert len(sorted_matches) > 1
            assert walked == sorted_matches, (words, sort)
