"""`cxdesk quote` from the outside: impossible quotes refused, refused ones with no amount."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def quote(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), "quote", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def places(visitor: str, visitor_country: str, host: str, host_country: str) -> list[str]:
    return [
        "--visitor-city",
        visitor,
        "--visitor-country",
        visitor_country,
        "--host-city",
        host,
        "--host-country",
        host_country,
    ]


def no_crash(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr


def test_an_end_before_the_start_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    done = quote(
        db, *places("Athens", "EL", "Dublin", "IE"), "--start", "2026-03-20", "--end", "2026-03-16"
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "The end 2026-03-16 is before the start 2026-03-20: there is no stay to quote"
    )
    assert done.stdout == ""  # no "0 working days", no lump sum
    no_crash(done)
    assert not db.exists()  # nothing made or changed


def test_an_ineligible_quote_prints_no_amount(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    argv = [*places("Athens", "EL", "Zurich", "CH"), "--start", "2026-03-16", "--end", "2026-03-20"]
    plain = quote(db, *argv)
    assert plain.returncode == 0, plain.stderr
    assert "The exchange is not eligible." in plain.stdout
    assert "Switzerland (CH) does not take part in the programme" in plain.stdout
    assert "Lump sum" not in plain.stdout
    assert "Working days at the host: 5" in plain.stdout  # the rest of the quote stays
    no_crash(plain)
    data = json.loads(quote(db, *argv, "--json").stdout)
    assert data["eligible"] is False and data["lump_sum"] is None
    assert data["working_days"] == 5 and data["distance_km"] > 1000
    assert data["currency"] == "EUR" and data["reasons"]


def test_an_eligible_quote_still_prints_its_amount(tmp_path: Path) -> None:
    done = quote(
        tmp_path / "desk.sqlite3",
        *places("Athens", "EL", "Dublin", "IE"),
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
    )
    assert done.returncode == 0, done.stderr
    assert "Lump sum: €550.00" in done.stdout


def test_every_unknown_city_is_named_in_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    done = quote(
        db,
        *places("Pariss", "FR", "Atlantis", "EL"),
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
    )
    assert done.returncode == 1
    message = done.stderr.strip()
    assert "\n" not in message  # one sentence
    assert message.startswith("Unknown cities 'Pariss' in France (FR) (nearest spellings: Paris")
    assert "'Atlantis' in Greece (GR) (nearest spellings: Atalánti" in message
    assert "coordinates" not in message  # a quote cannot take them
    no_crash(done)
    assert not db.exists()


def test_one_unknown_city_is_named_with_its_nearest_spellings(tmp_path: Path) -> None:
    done = quote(
        tmp_path / "desk.sqlite3",
        *places("Athens", "EL", "Dublinn", "IE"),
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
    )
    assert done.returncode == 1
    assert done.stderr.startswith(
        "Unknown city 'Dublinn' in Ireland (IE) (nearest spellings: Dublin"
    )
    assert "coordinates" not in done.stderr
    no_crash(done)


def test_a_town_of_a_few_thousand_people_is_known(tmp_path: Path) -> None:
    # Prissé (Saône-et-Loire) has about 2,000 people: among the gazetteer's towns of 1,000.
    done = quote(
        tmp_path / "desk.sqlite3",
        *places("Prissé", "FR", "Athens", "EL"),
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["distance_km"] > 1500


def test_a_hostile_city_name_is_echoed_printable(tmp_path: Path) -> None:
    done = quote(
        tmp_path / "desk.sqlite3",
        *places("Evil\x1b[2J\x07", "FR", "Athens", "EL"),
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-20",
    )
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "'Evil\\x1b[2J\\x07' in France (FR)" in done.stderr
    no_crash(done)
