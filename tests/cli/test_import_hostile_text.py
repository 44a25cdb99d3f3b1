"""`cxdesk import` of a hostile package: control characters in text cells become spaces, told
as warnings with file and line, never echoed raw; the package still applies."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.services.sync_factory import full, tables
from tests.sync.factory import EXCHANGE, ORG_ARAGON

HOSTILE = "Evil\x1b]0;pwned\x07Corp\x1b[2J"


def cxdesk(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def stored(db: Path, sql: str, *params: str) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute(sql, params).fetchone()[0])


def test_escape_sequences_in_a_name_become_spaces_and_a_warning(tmp_path: Path) -> None:
    data = tables()
    data["organisations"][0]["name"] = HOSTILE
    data["exchanges"][0]["notes"] = "Day 1:\tvisit\nDay 2:\x1b[31m workshop"
    db = tmp_path / "desk.sqlite3"
    done = cxdesk(db, "import", str(full(tmp_path, data)))
    assert done.returncode == 0, done.stderr
    assert "organisations.csv:2: name contained control characters; replaced by spaces" in (
        done.stderr + done.stdout
    )
    assert "exchanges.csv:2: notes contained control characters; replaced by spaces" in (
        done.stderr + done.stdout
    )
    for output in (done.stdout, done.stderr):
        assert "\x1b" not in output and "\x07" not in output
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    name = stored(db, "SELECT name FROM organisations WHERE uid = ?", ORG_ARAGON)
    assert name == "Evil ]0;pwned Corp [2J"
    # Multi-line text keeps its tab and line break; only the escape became a space.
    notes = stored(db, "SELECT notes FROM exchanges WHERE uid = ?", EXCHANGE)
    assert notes == "Day 1:\tvisit\nDay 2: [31m workshop"


def test_the_warning_is_in_the_json_too(tmp_path: Path) -> None:
    data = tables()
    data["people"][0]["role"] = "Manager\x00of\x85exports"
    done = cxdesk(tmp_path / "desk.sqlite3", "import", str(full(tmp_path, data)), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["applied"] is True
    assert (
        "people.csv:2: role contained control characters; replaced by spaces"
        in (result["warnings"])
    )


def test_a_hostile_value_in_a_refused_cell_is_echoed_printable(tmp_path: Path) -> None:
    data = tables()
    data["people"][1]["language"] = "\x1b[2Jel"
    db = tmp_path / "desk.sqlite3"
    done = cxdesk(db, "import", str(full(tmp_path, data)))
    assert done.returncode == 1
    assert "people.csv:3: language '\\x1b[2Jel' is not a language code" in done.stderr
    assert "\x1b" not in done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
