"""`--lang` names a language the desk speaks, before or after the command; else a usage error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def cxdesk(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("--lang", "xx", "check"),
        ("check", "--lang", "xx"),
        ("agreement", "EXC-1", "-o", "out.pdf", "--lang", "xx"),
        ("agreements", "-o", "out", "--lang", "xx"),
        ("screenshot", "-o", "out.png", "--lang", "xx"),
        ("--lang", "\x1b[31mxx", "check"),
    ],
)
def test_an_unknown_language_is_a_usage_error(tmp_path: Path, argv: tuple[str, ...]) -> None:
    db = tmp_path / "desk.sqlite3"
    done = cxdesk(db, *argv)
    assert done.returncode == 2
    assert "is not a language the desk speaks" in done.stderr
    assert "en, fr, de, es, it, pl, bg, el" in done.stderr
    assert "\x1b" not in done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    assert not db.exists()  # refused before anything was opened


def test_a_known_language_with_a_region_is_spoken(tmp_path: Path) -> None:
    done = cxdesk(tmp_path / "desk.sqlite3", "--lang", "de_AT", "check")
    assert done.returncode == 0, done.stderr
    assert "Probleme" in done.stdout
