"""Running `cxdesk` in a test: in this process (fast, with capsys) or as a person would type it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cxdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(db: Any, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The command in this process: exit status, standard output, standard error."""
    capsys.readouterr()
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def cxdesk(
    db: Any, *argv: str, user: str = "tester", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, on `db`, as `user` (never $CXDESK_DB)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "CXDESK_USER": user}
    env.pop("CXDESK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db.path), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
