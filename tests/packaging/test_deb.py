"""The Debian package: built from the frozen folder, lintian-clean, installed with dpkg, run
from PATH (a command, the window off screen and on an X server), removed leaving nothing.

Slow and needing root (dpkg -i): CI runs it as a step of its own, after packaging/build.sh:

    bash packaging/build.sh
    .venv/bin/pytest -m slow tests/packaging/test_deb.py

packaging/build_deb.sh does the packaging (and builds dist/cxdesk first when it is missing, or
with CXDESK_BUILD_FROZEN=1); about 3 minutes on two cores, lintian included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.test_frozen import ROOT, VERSION, runner
from tests.ui.test_xcb_window import x_display  # noqa: F401 - a fixture, used by name

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None,
        reason="not a Debian-like system: no .deb to build",
    ),
    pytest.mark.skipif(getattr(os, "geteuid", lambda: 1)() != 0, reason="dpkg -i needs root"),
]

#: Everything the package puts outside /opt/cxdesk, which `dpkg -r` must take away again.
INSTALLED = [
    "/opt/cxdesk",
    "/usr/bin/cxdesk",
    "/usr/share/applications/cxdesk.desktop",
    "/usr/share/metainfo/eu.clusterxchange.cxdesk.metainfo.xml",
    "/usr/share/man/man1/cxdesk.1.gz",
    "/usr/share/doc/cxdesk",
    "/usr/share/lintian/overrides/cxdesk",
    "/usr/share/icons/hicolor/scalable/apps/cxdesk.svg",
    *(f"/usr/share/icons/hicolor/{n}x{n}/apps/cxdesk.png" for n in (16, 24, 32, 48, 64, 128, 256)),
]


@pytest.fixture(scope="module")
def deb() -> Path:
    """dist/cxdesk_<version>_<arch>.deb, made by packaging/build_deb.sh (lintian included)."""
    args = ["bash", str(ROOT / "packaging" / "build_deb.sh")]
    if os.environ.get("CXDESK_BUILD_FROZEN") == "1":
        args.append("--build")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "lintian: no errors" in done.stdout
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    path = ROOT / "dist" / f"cxdesk_{VERSION}_{arch.stdout.strip()}.deb"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def installed(deb: Path) -> Iterator[Path]:
    """The package installed with dpkg -i; removed again afterwards, whatever happened."""
    done = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True, timeout=600)
    try:
        assert done.returncode == 0, done.stdout + done.stderr
        yield deb
    finally:
        subprocess.run(["dpkg", "-r", "cxdesk"], capture_output=True, timeout=600)


def test_the_package_says_what_it_is(deb: Path) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version", "Depends"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Package: cxdesk" in fields and f"Version: {VERSION}" in fields
    depends = fields.split("Depends:", 1)[1]
    assert "libc6 (>= " in depends and "libxcb1" in depends
    # Libraries the folder carries are not dependencies: its Qt and Python are its own.
    assert "libqt6" not in depends.lower() and "libpython" not in depends


def test_installed_it_runs_from_path(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    run = runner(Path("cxdesk"), home, tmp_path, tmp_path / "desk")
    assert run("--version").stdout.strip() == f"cxdesk {VERSION}"
    assert os.path.realpath(shutil.which("cxdesk", path="/usr/bin") or "") == "/opt/cxdesk/cxdesk"
    run("demo", "--size", "small")
    run("screenshot", "-o", "shot.png", "--tab", "funding")  # the window, off screen
    png = (tmp_path / "shot.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000


def test_installed_window_on_an_x_server(
    installed: Path,
    x_display: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    """Qt's xcb platform with the system's X libraries, the ones the package depends on."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display,
           "CXDESK_HOME": str(tmp_path / "d")}  # fmt: skip
    for args in (["demo", "--size", "small"], ["screenshot", "-o", "x.png", "--tab", "members"]):
        done = subprocess.run(["cxdesk", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr and "could not load" not in done.stderr.lower()
    assert (tmp_path / "x.png").stat().st_size > 20_000


def test_the_menu_entry_and_icons_are_installed(installed: Path) -> None:
    entry = Path("/usr/share/applications/cxdesk.desktop").read_text(encoding="utf-8")
    assert "Exec=cxdesk" in entry and "Icon=cxdesk" in entry
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", "/usr/share/applications/cxdesk.desktop"],
                              capture_output=True, text=True)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    for path in INSTALLED:
        assert Path(path).exists(), path


def test_removed_it_leaves_nothing(installed: Path) -> None:
    done = subprocess.run(["dpkg", "-r", "cxdesk"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    left = [path for path in INSTALLED if os.path.lexists(path)]
    assert left == []
    status = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status}", "cxdesk"],
                            capture_output=True, text=True)  # fmt: skip
    assert status.stdout in ("", "not-installed", "config-files")
    # No configuration files: nothing for a purge to leave behind either.
    assert status.stdout != "config-files"
