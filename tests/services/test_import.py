"""Importing platform packages: counts that add up, deltas, tombstones, repeats, gaps, rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cxdesk.db.models import ExchangeRow, ImportRow, OrganisationRow, RateRow
from cxdesk.db.store import Store
from cxdesk.services.importing import import_package, missing_numbers
from tests.services.sync_factory import delta, dump, full, tables
from tests.sync.factory import (
    EXCHANGE,
    EXCHANGE_DELETED,
    ORG_ARAGON,
    ORG_SOFIA,
    ORG_THESSALY,
    PAYMENT,
    PERSON_ZELJKO,
)


def _org(db: Any, uid: str) -> OrganisationRow:
    with db.unit() as session:
        row = session.scalar(select(OrganisationRow).where(OrganisationRow.uid == uid))
        assert row is not None
        session.expunge(row)
        return row


def test_a_full_package_goes_into_an_empty_desk_every_row_counted(
    empty_db: Any, tmp_path: Path
) -> None:
    report = import_package(empty_db, full(tmp_path))
    assert report.applied and not report.errors and report.conflicts == 0
    counts = report.tables
    assert (counts["organisations"].inserted, counts["people"].inserted) == (3, 2)
    # The tombstone of an exchange the desk never had: read, nothing to delete.
    assert (counts["exchanges"].inserted, counts["exchanges"].unchanged) == (1, 1)
    assert counts["payments"].inserted == 1 and counts["rates"].inserted == 2
    assert all(c.adds_up for c in counts.values())
    with empty_db.unit() as session:
        store = Store(session)
        assert store.state("partnership") == "ECP-DIGI"  # an empty desk takes the package's
        assert store.state("last_applied_sequence") == "42"
        sofia = store.organisation(ORG_SOFIA)
        assert sofia.cluster_uid == ORG_ARAGON and sofia.name == "Кластер „Иновации“ ООД"
        assert store.organisation(ORG_THESSALY).country == "GR"  # EL taken as GR
        assert store.exchange(EXCHANGE).notes == tables()["exchanges"][0]["notes"]
        row = store.row("exchanges", EXCHANGE)
        assert (row.revision, row.dirty, row.platform_id) == (3, False, None)
        record = session.scalar(select(ImportRow))
        assert record is not None and record.sequence == 42 and record.kind == "full"
        assert record.backup_path == str(report.backup)
        names = set(session.scalars(select(RateRow.table_name)))
        assert "Platform package 42" in names and len(names) == 2  # the defaults stay for the rest
    # The backup was taken before: it holds the desk as it was, empty.
    assert report.backup is not None and report.backup.exists()
    with sqlite3.connect(report.backup) as conn:
        assert conn.execute("SELECT count(*) FROM organisations").fetchone() == (0,)


@pytest.mark.parametrize("member_first", [False, True])
def test_a_member_gets_its_cluster_wherever_the_cluster_is_in_the_file(
    empty_db: Any, tmp_path: Path, member_first: bool
) -> None:
    data = tables()
    if member_first:  # the member's row before its cluster's: its cluster is set afterwards
        data["organisations"] = list(reversed(data["organisations"]))
    report = import_package(empty_db, full(tmp_path, data))
    assert report.applied and not report.errors
    assert _org(empty_db, ORG_SOFIA).cluster_uid == ORG_ARAGON
    assert _org(empty_db, ORG_ARAGON).cluster_uid is None


def test_a_dry_run_reports_what_applying_does_and_changes_nothing(
    empty_db: Any, tmp_path: Path
) -> None:
    package = full(tmp_path)
    before = dump(empty_db)
    preview = import_package(empty_db, package, dry_run=True)
    assert dump(empty_db) == before
    assert not preview.applied and preview.dry_run and not preview.errors
    assert preview.backup is None
    applied = import_package(empty_db, package)
    assert applied.to_json() | {"applied": False} == preview.to_json()


def test_the_same_package_twice_changes_nothing_the_second_time_and_says_so(
    empty_db: Any, tmp_path: Path
) -> None:
    package = full(tmp_path)
    import_package(empty_db, package)
    before = dump(empty_db)
    again = import_package(empty_db, package)
    assert dump(empty_db) == before
    assert again.already_applied and not again.applied and not again.errors
    assert "already applied" in again.message and again.warnings == [again.message]


def test_a_delta_updates_inserts_and_deletes(empty_db: Any, tmp_path: Path) -> None:
    import_package(empty_db, full(tmp_path))
    data = tables()
    org = data["organisations"][0] | {"revision": "4", "city": "Huesca"}
    gone = {name: "" for name in data["payments"][0]} | {
        "uid": PAYMENT,
        "revision": "5",
        "deleted": "true",
        "updated_at": "2026-03-05T10:00:00Z",
    }
    report = import_package(
        empty_db, delta(tmp_path, {"organisations": [org], "payments": [gone]}, sequence=43)
    )
    assert report.applied
    assert report.tables["organisations"].updated == 1
    assert report.tables["payments"].deleted == 1
    assert report.to_json()["deleted"] == {"organisations": 0, "payments": 1}
    row = _org(empty_db, ORG_ARAGON)
    assert (row.city, row.revision, row.dirty) == ("Huesca", 4, False)
    with empty_db.unit() as session:
        assert Store(session).payments_of(EXCHANGE) == []
        assert Store(session).state("last_applied_sequence") == "43"


def test_a_late_delta_with_an_older_revision_does_not_go_back(
    empty_db: Any, tmp_path: Path
) -> None:
    import_package(empty_db, full(tmp_path))
    org = tables()["organisations"][0] | {"revision": "2", "city": "Teruel"}
    report = import_package(empty_db, delta(tmp_path, {"organisations": [org]}, sequence=43))
    assert report.tables["organisations"].unchanged == 1
    assert _org(empty_db, ORG_ARAGON).city == "Zaragoza"


def test_a_gap_is_refused_naming_the_missing_packages(empty_db: Any, tmp_path: Path) -> None:
    import_package(empty_db, full(tmp_path, sequence=40))
    before = dump(empty_db)
    report = import_package(empty_db, delta(tmp_path, {"organisations": []}, sequence=44, base=43))
    assert not report.applied and dump(empty_db) == before
    assert "import packages 41, 42, 43 first" in report.errors[0]
    first = import_package(empty_db, delta(tmp_path, {"organisations": []}, sequence=41))
    assert first.applied


def test_a_delta_into_a_desk_that_applied_nothing_is_refused(empty_db: Any, tmp_path: Path) -> None:
    report = import_package(empty_db, delta(tmp_path, tables(), sequence=42))
    assert not report.applied
    assert "applied no package yet" in report.errors[0] and "1–41" in report.errors[0]
    assert missing_numbers(3, 4) == "3, 4" and missing_numbers(1, 41) == "1–41"


def test_a_package_of_another_partnership_is_refused_naming_both(
    empty_db: Any, tmp_path: Path
) -> None:
    import_package(empty_db, full(tmp_path))
    before = dump(empty_db)
    report = import_package(
        empty_db, full(tmp_path, name="other.zip", sequence=50, partnership="ECP-AGRI")
    )
    assert not report.applied and dump(empty_db) == before
    assert "ECP-AGRI" in report.errors[0] and "ECP-DIGI" in report.errors[0]


def test_a_package_a_desk_wrote_is_refused(empty_db: Any, tmp_path: Path) -> None:
    report = import_package(
        empty_db, full(tmp_path, origin="desk:0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e01")
    )
    assert not report.applied and "only packages from the platform" in report.errors[0]


def test_a_full_package_deletes_the_platform_rows_it_no_longer_holds(
    empty_db: Any, tmp_path: Path
) -> None:
    import_package(empty_db, full(tmp_path))
    with empty_db.unit() as session:
        Store(session).edit("people", PERSON_ZELJKO, {"role": "Director"}, "test")
    data = tables()
    data["organisations"] = [o for o in data["organisations"] if o["uid"] != ORG_SOFIA]
    data["people"] = [p for p in data["people"] if p["uid"] != PERSON_ZELJKO]
    data["exchanges"], data["payments"] = [], []
    report = import_package(empty_db, full(tmp_path, data, name="next.zip", sequence=43))
    assert report.applied
    assert report.tables["organisations"].retired == 1
    assert report.to_json()["deleted"]["organisations"] == 1
    assert report.tables["exchanges"].retired == 1 and report.tables["payments"].retired == 1
    assert _org(empty_db, ORG_SOFIA).deleted
    # The person edited on the desk is kept, and the coordinator is told.
    with empty_db.unit() as session:
        assert Store(session).person(PERSON_ZELJKO).role == "Director"
    assert any("edited on the desk" in w for w in report.warnings)


def test_the_rules_failing_on_a_platform_exchange_are_warnings(
    empty_db: Any, tmp_path: Path
) -> None:
    data = tables()
    # The host in the visitor's own country: refused by the desk's rules, granted by the platform.
    data["organisations"][1]["country"] = "ES"
    report = import_package(empty_db, full(tmp_path, data))
    assert report.applied and not report.errors
    assert any(
        w.startswith("exchanges.csv:2: CX-2026-0042: Both organisations are in")
        for w in report.warnings
    )
    with empty_db.unit() as session:
        assert session.scalar(select(ExchangeRow.status)) == "approved"


def test_unknown_columns_are_a_warning_and_stay_out(empty_db: Any, tmp_path: Path) -> None:
    data = tables()
    for row in data["organisations"]:
        row["vat_number"] = "ES-B12345678"
    report = import_package(empty_db, full(tmp_path, data))
    assert report.applied
    assert report.warnings == [
        "organisations.csv:1: columns this desk does not know are ignored: 'vat_number'"
    ]


def test_a_package_without_some_columns_keeps_the_desk_values(
    empty_db: Any, tmp_path: Path
) -> None:
    import_package(empty_db, full(tmp_path))
    org = {k: v for k, v in tables()["organisations"][0].items() if k not in ("phone", "email")}
    report = import_package(
        empty_db,
        delta(
            tmp_path,
            {"organisations": [org | {"revision": "4", "name": "Clúster Aragón"}]},
            sequence=43,
        ),
    )
    assert report.tables["organisations"].updated == 1
    row = _org(empty_db, ORG_ARAGON)
    assert (row.name, row.phone) == ("Clúster Aragón", "+34 976 123 456")


def test_an_exchange_tombstone_for_a_row_the_desk_has_deletes_it(
    empty_db: Any, tmp_path: Path
) -> None:
    data = tables()
    live = data["exchanges"][0] | {
        "uid": EXCHANGE_DELETED,
        "reference": "CX-2026-0043",
        "revision": "6",
    }
    data["exchanges"] = [data["exchanges"][0], live]
    import_package(empty_db, full(tmp_path, data))
    tomb = tables()["exchanges"][1]
    report = import_package(empty_db, delta(tmp_path, {"exchanges": [tomb]}, sequence=43))
    assert report.tables["exchanges"].deleted == 1
    with empty_db.unit() as session:
        assert Store(session).count("exchanges") == 1


@pytest.mark.parametrize("rows", [0, 1])
def test_counts_add_up_with_refused_rows(empty_db: Any, tmp_path: Path, rows: int) -> None:
    data = tables()
    if rows:
        data["people"][0]["last_name"] = ""
    report = import_package(empty_db, full(tmp_path, data))
    assert all(c.adds_up for c in report.tables.values())
    assert report.tables["people"].refused == rows


def test_a_table_a_full_package_leaves_out_is_left_alone(empty_db: Any, tmp_path: Path) -> None:
    import_package(empty_db, full(tmp_path))
    data = {name: rows for name, rows in tables().items() if name != "payments"}
    report = import_package(empty_db, full(tmp_path, data, name="next.zip", sequence=43))
    assert report.applied and "payments" not in report.tables
    with empty_db.unit() as session:
        assert len(Store(session).payments_of(EXCHANGE)) == 1


def test_the_last_import_can_be_reverted(empty_db: Any, tmp_path: Path) -> None:
    from cxdesk.services.importing.history import last_import, revert_last_import

    import_package(empty_db, full(tmp_path))
    first = dump(empty_db)
    org = tables()["organisations"][0] | {"revision": "4", "city": "Huesca"}
    import_package(empty_db, delta(tmp_path, {"organisations": [org]}, sequence=43))
    last = last_import(empty_db)
    assert last is not None and last.sequence == 43 and last.file_name == "delta-43.zip"
    reopened, reverted, safety = revert_last_import(empty_db)
    try:
        assert reverted.sequence == 43 and safety.exists()
        assert dump(reopened) == first
        assert _org(reopened, ORG_ARAGON).city == "Zaragoza"
    finally:
        reopened.close()


def _schema(db: Any) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        return sorted(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        )
    finally:
        conn.close()


def test_an_import_into_an_empty_desk_leaves_every_index_and_trigger_as_it_was(
    empty_db: Any, tmp_path: Path
) -> None:
    # Plain indexes and search triggers are taken off while empty tables fill, then put back.
    before = _schema(empty_db)
    assert any(name == "ix_people_organisation_uid" for name, _sql in before)
    assert import_package(empty_db, full(tmp_path), dry_run=True).errors == []
    assert _schema(empty_db) == before
    assert import_package(empty_db, full(tmp_path)).applied
    assert _schema(empty_db) == before
    with sqlite3.connect(f"file:{empty_db.path}?mode=ro", uri=True) as conn:
        plan = " ".join(
            str(row)
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT uid FROM people WHERE organisation_uid = 'x'"
            )
        )
        assert "ix_people_organisation_uid" in plan


def test_rows_converted_in_place_column_by_column_are_the_stored_values(tmp_path: Path) -> None:
    from cxdesk.services.importing.plan import stored_rows, stored_values
    from cxdesk.sync.reader import read_package

    with read_package(full(tmp_path)) as reader:
        for resource in reader.resources:
            rows = list(reader.rows(resource))
            expected = [stored_values(resource, row) for row in rows]
            assert stored_rows(resource, rows) == expected and rows == expected
