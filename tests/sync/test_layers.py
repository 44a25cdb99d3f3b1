"""sync is pure: importing it loads no database, window, PDF or service code (nor openpyxl)."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = (
    "sqlalchemy",
    "alembic",
    "PySide6",
    "reportlab",
    "openpyxl",
    "cxdesk.db",
    "cxdesk.pdf",
    "cxdesk.services",
    "cxdesk.ui",
)


def test_sync_imports_nothing_above_or_beside_it() -> None:
    code = (
        "import pkgutil, sys, importlib, cxdesk.sync as s\n"
        "for m in pkgutil.iter_modules(s.__path__):\n"
        "    importlib.import_module(f'cxdesk.sync.{m.name}')\n"
        f"print([m for m in sys.modules if m.startswith({FORBIDDEN!r})])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
