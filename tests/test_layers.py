"""The layers hold: import-linter's contracts in pyproject.toml, checked on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run(
        [exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_module_has_a_one_line_docstring() -> None:
    import ast

    missing = []
    for path in sorted((ROOT / "cxdesk").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc:
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []
