"""`cxdesk list`, `show` and `add` from the outside: what a person or a script sees, and that a
refused `add` leaves the database as it was."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cxdesk.db import listing
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, PersonFilter, Sort
from cxdesk.services import browse
from cxdesk.sync.columns import RESOURCES
from tests.cli.runner import cxdesk, run


def _org_uids(db: Any, text: str) -> list[str]:
    page = browse.organisation_page(db, OrgFilter(text=text), Sort("name"))
    lines = browse.organisation_lines(db, page.ids)
    return [lines[i].uid for i in page.ids]


def _counts(db: Any) -> tuple[int, int, int]:
    return (
        browse.organisation_page(db, OrgFilter()).total,
        browse.person_page(db, PersonFilter()).total,
        browse.exchange_page(db, ExchangeFilter()).total,
    )


# -- list ------------------------------------------------------------------------------------


def test_list_filter_is_the_members_tabs_filter(demo_db: Any, capsys: Any) -> None:
    expected = _org_uids(demo_db, "aero")
    assert 1 < len(expected) < browse.organisation_page(demo_db, OrgFilter()).total
    code, out, _err = run(demo_db, "list", "organisations", "--filter", "aero", capsys=capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == expected
    code, out, _err = run(
        demo_db, "list", "organisations", "--filter", "aero", "--json", capsys=capsys
    )
    records = json.loads(out)
    assert [r["uid"] for r in records] == expected
    assert all(list(r) == list(RESOURCES["organisations"].column_names) for r in records)
    assert all(isinstance(r["ecosystems"], list) and r["deleted"] is False for r in records)


def test_list_reads_a_chunk_at_a_time_in_the_tabs_order(
    demo_db: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "CHUNK", 7)  # many chunks, with a part-filled last one
    code, out, _err = run(demo_db, "list", "organisations", "--json", capsys=capsys)
    assert code == 0
    assert [r["uid"] for r in json.loads(out)] == _org_uids(demo_db, "")


def test_list_exchanges_by_status_and_text(demo_db: Any, capsys: Any) -> None:
    flt = ExchangeFilter(text="cx", statuses=frozenset({"paid"}))
    page = browse.exchange_page(demo_db, flt, Sort("start_date", descending=True))
    lines = browse.exchange_lines(demo_db, page.ids)
    expected = [lines[i].reference for i in page.ids]
    assert expected
    code, out, _err = run(
        demo_db, "list", "exchanges", "--filter", "cx", "--status", "paid", capsys=capsys
    )
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == expected
    assert all(" paid " in line for line in out.splitlines())
    code, out, _err = run(demo_db, "list", "exchanges", "--status", "paid", "--json", capsys=capsys)
    records = json.loads(out)
    assert {r["status"] for r in records} == {"paid"}
    assert all(r["lump_sum"].count(".") == 1 for r in records)  # a decimal string


def test_list_people_payments_and_reports(demo_db: Any, capsys: Any) -> None:
    code, out, _err = run(demo_db, "list", "people", "--json", capsys=capsys)
    people = json.loads(out)
    assert code == 0 and len(people) == browse.person_page(demo_db, PersonFilter()).total
    assert list(people[0]) == list(RESOURCES["people"].column_names)
    code, out, _err = run(demo_db, "list", "payments", "--status", "paid", "--json", capsys=capsys)
    payments = json.loads(out)
    assert code == 0 and payments
    assert list(payments[0]) == list(RESOURCES["payments"].column_names)
    # Closing reports (issue 15): reports.csv's fields, the evidence as hashes, no bank detail.
    code, out, _err = run(demo_db, "list", "reports", "--json", capsys=capsys)
    reports = json.loads(out)
    assert code == 0 and all(
        {"uid", "exchange_uid", "received_on", "evidence"} <= set(r) and "iban" not in r
        for r in reports
    )
    code, out, _err = run(demo_db, "list", "reports", "--filter", "zzqqxx", capsys=capsys)
    assert (code, out.strip()) == (0, "No reports.")


def test_list_status_of_organisations_is_a_usage_error(demo_db: Any, capsys: Any) -> None:
    code, out, err = run(demo_db, "list", "organisations", "--status", "paid", capsys=capsys)
    assert code == 2 and out == ""
    assert "--status applies to exchanges and payments only" in err


# -- show ------------------------------------------------------------------------------------


def _paid_reference(db: Any) -> str:
    page = browse.exchange_page(db, ExchangeFilter(statuses=frozenset({"paid"})), limit=1)
    return browse.exchange_lines(db, page.ids)[page.ids[0]].reference


def test_show_an_exchange_with_payments_and_history(demo_db: Any, capsys: Any) -> None:
    reference = _paid_reference(demo_db)
    code, out, _err = run(demo_db, "show", reference, "--json", capsys=capsys)
    assert code == 0
    record = json.loads(out)
    assert record["reference"] == reference and record["status"] == "paid"
    assert set(RESOURCES["exchanges"].column_names) <= set(record)
    assert record["rules"] == []
    report = record["report"]  # issue 15: the closing report, with its evidence, if any
    assert report is None or (report["exchange_uid"] == record["uid"] and "iban" not in report)
    assert record["payments"] and all(
        p["exchange_uid"] == record["uid"] for p in record["payments"]
    )
    assert record["history"][0]["what"] == "created"
    assert set(record["history"][0]) >= {"at", "user", "what", "field", "from", "to"}
    code, out, _err = run(demo_db, "show", record["uid"], capsys=capsys)
    assert code == 0
    assert f"reference: {reference}" in out
    assert "Rules that fail today: none." in out
    assert "Payments:" in out and record["payments"][0]["uid"] in out
    assert "History:" in out and "created" in out


def test_show_an_organisation_and_an_unknown_key(demo_db: Any, capsys: Any) -> None:
    uid = _org_uids(demo_db, "")[0]
    code, out, _err = run(demo_db, "show", uid, "--json", capsys=capsys)
    record = json.loads(out)
    assert code == 0 and record["uid"] == uid and isinstance(record["rules"], list)
    assert "payments" not in record
    code, out, err = run(demo_db, "show", "CX-1999-9999", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.strip() == "No record with the key CX-1999-9999."


# -- add -------------------------------------------------------------------------------------


def test_add_each_table_and_history_names_the_user(demo_db: Any, capsys: Any) -> None:
    host = _org_uids(demo_db, "")[0]
    code, out, err = run(
        demo_db,
        "add",
        "organisations",
        "name=Fab Lab Leipzig",
        "kind=fab_lab",
        "country=DE",
        "city=Leipzig",
        "--user",
        "alice",
        capsys=capsys,
    )
    assert code == 0, err
    org = out.strip()
    assert browse.organisation(demo_db, org).name == "Fab Lab Leipzig"
    code, out, err = run(
        demo_db,
        "add",
        "people",
        f"organisation_uid={org}",
        "first_name=Cleo",
        "last_name=Visitor",
        "language=de",
        "--user",
        "alice",
        capsys=capsys,
    )
    assert code == 0, err
    person = out.strip()
    # From the outside once: what a script reads back is the uid, then the reference.
    made = cxdesk(
        demo_db,
        "--user",
        "alice",
        "add",
        "exchanges",
        f"visitor_uid={person}",
        f"host_organisation_uid={host}",
        "start_date=2027-03-01",
        "end_date=2027-03-05",
        "purposes=learn",
    )
    assert made.returncode == 0, made.stderr
    uid, reference = made.stdout.split()
    assert reference.startswith("CX-2027-")
    assert made.stderr.strip() == f"Exchange {reference} created."
    assert browse.exchange(demo_db, reference).uid == uid
    for key in (org, person, reference):
        code, out, _err = run(demo_db, "history", key, "--json", capsys=capsys)
        entries = json.loads(out)
        assert [(e["what"], e["user"]) for e in entries] == [("created", "alice")], key
    code, out, _err = run(demo_db, "show", reference, "--json", capsys=capsys)
    shown = json.loads(out)
    assert shown["status"] == "draft" and shown["payments"] == [] and shown["rules"] == []
    assert shown["history"][0]["user"] == "alice"


def test_add_refusals_change_nothing(demo_db: Any, capsys: Any) -> None:
    before = _counts(demo_db)
    code, out, err = run(demo_db, "add", "organisations", "name=X", "colour=red", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.startswith("organisations have no field 'colour' to set; fields:")
    code, out, err = run(demo_db, "add", "organisations", "name=X", "kind=sme", capsys=capsys)
    assert (code, out) == (1, "")
    assert err.strip() == (
        "A new record of organisations needs country, city: give them as FIELD=VALUE."
    )
    code, out, err = run(demo_db, "add", "exchanges", "start_date=2027-01-04", capsys=capsys)
    assert code == 1 and "visitor_uid, host_organisation_uid, end_date" in err
    # An SME outside any cluster may not visit: the scheme's rule refuses the exchange.
    code, _out, _err = run(
        demo_db,
        "add",
        "organisations",
        "name=Lonely SME GmbH",
        "kind=sme",
        "country=DE",
        "city=Leipzig",
        capsys=capsys,
    )
    assert code == 0
    sme = _out.strip()
    code, visitor, _err = run(
        demo_db,
        "add",
        "people",
        f"organisation_uid={sme}",
        "first_name=Uli",
        "last_name=Solo",
        capsys=capsys,
    )
    after_setup = _counts(demo_db)
    code, out, err = run(
        demo_db,
        "add",
        "exchanges",
        f"visitor_uid={visitor.strip()}",
        f"host_organisation_uid={_org_uids(demo_db, '')[0]}",
        "start_date=2027-03-01",
        "end_date=2027-03-05",
        capsys=capsys,
    )
    assert (code, out) == (1, "")
    assert "was not saved: The visiting SME is not a member of a cluster" in err
    assert _counts(demo_db) == after_setup
    assert after_setup == (before[0] + 1, before[1] + 1, before[2])
    code, out, err = run(
        demo_db,
        "add",
        "people",
        "organisation_uid=00000000-0000-0000-0000-000000000000",
        "first_name=A",
        "last_name=B",
        capsys=capsys,
    )
    assert (code, out) == (1, "")
    assert err.strip() == "No organisation with the key 00000000-0000-0000-0000-000000000000."
    assert _counts(demo_db) == after_setup


def test_show_says_the_rules_that_fail_today(demo_db: Any, capsys: Any) -> None:
    from cxdesk.db.store import Store

    page = browse.exchange_page(demo_db, ExchangeFilter(statuses=frozenset({"submitted"})), limit=1)
    line = browse.exchange_lines(demo_db, page.ids)[page.ids[0]]
    # Stored behind the editors' backs (as a package could): a host outside the programme.
    with demo_db.unit() as session:
        Store(session).edit("organisations", line.host_organisation_uid, {"country": "US"}, "test")
    code, out, _err = run(demo_db, "show", line.reference, "--json", capsys=capsys)
    rules = json.loads(out)["rules"]
    assert code == 0 and rules and any("United States" in r or "US" in r for r in rules)
    code, out, _err = run(demo_db, "show", line.host_organisation_uid, capsys=capsys)
    assert code == 0 and "Rules that fail today:\n  - " in out
    code, out, _err = run(demo_db, "show", line.host_organisation_uid, "--json", capsys=capsys)
    assert json.loads(out)["rules"]
