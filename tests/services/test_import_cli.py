"""`cxdesk import` from the outside: the agreed JSON, problems on stderr, the exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxdesk.cli import main
from tests.services.sync_factory import delta, full, tables


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_gives_the_agreed_object(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    code, out, err = run(capsys, "--db", db, "import", str(full(tmp_path)), "--dry-run", "--json")
    assert code == 0 and err == ""
    result = json.loads(out)
    assert list(result) == [
        "applied",
        "inserted",
        "updated",
        "deleted",
        "conflicts",
        "errors",
        "warnings",
    ]
    assert result["applied"] is False and result["inserted"]["organisations"] == 3
    code, out, _ = run(capsys, "--db", db, "import", str(full(tmp_path)), "--json")
    assert code == 0 and json.loads(out)["applied"] is True
    code, out, _ = run(capsys, "--db", db, "import", str(full(tmp_path)))
    assert code == 0 and "already applied" in out


def test_a_refused_import_exits_1_with_each_problem_on_its_own_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    data = tables()
    data["exchanges"][0]["end_date"] = "2026-02-30"
    data["people"][1]["language"] = "greek"
    code, out, err = run(capsys, "--db", db, "import", str(full(tmp_path, data)), "--json")
    assert code == 1
    assert json.loads(out)["applied"] is False
    lines = err.splitlines()
    assert lines[0] == "people.csv:3: language 'greek' is not a language code (ISO 639-1, e.g. fr)"
    assert lines[1] == "exchanges.csv:2: end_date 2026-02-30 is not a date"
    assert lines[2] == (
        "payments.csv:2: exchange_uid 5adf82a7-9e5d-4b6f-82c3-7f6eb1809d06 is on a "
        "refused row of exchanges.csv"
    )
    assert lines[3].startswith("The rows and their problems are in ")
    assert "Traceback" not in err


def test_a_package_that_cannot_be_opened_exits_1_in_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "--db", str(tmp_path / "d.sqlite3"), "import", str(tmp_path / "missing.zip")
    )
    assert code == 1 and "missing.zip cannot be read" in err and "Traceback" not in err


def test_a_gap_exits_1_naming_the_missing_packages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "desk.sqlite3")
    run(capsys, "--db", db, "import", str(full(tmp_path)))
    code, _, err = run(
        capsys, "--db", db, "import", str(delta(tmp_path, tables(), sequence=45, base=44))
    )
    assert code == 1 and "import packages 43, 44 first" in err


def test_import_needs_a_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import"])
    assert exit_info.value.code == 2
