"""Nothing lost: desk edits merge with platform changes field by field; clashes await a choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cxdesk.cli import main
from cxdesk.core.errors import UserError
from cxdesk.db.models import OrganisationRow
from cxdesk.db.store import Store
from cxdesk.services.conflicts import describe_value, open_conflicts, resolve, resolve_one
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, dump, full, tables
from tests.sync.factory import ORG_ARAGON, ORG_THESSALY, PERSON_ZELJKO


def _row(db: Any, uid: str = ORG_ARAGON) -> OrganisationRow:
    with db.unit() as session:
        row = session.scalar(select(OrganisationRow).where(OrganisationRow.uid == uid))
        assert row is not None
        session.expunge(row)
        return row


def _platform_changes(folder: Path, sequence: int = 43, **cells: str) -> Path:
    org = tables()["organisations"][0] | {"revision": str(sequence - 38), **cells}
    return delta(folder, {"organisations": [org]}, sequence=sequence)


@pytest.fixture
def desk(empty_db: Any, tmp_path: Path) -> Any:
    assert import_package(empty_db, full(tmp_path)).applied
    return empty_db


def _edit(db: Any, **changes: Any) -> None:
    with db.unit() as session:
        Store(session).edit("organisations", ORG_ARAGON, changes, "test")


def test_changes_to_different_fields_merge(desk: Any, tmp_path: Path) -> None:
    _edit(desk, city="Huesca")
    report = import_package(desk, _platform_changes(tmp_path, phone="+34 976 000 000"))
    assert report.applied and report.conflicts == 0
    assert report.tables["organisations"].updated == 1
    row = _row(desk)
    assert (row.city, row.phone, row.revision) == ("Huesca", "+34 976 000 000", 5)
    # The desk's edit is still to be sent; its base is what the platform holds now.
    assert row.dirty and row.base == {"city": "Zaragoza"}


def test_the_same_change_on_both_sides_is_no_conflict_and_nothing_left_to_send(
    desk: Any, tmp_path: Path
) -> None:
    _edit(desk, city="Huesca")
    report = import_package(desk, _platform_changes(tmp_path, city="Huesca"))
    assert report.conflicts == 0
    row = _row(desk)
    assert row.city == "Huesca" and not row.dirty and row.base is None


def test_the_same_field_changed_differently_is_a_conflict_and_the_desk_value_stays(
    desk: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(desk, city="Huesca")
    package = _platform_changes(tmp_path, city="Teruel", phone="+34 976 000 000")
    code = main(["--db", str(desk.path), "import", str(package)])
    assert code == 3  # applied, with a conflict left
    assert "1 conflict to resolve" in capsys.readouterr().out
    row = _row(desk)
    assert (row.city, row.phone) == ("Huesca", "+34 976 000 000")
    [conflict] = open_conflicts(desk)
    assert (conflict.table, conflict.uid, conflict.field) == ("organisations", ORG_ARAGON, "city")
    assert (conflict.base, conflict.local, conflict.remote) == ("Zaragoza", "Huesca", "Teruel")
    assert conflict.label == "Clúster Agroalimentario de Aragón" and conflict.sequence == 43


def test_the_same_package_again_leaves_one_conflict(desk: Any, tmp_path: Path) -> None:
    _edit(desk, city="Huesca")
    import_package(desk, _platform_changes(tmp_path, city="Teruel"))
    before = dump(desk)
    # A later package with the same platform value: no news, the same open conflict.
    again = import_package(
        desk, _platform_changes(tmp_path, sequence=44, city="Teruel", phone="+34 1")
    )
    assert again.applied and len(open_conflicts(desk)) == 1
    assert dump(desk)["conflicts"] == before["conflicts"]


def test_taking_the_platform_value_writes_it_and_the_row_is_clean(
    desk: Any, tmp_path: Path
) -> None:
    _edit(desk, city="Huesca")
    import_package(desk, _platform_changes(tmp_path, city="Teruel"))
    [conflict] = open_conflicts(desk)
    change = resolve_one(desk, conflict.id, "platform")
    assert change.tables == {"organisations", "conflicts"} and ORG_ARAGON in change.uids
    row = _row(desk)
    assert row.city == "Teruel" and not row.dirty and row.base is None
    assert open_conflicts(desk) == []
    with pytest.raises(UserError):
        resolve_one(desk, conflict.id, "local")


def test_keeping_the_desk_value_sends_it_with_the_next_export(desk: Any, tmp_path: Path) -> None:
    _edit(desk, city="Huesca")
    import_package(desk, _platform_changes(tmp_path, city="Teruel"))
    [conflict] = open_conflicts(desk)
    resolve(desk, {conflict.id: "local"})
    row = _row(desk)
    assert row.city == "Huesca" and row.dirty
    written = export_package(desk, tmp_path / "out.zip")
    assert written.rows["organisations"] == 1


def test_a_choice_made_after_the_desk_value_was_sent_is_sent_too(desk: Any, tmp_path: Path) -> None:
    _edit(desk, city="Huesca")
    import_package(desk, _platform_changes(tmp_path, city="Teruel"))
    export_package(desk, tmp_path / "sent.zip")  # Huesca went to the platform
    [conflict] = open_conflicts(desk)
    resolve_one(desk, conflict.id, "platform")
    row = _row(desk)
    assert row.city == "Teruel" and row.dirty and row.base == {"city": "Huesca"}


def test_deleted_on_the_platform_and_edited_on_the_desk_is_a_conflict(
    desk: Any, tmp_path: Path
) -> None:
    with desk.unit() as session:
        Store(session).edit("people", PERSON_ZELJKO, {"role": "Director"}, "test")
    tomb = {name: "" for name in tables()["people"][0]} | {
        "uid": PERSON_ZELJKO,
        "revision": "9",
        "deleted": "true",
    }
    report = import_package(desk, delta(tmp_path, {"people": [tomb]}, sequence=43))
    assert report.conflicts == 1 and report.tables["people"].unchanged == 1
    with desk.unit() as session:
        assert Store(session).person(PERSON_ZELJKO).role == "Director"  # still there
    [conflict] = open_conflicts(desk)
    assert (conflict.field, conflict.local, conflict.remote) == ("deleted", "false", "true")
    resolve_one(desk, conflict.id, "platform")
    with desk.unit() as session:
        assert Store(session).count("people") == 1


def test_a_row_made_on_the_desk_conflicts_on_every_difference(desk: Any, tmp_path: Path) -> None:
    # The desk made a row whose uid the platform then sends (another desk of the partnership):
    # with no common version, the desk cannot tell whose change a difference is.
    with desk.unit() as session:
        session.execute(
            OrganisationRow.__table__.update()
            .where(OrganisationRow.uid == ORG_THESSALY)
            .values(revision=0, dirty=True)
        )
    org = tables()["organisations"][1] | {"revision": "4", "city": "Βόλος"}
    report = import_package(desk, delta(tmp_path, {"organisations": [org]}, sequence=43))
    assert report.conflicts == 1
    assert _row(desk, ORG_THESSALY).city == "Λάρισα"
    assert describe_value("") == "(empty)" and describe_value("x") == "x"
