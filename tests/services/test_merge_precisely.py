"""Merge, precisely: a desk edit pends until the platform carries it back; writing a package
does not move the base; the platform's distance is kept as given (sync-package.md)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.services.conflicts import open_conflicts
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from cxdesk.sync.reader import read_package
from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import EXCHANGE, NOTES, ORG_ARAGON, PERSON_ZELJKO


def cx(db: Any, *argv: str) -> tuple[int, str, str]:
    """`cxdesk --db DB ARGV…` as a person runs it: (exit status, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db.path), *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr


def sent(package: Path, table: str) -> dict[str, dict[str, Any]]:
    """The rows of one table of a desk package, by uid."""
    with read_package(package) as reader:
        return {row["uid"]: row for row in reader.rows(table)} if table in reader.resources else {}


def _exchange(db: Any) -> ExchangeRow:
    with db.unit() as session:
        row = session.scalar(select(ExchangeRow).where(ExchangeRow.uid == EXCHANGE))
        assert row is not None
        session.expunge(row)
        return row


def _platform_exchange(folder: Path, sequence: int, **cells: str) -> Path:
    row = tables()["exchanges"][0] | {"revision": str(sequence - 39), **cells}
    return delta(folder, {"exchanges": [row]}, sequence=sequence)


@pytest.fixture
def desk(empty_db: Any, tmp_path: Path) -> Any:
    assert import_package(empty_db, full(tmp_path)).applied  # revision 3 of every row
    return empty_db


def test_an_exported_edit_survives_a_delta_made_before_the_platform_applied_it(
    desk: Any, tmp_path: Path
) -> None:
    code, out, err = cx(desk, "set", "exchanges", "CX-2026-0042", "notes=Meet the growers")
    assert code == 0, err
    code, _out, err = cx(desk, "export", str(tmp_path / "desk-1.zip"))
    assert code == 0, err
    assert sent(tmp_path / "desk-1.zip", "exchanges")[EXCHANGE]["notes"] == "Meet the growers"
    # The platform's next delta was made before it applied desk-1: the old note, a new status.
    code, out, err = cx(desk, "import", str(_platform_exchange(tmp_path, 43, status="signed")))
    assert code == 0, err
    assert "conflict" not in out
    row = _exchange(desk)
    assert (row.notes, row.status, row.revision) == ("Meet the growers", "signed", 4)
    assert open_conflicts(desk) == []
    # Still the desk's: sent again with its next package.
    code, _out, err = cx(desk, "export", str(tmp_path / "desk-2.zip"))
    assert code == 0, err
    again = sent(tmp_path / "desk-2.zip", "exchanges")[EXCHANGE]
    assert (again["notes"], again["revision"]) == ("Meet the growers", 4)
    # The platform applied it: its package carries the desk's note back, acknowledged.
    code, out, err = cx(
        desk,
        "import",
        str(_platform_exchange(tmp_path, 44, status="signed", notes="Meet the growers")),
    )
    assert code == 0, err
    row = _exchange(desk)
    assert (row.notes, row.revision, row.dirty, row.base) == ("Meet the growers", 5, False, None)
    code, out, err = cx(desk, "export", str(tmp_path / "desk-3.zip"))
    assert code == 0 and "0 rows" in out
    assert sent(tmp_path / "desk-3.zip", "exchanges") == {}


def test_a_third_value_after_the_export_is_a_conflict_and_the_desk_value_stays(
    desk: Any, tmp_path: Path
) -> None:
    assert cx(desk, "set", "exchanges", "CX-2026-0042", "notes=Meet the growers")[0] == 0
    export_package(desk, tmp_path / "desk-1.zip")
    code, out, _err = cx(desk, "import", str(_platform_exchange(tmp_path, 43, notes="Day trip")))
    assert code == 3 and "1 conflict to resolve" in out
    assert _exchange(desk).notes == "Meet the growers"
    [conflict] = open_conflicts(desk)
    assert (conflict.field, conflict.base, conflict.local, conflict.remote) == (
        "notes",
        NOTES,
        "Meet the growers",
        "Day trip",
    )
    # The disputed value is still the desk's: it goes out until the coordinator chooses.
    assert EXCHANGE in sent(export_package(desk, tmp_path / "desk-2.zip").path, "exchanges")


