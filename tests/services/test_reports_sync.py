"""Closing reports through export and import: evidence changes go out again, the platform's
evidence list is kept where the desk holds no file, fields merge, and a round trip is idempotent."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cxdesk.db.models import ReportRow
from cxdesk.db.tracking import apply_edit
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, dump, full, make_package
from tests.sync.factory import EXCHANGE
from tests.sync.reports_factory import (
    DESK_REPORT,
    FILES_CELL,
    REPORT,
    add_desk_report,
    attach,
    platform_report,
    sha,
)


def reports_csv(package: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(package) as archive:
        text = archive.read("reports.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def report(db: Any, uid: str) -> ReportRow:
    with db.unit() as session:
        row = session.scalar(select(ReportRow).where(ReportRow.uid == uid))
        assert row is not None
        session.expunge(row)
        return row


def test_an_evidence_file_added_later_sends_the_report_again(empty_db: Any, tmp_path: Path) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    add_desk_report(empty_db)
    first = export_package(empty_db, tmp_path / "1.zip")
    assert reports_csv(first.path)[0]["evidence"] == FILES_CELL
    assert export_package(empty_db, tmp_path / "2.zip").rows["reports"] == 0
    with empty_db.unit() as session:
        attach(session, "other", "letter from the host.pdf", b"%PDF letter")
    third = export_package(empty_db, tmp_path / "3.zip")
    (row,) = reports_csv(third.path)
    assert row["uid"] == DESK_REPORT
    assert row["evidence"] == FILES_CELL + f";other:letter from the host.pdf:{sha(b'%PDF letter')}"


def test_the_platform_evidence_list_is_kept_where_the_desk_holds_no_file(
    empty_db: Any, tmp_path: Path
) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    ticket, hotel = sha(b"ticket"), sha(b"hotel")
    given = f"travel:ticket.pdf:{ticket};accommodation:hotel.pdf:{hotel}"
    row = platform_report(evidence=given.replace(ticket, ticket.upper()))
    assert import_package(empty_db, delta(tmp_path, {"reports": [row]}, sequence=43)).applied
    # The desk holds neither file: a report edited here still lists both, as the platform did.
    with empty_db.unit() as session:
        stored = session.scalar(select(ReportRow).where(ReportRow.uid == REPORT))
        apply_edit(session, "reports", stored, {"rating": 5}, "test")
    (out,) = reports_csv(export_package(empty_db, tmp_path / "edit.zip").path)
    assert (out["rating"], out["evidence"]) == ("5", given)
    # The desk receives the ticket itself (under another name): its own entry, then the hotel's.
    with empty_db.unit() as session:
        attach(session, "travel", "scan/billet.pdf", b"ticket")
    (out,) = reports_csv(export_package(empty_db, tmp_path / "file.zip").path)
    assert out["evidence"] == f"travel:billet.pdf:{ticket};accommodation:hotel.pdf:{hotel}"
    # A later platform list replaces the kept one; the desk's own file stays.
    row = platform_report(revision="4", evidence="")
    assert import_package(empty_db, delta(tmp_path, {"reports": [row]}, sequence=44)).applied
    (out,) = reports_csv(export_package(empty_db, tmp_path / "full.zip", full=True).path)
    assert out["evidence"] == f"travel:billet.pdf:{ticket}"


def test_a_report_edited_on_both_sides_merges_and_keeps_the_desk_value_on_a_clash(
    empty_db: Any, tmp_path: Path
) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    assert import_package(
        empty_db, delta(tmp_path, {"reports": [platform_report()]}, sequence=43)
    ).applied
    with empty_db.unit() as session:
        stored = session.scalar(select(ReportRow).where(ReportRow.uid == REPORT))
        apply_edit(session, "reports", stored, {"rating": 5}, "test")
    both = platform_report(revision="4", rating="2", results="One offer")
    result = import_package(empty_db, delta(tmp_path, {"reports": [both]}, sequence=44))
    assert result.applied and result.conflicts == 1
    merged = report(empty_db, REPORT)
    assert (merged.rating, merged.results) == (5, "One offer")  # clash: the desk's; else merged
    # The platform carries the desk's value back: acknowledged, nothing pends.
    back = platform_report(revision="5", rating="5", results="One offer")
    assert import_package(empty_db, delta(tmp_path, {"reports": [back]}, sequence=45)).applied
    export_package(empty_db, tmp_path / "sent.zip")  # the edit went out
    assert export_package(empty_db, tmp_path / "after.zip").rows["reports"] == 0


def _as_platform(package: Path, folder: Path, sequence: int) -> Path:
    """The desk's package as the platform sends it back: its rows at revision 1."""
    tables: dict[str, list[dict[str, str]]] = {}
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            text = archive.read(name).decode("utf-8")
            rows = list(csv.DictReader(io.StringIO(text, newline="")))
            tables[name.removesuffix(".csv")] = [
                row | {"revision": str(max(1, int(row["revision"])))} for row in rows
            ]
    return make_package(
        folder,
        {name: rows for name, rows in tables.items() if rows},
        name=f"back-{sequence}.zip",
        kind="delta",
        sequence=sequence,
        base_sequence=sequence - 1,
    )


def test_a_round_trip_through_the_platform_is_idempotent(empty_db: Any, tmp_path: Path) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    add_desk_report(empty_db)
    sent = export_package(empty_db, tmp_path / "sent.zip", full=True)
    back = import_package(empty_db, _as_platform(sent.path, tmp_path, 43))
    assert back.applied and back.conflicts == 0 and not back.errors
    # The same values: acknowledged (the platform's revision taken), no field changed.
    assert back.tables["reports"].unchanged == 1
    landed = report(empty_db, DESK_REPORT)
    assert (landed.revision, landed.dirty, landed.base) == (1, False, None)
    again = export_package(empty_db, tmp_path / "again.zip", full=True)
    assert reports_csv(again.path)[0]["evidence"] == FILES_CELL
    before = dump(empty_db)
    twice = import_package(empty_db, _as_platform(sent.path, tmp_path, 44))
    assert twice.applied and twice.conflicts == 0
    assert twice.tables["reports"].unchanged == 1
    after = dump(empty_db)
    for table in set(before) - {"imports", "desk_state"}:
        assert after[table] == before[table], table
    assert export_package(empty_db, tmp_path / "none.zip").rows["reports"] == 0
    assert EXCHANGE in {row["exchange_uid"] for row in reports_csv(again.path)}
