"""An evidence file removed on the desk, by hand or by the erasure after the audit period, sends
the report again: the next `cxdesk export` carries it with the shorter evidence list."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cxdesk.cli import main
from cxdesk.db.migrate import open_database
from cxdesk.services.closing import closing_state
from cxdesk.services.evidence import remove_evidence
from cxdesk.services.retention import erase_expired, expired
from tests.conftest import DEMO_TODAY
from tests.services.sync_factory import full
from tests.sync.factory import EXCHANGE
from tests.sync.reports_factory import DESK_REPORT, FILES_CELL, add_desk_report


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def reports_csv(package: Path) -> dict[str, dict[str, str]]:
    with zipfile.ZipFile(package) as archive:
        text = archive.read("reports.csv").decode("utf-8")
    return {row["uid"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> dict[str, dict[str, str]]:
    code, printed, err = run(capsys, db, "export", str(out), "--json")
    assert code == 0, err
    sent = reports_csv(out)
    assert json.loads(printed)["rows"]["reports"] == len(sent)
    return sent


def test_a_removed_evidence_file_sends_the_report_again_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.sqlite3"
    code, _out, err = run(capsys, db, "import", str(full(tmp_path)))
    assert code == 0, err
    database = open_database(db)
    try:
        add_desk_report(database)
    finally:
        database.close()
    assert export(capsys, db, tmp_path / "1.zip")[DESK_REPORT]["evidence"] == FILES_CELL
    assert export(capsys, db, tmp_path / "2.zip") == {}  # sent: nothing new

    database = open_database(db)
    try:
        hotel = closing_state(database, EXCHANGE).evidence[1]
        assert hotel.file_name == "hotel;invoice.pdf"
        remove_evidence(database, EXCHANGE, hotel.id)
    finally:
        database.close()

    sent = export(capsys, db, tmp_path / "3.zip")
    assert list(sent) == [DESK_REPORT]
    travel, accommodation, attendance = FILES_CELL.split(";")
    assert accommodation.startswith("accommodation:hotel_invoice.pdf:")
    assert sent[DESK_REPORT]["evidence"] == f"{travel};{attendance}"
    assert export(capsys, db, tmp_path / "4.zip") == {}


def test_evidence_erased_after_the_audit_period_sends_the_report_again_without_it(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    db.write_bytes(demo_template.read_bytes())
    export(capsys, db, tmp_path / "all.zip")  # the demo's changes, sent
    assert export(capsys, db, tmp_path / "none.zip") == {}
    later = DEMO_TODAY.replace(year=DEMO_TODAY.year + 6)
    database: Any = open_database(db)
    try:
        gone = next(e for e in expired(database, today=later) if e.files)
        report = closing_state(database, gone.reference).report
        assert report is not None
        erase_expired(database, [gone.reference], today=later)
    finally:
        database.close()

    sent = export(capsys, db, tmp_path / "after.zip")
    assert list(sent) == [report.uid]
    assert sent[report.uid]["evidence"] == ""
