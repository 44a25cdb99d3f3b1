"""Issue "Nothing lost", from the command line: concurrent `set`, the platform's distance, and
imported records that break a rule (cases 1, 5 and 7; the sync cases have tests of their own)."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cxdesk.cli import main
from tests.services.sync_factory import delta, full
from tests.sync.factory import EXCHANGE, ORG_ARAGON, tables

SECOND = "9d0e1f20-3a4b-4c5d-8e6f-7a8b9c0d1e2f"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored(db: Path, column: str, uid: str = EXCHANGE) -> object:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT {column} FROM exchanges WHERE uid = ?", (uid,)).fetchone()[0]


def test_two_sets_at_once_on_one_exchange_both_land(tmp_path: Path, cxdesk_home: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    assert main(["--db", str(db), "import", str(full(tmp_path))]) == 0
    env = os.environ | {"CXDESK_HOME": str(cxdesk_home)}
    for round_ in range(3):
        commands = [
            [
                sys.executable,
                "-m",
                "cxdesk",
                "--db",
                str(db),
                "set",
                "exchanges",
                "CX-2026-0042",
                f"notes=round {round_}",
            ],
            [
                sys.executable,
                "-m",
                "cxdesk",
                "--db",
                str(db),
                "set",
                "exchanges",
                "CX-2026-0042",
                f"platform_id=PX-{round_}",
            ],
        ]
        running = [
            subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for c in commands
        ]
        for process in running:
            _out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        assert stored(db, "notes") == f"round {round_}"
        assert stored(db, "platform_id") == f"PX-{round_}"


def test_the_platform_distance_is_kept_and_a_coordinator_may_set_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    assert run(capsys, "--db", db, "import", str(full(tmp_path)))[0] == 0
    assert stored(Path(db), "distance_km") == 2345.6  # the platform's, not the desk's figure
    code, out, err = run(capsys, "--db", db, "set", "exchanges", "CX-2026-0042", "notes=Hotel")
    assert code == 0, err
    assert stored(Path(db), "distance_km") == 2345.6
    # The platform sends the exchange again, its distance unchanged: no conflict out of nothing.
    again = tables()
    again["exchanges"][0]["revision"] = "4"
    again["exchanges"][0]["notes"] = tables()["exchanges"][0]["notes"]
    code, out, err = run(capsys, "--db", db, "import", str(delta(tmp_path, again, sequence=43)))
    assert code == 0, err
    assert "conflict" not in out
    code, out, err = run(capsys, "--db", db, "set", "exchanges", "CX-2026-0042", "distance_km=10")
    assert code == 0, err
    assert "distance_km" in out and "nothing changed" not in out
    assert stored(Path(db), "distance_km") == 10
    history = json.loads(run(capsys, "--db", db, "history", "CX-2026-0042", "--json")[1])
    assert any(h["field"] == "distance_km" and h["to"] == "10" for h in history)


def _visits_twice(folder: Path) -> Path:
    """The platform let one organisation visit twice (an exception it granted)."""
    data = tables()
    second = copy.deepcopy(data["exchanges"][0])
    second.update(
        uid=SECOND,
        reference="CX-2026-0043",
        start_date="2026-05-04",
        end_date="2026-05-08",
        notes="",
    )
    data["exchanges"].append(second)
    return full(folder, data)


def test_records_that_break_a_rule_can_still_be_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    code, _out, err = run(capsys, "--db", db, "import", str(_visits_twice(tmp_path)))
    assert code == 0, err
    code, out, err = run(
        capsys, "--db", db, "set", "exchanges", "CX-2026-0043", "notes=Hotel booked"
    )
    assert code == 0, err
    assert "saved" in out and "warning:" in err and "CX-2026-0043" in err
    assert stored(Path(db), "notes", SECOND) == "Hotel booked"
    code, out, err = run(
        capsys, "--db", db, "set", "organisations", ORG_ARAGON, "phone=+34 976 000 000"
    )
    assert code == 0, err
    # A change that breaks a rule of its own is still refused, and changes nothing.
    code, out, err = run(
        capsys, "--db", db, "set", "exchanges", "CX-2026-0043", "end_date=2026-06-30"
    )
    assert code == 1
    assert "not saved" in err and "month" in err
    assert stored(Path(db), "end_date", SECOND) == "2026-05-08"
    # The visitor's organisation cannot move to a country outside the programme either.
    code, out, err = run(capsys, "--db", db, "set", "organisations", ORG_ARAGON, "country=CH")
    assert code == 1