def test_a_field_acknowledged_leaves_the_base_another_still_pends(
    desk: Any, tmp_path: Path
) -> None:
    code, _out, err = cx(
        desk,
        "set",
        "organisations",
        ORG_ARAGON,
        "website=https://aragon.example.org",
        "phone=+34 974 000 000",
    )
    assert code == 0, err
    export_package(desk, tmp_path / "desk-1.zip")
    # The platform took the website only (its delta predates the phone, say).
    org = tables()["organisations"][0] | {"revision": "4", "website": "https://aragon.example.org"}
    report = import_package(desk, delta(tmp_path, {"organisations": [org]}, sequence=43))
    assert report.applied and report.conflicts == 0
    with desk.unit() as session:
        row = session.scalar(select(OrganisationRow).where(OrganisationRow.uid == ORG_ARAGON))
        assert row is not None
        assert (row.website, row.phone) == ("https://aragon.example.org", "+34 974 000 000")
        assert row.base == {"phone": "+34 976 123 456"} and not row.dirty
    out = sent(export_package(desk, tmp_path / "desk-2.zip").path, "organisations")
    assert out[ORG_ARAGON]["phone"] == "+34 974 000 000"
    # A full package without the phone: the desk keeps it, and it still pends.
    report = import_package(
        desk,
        full(
            tmp_path,
            tables() | {"organisations": [org | {"revision": "5"}, *tables()["organisations"][1:]]},
            name="f44.zip",
            sequence=44,
        ),
    )
    assert report.applied and report.conflicts == 0
    assert ORG_ARAGON in sent(export_package(desk, tmp_path / "desk-3.zip").path, "organisations")


def test_a_deletion_pends_until_the_platform_deletes_the_row_too(desk: Any, tmp_path: Path) -> None:
    from cxdesk.db.store import Store

    with desk.unit() as session:
        Store(session).delete("people", PERSON_ZELJKO, "test")
    export_package(desk, tmp_path / "desk-1.zip")
    # A delta made before the platform applied the deletion: the row as it was, renamed.
    person = tables()["people"][0] | {"revision": "4", "role": "Director"}
    report = import_package(desk, delta(tmp_path, {"people": [person]}, sequence=43))
    assert report.applied and report.conflicts == 0

    def zeljko() -> PersonRow:
        with desk.unit() as session:
            row = session.scalar(select(PersonRow).where(PersonRow.uid == PERSON_ZELJKO))
            assert row is not None
            session.expunge(row)
            return row

    assert zeljko().deleted
    assert (
        sent(export_package(desk, tmp_path / "desk-2.zip").path, "people")[PERSON_ZELJKO]["deleted"]
        is True
    )
    tomb = {name: "" for name in person} | {
        "uid": PERSON_ZELJKO,
        "revision": "5",
        "deleted": "true",
    }
    assert import_package(desk, delta(tmp_path, {"people": [tomb]}, sequence=44)).applied
    row = zeljko()
    assert row.deleted and not row.dirty and not row.base
    assert sent(export_package(desk, tmp_path / "desk-3.zip").path, "people") == {}


def test_the_platform_distance_is_kept_as_given_and_an_empty_one_left_empty(
    empty_db: Any, tmp_path: Path
) -> None:
    data = tables()
    # 2345.6 km is not the distance between Zaragoza and Larisa (some 1,900 km): a value the
    # platform gave is kept, whatever the desk would compute.
    report = import_package(empty_db, full(tmp_path, data))
    assert report.applied
    assert _exchange(empty_db).distance_km == Decimal("2345.6")
    row = data["exchanges"][0] | {"revision": "4", "distance_km": ""}
    assert import_package(empty_db, delta(tmp_path, {"exchanges": [row]}, sequence=43)).applied
    assert _exchange(empty_db).distance_km is None
    row |= {"revision": "5", "distance_km": "12.3"}
    assert import_package(empty_db, delta(tmp_path, {"exchanges": [row]}, sequence=44)).applied
    assert _exchange(empty_db).distance_km == Decimal("12.3")
