"""Closing reports in sync packages from the outside: `cxdesk export` carries them with their
evidence and never a bank detail; `cxdesk import` merges a platform's reports.csv, refuses a bad
cell by file and line, and a dry run changes nothing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import frictionless
import pytest

from cxdesk.cli import main
from cxdesk.db.migrate import open_database
from tests.services.sync_factory import delta, full
from tests.sync.factory import EXCHANGE
from tests.sync.reports_factory import (
    ACTIVITIES,
    BIC,
    DESK_REPORT,
    FILES_CELL,
    HOLDER,
    IBAN,
    REPORT,
    add_desk_report,
    platform_report,
    sha,
)


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def iterdump(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def reports_in_db(db: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {row["uid"]: dict(row) for row in conn.execute("SELECT * FROM reports")}
    finally:
        conn.close()


def reports_csv(package: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(package) as archive:
        text = archive.read("reports.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A desk that applied the platform's full package 42 (no report yet)."""
    db = tmp_path / "desk.sqlite3"
    code, _out, err = run(capsys, db, "import", str(full(tmp_path)))
    assert code == 0, err
    return db


def test_export_carries_the_report_its_three_files_and_no_bank_detail(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(desk)
    try:
        add_desk_report(database)
    finally:
        database.close()
    code, out, err = run(capsys, desk, "export", str(tmp_path / "out.zip"), "--json")
    assert code == 0, err
    assert json.loads(out)["rows"]["reports"] == 1
    (row,) = reports_csv(tmp_path / "out.zip")
    assert row["uid"] == DESK_REPORT and row["exchange_uid"] == EXCHANGE
    assert (row["revision"], row["deleted"]) == ("0", "false")
    assert (row["received_on"], row["actual_start"], row["actual_end"]) == (
        "2026-03-10",
        "2026-03-02",
        "2026-03-05",
    )
    assert row["activities"] == ACTIVITIES  # newlines kept
    assert row["results"] == "Two joint offers\nA return visit in May"
    assert row["rating"] == "5"
    assert row["evidence"] == FILES_CELL
    assert len(row["evidence"].split(";")) == 3
    assert "amount_due" not in row and "reduction_reason" not in row
    # No bank detail in any file of the archive, however it is written.
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        for name in archive.namelist():
            data = archive.read(name)
            for secret in (IBAN, BIC, HOLDER, "DE89 3704", "Quokkaworth"):
                assert secret.encode("utf-8") not in data, (name, secret)
            assert b"iban" not in data.lower() and b"account_holder" not in data, name
        archive.extractall(tmp_path / "unpacked")
    report = frictionless.validate(str(tmp_path / "unpacked" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Sent: the next package of changes no longer carries it; a full one does.
    code, out, err = run(capsys, desk, "export", str(tmp_path / "next.zip"), "--json")
    assert code == 0 and json.loads(out)["rows"]["reports"] == 0, err
    code, out, err = run(capsys, desk, "export", str(tmp_path / "all.zip"), "--full", "--json")
    assert code == 0 and reports_csv(tmp_path / "all.zip")[0]["evidence"] == FILES_CELL, err


def test_import_creates_then_updates_a_report_from_the_platform(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = delta(tmp_path, {"reports": [platform_report()]}, sequence=43)
    code, out, err = run(capsys, desk, "import", str(package), "--json")
    assert code == 0, err
    assert json.loads(out)["inserted"]["reports"] == 1
    report = reports_in_db(desk)[REPORT]
    assert report["exchange_uid"] == EXCHANGE and report["rating"] == 4
    assert report["activities"] == ACTIVITIES and report["received_on"] == "2026-03-10"
    changed = platform_report(revision="4", rating="2", results="One offer")
    code, out, err = run(
        capsys, desk, "import", str(delta(tmp_path, {"reports": [changed]}, sequence=44)), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["updated"]["reports"] == 1
    report = reports_in_db(desk)[REPORT]
    assert (report["rating"], report["results"], report["revision"]) == (2, "One offer", 4)
    gone = platform_report(revision="5", deleted="true")
    code, out, err = run(
        capsys, desk, "import", str(delta(tmp_path, {"reports": [gone]}, sequence=45)), "--json"
    )
    assert code == 0 and json.loads(out)["deleted"]["reports"] == 1, err
    assert reports_in_db(desk)[REPORT]["deleted"] == 1


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"rating": "6"}, "reports.csv:2: rating 6 must be at most 5"),
        ({"rating": "0"}, "reports.csv:2: rating 0 must be at least 1"),
        ({"received_on": "2026-02-30"}, "reports.csv:2: received_on 2026-02-30 is not a date"),
        (
            {"evidence": f"travel:ticket.pdf:{sha(b'x')};train:t.pdf:{sha(b'y')}"},
            "reports.csv:2: evidence 'train' is not one of travel, accommodation, attendance, "
            "other",
        ),
        (
            {"evidence": "travel:ticket.pdf:abc123"},
            "reports.csv:2: evidence 'abc123' is not a SHA-256 (64 hexadecimal digits)",
        ),
        (
            {"evidence": f"ticket.pdf:{sha(b'x')}"},
            "reports.csv:2: evidence 'ticket.pdf:" + sha(b"x")[:28] + "…' is not "
            "KIND:FILENAME:SHA256",
        ),
        (
            {"exchange_uid": "0f0f0f0f-0000-4000-8000-000000000000"},
            "reports.csv:2: exchange_uid 0f0f0f0f-0000-4000-8000-000000000000 is not an "
            "exchange in the package or on the desk",
        ),
    ],
)
def test_a_bad_cell_is_refused_with_file_and_line_and_the_desk_is_unchanged(
    desk: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cells: dict[str, str],
    problem: str,
) -> None:
    before = iterdump(desk)
    package = delta(tmp_path, {"reports": [platform_report(**cells)]}, sequence=43)
    code, out, err = run(capsys, desk, "import", str(package), "--json")
    assert code == 1
    assert json.loads(out)["applied"] is False
    assert err.splitlines()[0] == problem
    assert "Traceback" not in err
    assert iterdump(desk) == before


def test_a_second_report_of_the_same_exchange_is_refused(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(desk)
    try:
        add_desk_report(database, files=False)
    finally:
        database.close()
    before = iterdump(desk)
    package = delta(tmp_path, {"reports": [platform_report()]}, sequence=43)
    code, _out, err = run(capsys, desk, "import", str(package))
    assert code == 1
    assert err.splitlines()[0] == (
        f"reports.csv:2: exchange_uid {EXCHANGE} already has another report on the desk "
        f"({DESK_REPORT})"
    )
    assert iterdump(desk) == before


def test_a_dry_run_with_reports_leaves_the_database_unchanged_byte_for_byte(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = f"travel:ticket.pdf:{sha(b'ticket')}"
    package = delta(tmp_path, {"reports": [platform_report(evidence=evidence)]}, sequence=43)
    before = iterdump(desk)
    code, out, err = run(capsys, desk, "import", "--dry-run", "--json", str(package))
    assert code == 0, err
    preview = json.loads(out)
    assert preview["inserted"]["reports"] == 1 and preview["applied"] is False
    assert iterdump(desk) == before
    code, out, err = run(capsys, desk, "import", "--json", str(package))
    assert code == 0 and json.loads(out) == preview | {"applied": True}, err


def test_the_platform_evidence_list_is_kept_on_the_report_not_in_its_history(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = f"travel:ticket.pdf:{sha(b'ticket')}"
    package = delta(tmp_path, {"reports": [platform_report(evidence=ticket)]}, sequence=43)
    code, _out, err = run(capsys, desk, "import", str(package))
    assert code == 0, err
    changed = platform_report(revision="4", rating="2", evidence=ticket)
    code, _out, err = run(
        capsys, desk, "import", str(delta(tmp_path, {"reports": [changed]}, sequence=44))
    )
    assert code == 0, err
    code, out, err = run(capsys, desk, "history", REPORT, "--json")
    assert code == 0, err
    # The report's fields are audited as ever; the platform's list is no change of the desk's.
    fields = [(entry["field"], entry["source"]) for entry in json.loads(out)]
    assert ("rating", "import") in fields
    assert ("evidence", "import") not in fields
    # The desk holds no file of the ticket: its next package still names it.
    code, _out, err = run(capsys, desk, "export", str(tmp_path / "all.zip"), "--full")
    assert code == 0, err
    (row,) = reports_csv(tmp_path / "all.zip")
    assert (row["uid"], row["rating"], row["evidence"]) == (REPORT, "2", ticket)
