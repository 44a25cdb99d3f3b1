"""`cxdesk set` from the outside refuses data that cannot be true, in one sentence, changing
nothing: a language that is none, a city nobody knows, coordinates left in the old country,
control characters."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def desk(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


def cxdesk(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def snapshot(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return [
            *conn.execute("SELECT * FROM organisations ORDER BY uid"),
            *conn.execute("SELECT * FROM people ORDER BY uid"),
        ]


def one(db: Path, sql: str) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute(sql).fetchone()[0])


def refused(db: Path, *argv: str) -> str:
    before = snapshot(db)
    done = cxdesk(db, *argv)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one sentence
    assert snapshot(db) == before  # nothing changed
    return done.stderr.strip()


def test_a_language_that_is_none(desk: Path) -> None:
    person = one(desk, "SELECT uid FROM people ORDER BY uid LIMIT 1")
    message = refused(desk, "set", "people", person, "language=xx")
    assert "'xx' is not a language code" in message


def test_an_organisation_in_atlantis(desk: Path) -> None:
    org = one(desk, "SELECT uid FROM organisations WHERE country = 'FR' ORDER BY uid LIMIT 1")
    message = refused(desk, "set", "organisations", org, "city=Atlantis", "latitude=", "longitude=")
    assert message.startswith("Unknown city 'Atlantis' in France (FR) (nearest spellings: ")


def test_an_organisation_moved_to_atlantis_keeping_its_coordinates(desk: Path) -> None:
    org = one(desk, "SELECT uid FROM organisations WHERE country = 'FR' ORDER BY uid LIMIT 1")
    message = refused(desk, "set", "organisations", org, "city=Atlantis")
    assert message.startswith("Unknown city 'Atlantis' in France (FR)")


def test_a_new_country_with_the_old_coordinates(desk: Path) -> None:
    org = one(
        desk,
        "SELECT uid FROM organisations WHERE country = 'ES' "
        "AND latitude IS NOT NULL ORDER BY uid LIMIT 1",
    )
    message = refused(desk, "set", "organisations", org, "country=DE")
    assert "are outside Germany (DE): check the coordinates or the country" in message


def test_control_characters_in_a_name(desk: Path) -> None:
    org = one(desk, "SELECT uid FROM organisations ORDER BY uid LIMIT 1")
    message = refused(desk, "set", "organisations", org, "name=Evil\x1b[2J\x07Corp")
    assert "The field name contains control characters (\\x1b, \\x07)" in message
    assert "\x1b" not in message


def test_tab_and_line_break_are_kept_in_notes(desk: Path) -> None:
    reference = one(
        desk, "SELECT reference FROM exchanges WHERE status = 'draft' ORDER BY reference LIMIT 1"
    )
    done = cxdesk(desk, "set", "exchanges", reference, "notes=Day 1:\tvisit\nDay 2:\tworkshop")
    assert done.returncode == 0, done.stderr
    stored = one(desk, f"SELECT notes FROM exchanges WHERE reference = '{reference}'")
    assert stored == "Day 1:\tvisit\nDay 2:\tworkshop"
