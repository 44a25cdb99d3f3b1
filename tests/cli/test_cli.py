"""The `cxdesk` command from the outside: output, exit codes, and no traceback ever."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from cxdesk.cli import commands, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_quote_json_gives_the_agreed_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "quote",
        "--visitor-city",
        "Athens",
        "--visitor-country",
        "EL",
        "--host-city",
        "Dublin",
        "--host-country",
        "IE",
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
        "--json",
    )
    assert code == 0
    quote = json.loads(out)
    assert set(quote) == {
        "eligible",
        "reasons",
        "working_days",
        "calendar_days",
        "distance_km",
        "ceiling",
        "halved",
        "halved_because",
        "lump_sum",
        "currency",
        "rates",
    }
    # St Patrick's Day (17 March) is a holiday in Ireland: 4 working days, so halved.
    assert quote["eligible"] is True
    assert quote["working_days"] == 4 and quote["calendar_days"] == 5
    assert quote["ceiling"] == "1100.00" and quote["lump_sum"] == "550.00"
    assert quote["halved"] is True and len(quote["halved_because"]) == 1


def test_quote_refuses_a_non_participating_country_with_the_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys,
        "quote",
        "--visitor-city",
        "Lyon",
        "--visitor-country",
        "FR",
        "--host-city",
        "Zürich",
        "--host-country",
        "CH",
        "--start",
        "2026-06-01",
        "--end",
        "2026-06-12",
        "--json",
    )
    assert code == 0
    quote = json.loads(out)
    assert quote["eligible"] is False
    assert any("Switzerland" in r for r in quote["reasons"])


def test_an_unknown_city_is_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "quote",
        "--visitor-city",
        "Atlantis",
        "--visitor-country",
        "GR",
        "--host-city",
        "Paris",
        "--host-country",
        "FR",
        "--start",
        "2026-06-01",
        "--end",
        "2026-06-12",
    )
    assert code == 1
    assert "Atlantis" in err and "Traceback" not in err


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["quote", "--visitor-city", "Paris"])
    assert exc.value.code == 2


def test_a_bug_goes_to_the_log_and_the_message_names_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cxdesk_home: Path,
) -> None:
    def broken(_args: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(commands.HANDLERS, "check", broken)
    code, _, err = run(capsys, "check")
    assert code == 1
    log = cxdesk_home / "logs" / "cxdesk.log"
    assert str(log) in err and "Traceback" not in err
    assert "ZeroDivisionError: a bug" in log.read_text()


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


def _exchange(path: Path, status: str) -> tuple[str, str, str]:
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT reference, start_date, end_date FROM exchanges WHERE status = ? "
            "ORDER BY reference LIMIT 1",
            (status,),
        ).fetchone()
    return row


def test_set_refuses_a_rule_break_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
) -> None:
    ref, start, end_before = _exchange(demo_file, "approved")
    audit_before = _audit(demo_file)
    # Ending the day after it starts leaves fewer than 3 working days.
    end = (date.fromisoformat(start) + timedelta(days=1)).isoformat()
    code, _, err = run(capsys, "--db", str(demo_file), "set", "exchanges", ref, f"end_date={end}")
    assert code == 1
    assert ref in err and "the minimum is 3" in err
    with sqlite3.connect(demo_file) as conn:
        stored = conn.execute(
            "SELECT end_date, dirty FROM exchanges WHERE reference = ?", (ref,)
        ).fetchone()
    assert stored == (end_before, 0)
    assert _audit(demo_file) == audit_before  # the refused change left no line in the history


def _audit(db: Path) -> list[tuple[object, ...]]:
    """Every line of the audit trail, in order."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM audit ORDER BY id").fetchall()


def test_set_applies_a_valid_change_and_leaves_an_audit_entry(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
) -> None:
    ref, _, _ = _exchange(demo_file, "approved")
    code, out, _ = run(
        capsys,
        "--db",
        str(demo_file),
        "set",
        "exchanges",
        ref,
        'notes=Host asks for "badges", two, please',
    )
    assert code == 0 and ref in out
    with sqlite3.connect(demo_file) as conn:
        notes, dirty = conn.execute(
            "SELECT notes, dirty FROM exchanges WHERE reference = ?", (ref,)
        ).fetchone()
        audit = conn.execute("SELECT count(*) FROM audit WHERE field = 'notes'").fetchone()[0]
    assert notes == 'Host asks for "badges", two, please' and dirty == 1 and audit == 1


def test_set_refuses_an_impossible_date_naming_the_field(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
) -> None:
    ref, _, _ = _exchange(demo_file, "approved")
    code, _, err = run(
        capsys, "--db", str(demo_file), "set", "exchanges", ref, "end_date=2026-02-30"
    )
    assert code == 1 and "end_date" in err and "2026-02-30" in err


def test_lifecycle_through_set_grants_and_checks(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
) -> None:
    ref, _, _ = _exchange(demo_file, "submitted")
    assert run(capsys, "--db", str(demo_file), "set", "exchanges", ref, "status=approved")[0] == 0
    with sqlite3.connect(demo_file) as conn:
        lump, ceiling = conn.execute(
            "SELECT lump_sum, granted_ceiling FROM exchanges WHERE reference = ?", (ref,)
        ).fetchone()
    assert lump is not None and ceiling is not None
    code, _, err = run(capsys, "--db", str(demo_file), "set", "exchanges", ref, "status=paid")
    assert code == 1 and "cannot go from" in err


def test_check_passes_on_demo_data(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    code, out, err = run(capsys, "--db", str(demo_file), "check")
    assert code == 0, err
    assert "0 problems" in out


def test_check_finds_a_broken_rule(capsys: pytest.CaptureFixture[str], demo_file: Path) -> None:
    ref, start, _ = _exchange(demo_file, "approved")
    with sqlite3.connect(demo_file) as conn:  # a change made behind the desk's back
        conn.execute("UPDATE exchanges SET end_date = start_date WHERE reference = ?", (ref,))
    code, _, err = run(capsys, "--db", str(demo_file), "check")
    assert code == 1 and ref in err


def test_backup_then_restore_brings_the_data_back(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "saved.sqlite3"
    assert run(capsys, "--db", str(demo_file), "backup", str(backup))[0] == 0
    ref, _, _ = _exchange(demo_file, "approved")
    run(capsys, "--db", str(demo_file), "set", "exchanges", ref, "notes=changed after backup")
    code, out, _ = run(capsys, "--db", str(demo_file), "restore", str(backup))
    assert code == 0 and "Restored" in out
    with sqlite3.connect(demo_file) as conn:
        notes = conn.execute("SELECT notes FROM exchanges WHERE reference = ?", (ref,)).fetchone()
    assert notes[0] != "changed after backup"


def test_restore_refuses_a_file_that_is_not_a_backup(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
    tmp_path: Path,
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 not a database")
    code, _, err = run(capsys, "--db", str(demo_file), "restore", str(junk))
    assert code == 1 and "junk.sqlite3" in err


def test_demo_refuses_a_database_that_holds_data(
    capsys: pytest.CaptureFixture[str],
    demo_file: Path,
) -> None:
    code, _, err = run(capsys, "--db", str(demo_file), "demo")
    assert code == 1 and "already holds" in err


@pytest.mark.parametrize("url", ["mysql+pymysql://ann:secret@db.example/cx", "nonsense://"])
def test_a_database_address_without_a_driver_is_one_sentence(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    assert main(["--db", url, "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cxdesk cannot open ") and "postgresql+psycopg://" in err
    assert "secret" not in err and "Traceback" not in err and len(err.splitlines()) == 1
