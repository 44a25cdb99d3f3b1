"""`cxdesk conflicts` and `cxdesk resolve` from the outside: what a person sees, and the values in
force afterwards (read through `cxdesk export --full`, the platform's own view of the desk)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import ORG_SOFIA, PERSON_ZELJKO

ROOT = Path(__file__).resolve().parents[2]


def _cxdesk(db: Path, *argv: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "CXDESK_USER": "tester"}
    env.pop("CXDESK_DB", None)
    if home is not None:
        env["CXDESK_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk with four open conflicts, made with the commands themselves: the desk edits an
    organisation, a person and an exchange, then the platform's packages change the same fields."""
    folder = tmp_path_factory.mktemp("conflicts")
    home, db = folder / "home", folder / "desk.sqlite3"
    data = tables()
    org, person, exchange = data["organisations"][0], data["people"][0], data["exchanges"][0]
    org |= {"revision": "4", "city": "Teruel", "phone": ""}
    person |= {"revision": "4", "last_name": "Novák"}
    exchange |= {"revision": "4", "notes": "The platform's notes"}
    steps = [
        (["import", str(full(folder))], 0),
        (
            [
                "set",
                "organisations",
                "P-101",
                "city=Huesca",
                "latitude=",
                "longitude=",
                "phone=+34 976 000 000",
            ],
            0,
        ),
        (["set", "people", PERSON_ZELJKO, "last_name=Novak"], 0),
        (["set", "exchanges", "CX-2026-0042", "notes=Desk notes\nsecond line"], 0),
        (
            [
                "import",
                str(
                    delta(
                        folder,
                        {"organisations": [org], "people": [person], "exchanges": [exchange]},
                        sequence=43,
                    )
                ),
            ],
            3,
        ),
    ]
    for argv, expected in steps:
        done = _cxdesk(db, *argv, home=home)
        assert done.returncode == expected, (argv, done.stdout, done.stderr)
    return db


@pytest.fixture
def desk(template: Path, tmp_path: Path) -> Path:
    db = tmp_path / "desk.sqlite3"
    for part in template.parent.glob(template.name + "*"):  # the database and any WAL beside it
        shutil.copyfile(part, tmp_path / part.name)
    return db


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def _exported(db: Path, tmp_path: Path, table: str, uid_or_id: str) -> dict[str, str]:
    out = tmp_path / "everything.zip"
    done = _cxdesk(db, "export", str(out), "--full")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as package:
        member = next(n for n in package.namelist() if n.endswith(f"{table}.csv"))
        reader = csv.DictReader(io.StringIO(package.read(member).decode("utf-8-sig")))
        keys = ("uid", "platform_id", "reference")
        return next(r for r in reader if uid_or_id in (r.get(k) for k in keys))


def test_conflicts_lists_every_field_one_a_line(desk: Path) -> None:
    done = _cxdesk(desk, "conflicts")
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "Clúster Agroalimentario de Aragón [P-101] (organisations), city — desk: Huesca; "
        "platform: Teruel",
        "Clúster Agroalimentario de Aragón [P-101] (organisations), phone — desk: +34 976 000 "
        "000; platform: (empty)",
    ]
    assert (
        f"Željko Novak [{PERSON_ZELJKO}] (people), last_name — desk: Novak; platform: "
        "Novák" in lines
    )
    assert (
        "CX-2026-0042 (exchanges), notes — desk: Desk notes\\nsecond line; platform: The "
        "platform's notes" in lines
    )
    assert lines[-1].startswith("4 conflicts wait for your choice")
    assert "second line" not in lines  # a multi-line value stays on its line, \n escaped


