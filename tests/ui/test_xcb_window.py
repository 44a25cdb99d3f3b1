"""The window on a real X server (Xvfb, Qt's xcb platform), not only offscreen: it starts, shows
each tab, and the X server's own screen shows it drawn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

HELPER = Path(__file__).with_name("xcb_show.py")
TABS = ("members", "exchanges", "calendar", "funding")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("Xvfb") is None,
    reason="Xvfb is not installed (scripts/setup.sh installs it): the xcb window is not tried",
)


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb on the first free display number (Xvfb picks it and tells: -displayfd)."""
    log = tmp_path / "xvfb.log"  # a file, not a pipe: a chatty server never blocks on it
    read_end, write_end = os.pipe()
    with log.open("wb") as err:
        server = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    os.close(write_end)
    try:
        # Written once the server accepts connections; empty when it died first.
        with os.fdopen(read_end) as told:
            number = told.readline().strip()
        if not number:
            server.wait(timeout=10)
            pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        server.kill()
        server.wait(timeout=10)


def distinct_colours(image: QImage) -> int:
    """How many colours a grid of samples over the picture finds (1 for a blank screen)."""
    step = 8
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_the_window_is_drawn_on_an_x_server(
    x_display: str, demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, db)
    shots = tmp_path / "shots"
    shots.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=x_display)  # conftest's offscreen is overridden
    done = subprocess.run(
        [sys.executable, str(HELPER), str(db), str(shots)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "xcb"
    pictures = {}
    for tab in TABS:
        image = QImage(str(shots / f"{tab}.png"))
        assert not image.isNull(), tab
        assert (image.width(), image.height()) == (1280, 800)
        # A drawn window has text, frames and rows; an empty X screen is one colour.
        assert distinct_colours(image) > 20, tab
        pictures[tab] = image
    # Each tab was shown: no two pictures are the same.
    assert len({bytes(p.constBits()) for p in pictures.values()}) == len(TABS)
