"""The wheel carries compiled catalogs and resources, and the desk speaks from them (slow)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cxdesk.core import i18n

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_a_wheel_installs_compiled_catalogs_and_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
    )
    wheel = next(tmp_path.glob("cxdesk-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for lang in i18n.LANGUAGES[1:]:
        assert f"cxdesk/_data/translations/{lang}/LC_MESSAGES/cxdesk.mo" in names
    assert not any(n.endswith(".po") for n in names)  # compiled, not the sources
    assert any(n.startswith("cxdesk/_data/resources/fonts/") for n in names)
    probe = (
        "import cxdesk.core.i18n as i, cxdesk.core.paths as p;"
        "i.set_language('el'); print(p.resource_root()); print(i._('Grant agreement'))"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == str(tmp_path / "site" / "cxdesk" / "_data")
    assert out[1] == i18n.translate_in("el", "Grant agreement") != "Grant agreement"