def test_conflicts_json_gives_the_agreed_shape(desk: Path) -> None:
    done = _cxdesk(desk, "conflicts", "--json")
    assert done.returncode == 0
    found = json.loads(done.stdout)
    assert all(set(item) == {"table", "key", "field", "desk", "platform"} for item in found)
    assert {(c["table"], c["key"], c["field"]): (c["desk"], c["platform"]) for c in found} == {
        ("organisations", "P-101", "city"): ("Huesca", "Teruel"),
        ("organisations", "P-101", "phone"): ("+34 976 000 000", ""),
        ("people", PERSON_ZELJKO, "last_name"): ("Novak", "Novák"),
        ("exchanges", "CX-2026-0042", "notes"): ("Desk notes\nsecond line", "The platform's notes"),
    }


def test_resolve_takes_the_platform_value_or_keeps_the_desks(desk: Path, tmp_path: Path) -> None:
    assert _exported(desk, tmp_path, "organisations", "P-101")["city"] == "Huesca"
    done = _cxdesk(desk, "resolve", "P-101", "city", "--keep", "platform")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Clúster Agroalimentario de Aragón, city: the platform's value is now in force (Teruel).\n"
    )
    done = _cxdesk(desk, "resolve", PERSON_ZELJKO, "last_name", "--keep", "desk")
    assert done.returncode == 0, done.stderr
    assert "the desk's value is kept (Novak)" in done.stdout
    left = json.loads(_cxdesk(desk, "conflicts", "--json").stdout)
    assert [(c["key"], c["field"]) for c in left] == [("P-101", "phone"), ("CX-2026-0042", "notes")]
    assert _exported(desk, tmp_path, "organisations", "P-101")["city"] == "Teruel"
    assert _exported(desk, tmp_path, "people", PERSON_ZELJKO)["last_name"] == "Novak"
    # The rest, by the exchange's reference and the organisation's uid: none left.
    assert _cxdesk(desk, "resolve", "CX-2026-0042", "notes", "--keep", "platform").returncode == 0
    done = _cxdesk(
        desk, "resolve", "0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e01", "phone", "--keep", "platform"
    )
    assert done.returncode == 0 and "(empty)" in done.stdout
    assert _exported(desk, tmp_path, "exchanges", "CX-2026-0042")["notes"] == "The platform's notes"
    done = _cxdesk(desk, "conflicts")
    assert (done.returncode, done.stdout) == (0, "No conflicts.\n")
    assert json.loads(_cxdesk(desk, "conflicts", "--json").stdout) == []


@pytest.mark.parametrize(
    ("argv", "code", "sentence"),
    [
        (["P-999", "city", "--keep", "desk"], 1, "No record has the key P-999.\n"),
        (
            ["P-101", "email", "--keep", "desk"],
            1,
            "P-101 has no open conflict on email; its open conflicts are on city, phone.\n",
        ),
        ([ORG_SOFIA, "city", "--keep", "platform"], 1, f"{ORG_SOFIA} has no open conflict.\n"),
        (
            ["CX-2026-0042", "city", "--keep", "desk"],
            1,
            "CX-2026-0042 has no open conflict on city; its open conflict is on notes.\n",
        ),
    ],
)
def test_resolve_refuses_with_one_sentence_and_changes_nothing(
    desk: Path, argv: list[str], code: int, sentence: str
) -> None:
    before = _rows(desk)
    done = _cxdesk(desk, "resolve", *argv)
    assert (done.returncode, done.stdout, done.stderr) == (code, "", sentence)
    assert _rows(desk) == before


def test_a_keep_other_than_desk_or_platform_is_a_usage_error(desk: Path) -> None:
    before = _rows(desk)
    done = _cxdesk(desk, "resolve", "P-101", "city", "--keep", "both")
    assert done.returncode == 2
    assert "invalid choice: 'both' (choose from 'desk', 'platform')" in done.stderr
    assert "Traceback" not in done.stderr and _rows(desk) == before


def test_a_desk_without_conflicts_says_so(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    done = _cxdesk(db, "conflicts")
    assert (done.returncode, done.stdout) == (0, "No conflicts.\n")
    assert json.loads(_cxdesk(db, "conflicts", "--json").stdout) == []
