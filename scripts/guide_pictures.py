"""Make the user guide's pictures again: `cxdesk screenshot` per tab and language, made small.

Run from the repository: `.venv/bin/python scripts/guide_pictures.py [LANG …]` (default: every
language folder of resources/guide/). The pictures are drawn on the small demo database (each
tab; report.png: the Report section of a completed exchange whose report is in and whose
evidence is incomplete, so that every closing button shows) and on a desk left with one conflict
by two platform packages (conflicts.png), then reduced to 256 colours with Pillow: a window's
flat colours lose nothing to the eye.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "resources" / "guide"
#: (tab, picture) drawn on the demo desk; "funding-sepa" is Funding → Payments by SEPA.
TABS = (
    ("members", "members"),
    ("exchanges", "exchanges"),
    ("calendar", "calendar"),
    ("funding", "funding"),
    ("due", "due"),
    ("funding-sepa", "sepa"),
)


def cxdesk(db: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def read_json(db: Path, *args: str) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *args, "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def closing_example(db: Path) -> str:
    """A completed exchange whose report is in, with the fewest kinds of evidence attached: its
    Report section shows every closing button, Attach… and Waive… included."""
    completed = {
        str(x["uid"]): str(x["reference"])
        for x in read_json(db, "list", "exchanges", "--status", "completed")
    }
    kinds = {
        str(r["exchange_uid"]): len({e["kind"] for e in r.get("evidence") or []})  # type: ignore[union-attr]
        for r in read_json(db, "list", "reports")
        if r["exchange_uid"] in completed
    }
    if not kinds:
        raise SystemExit("The demo desk has no completed exchange with its report in.")
    return completed[min(kinds, key=lambda uid: (kinds[uid], completed[uid]))]


def conflict_desk(folder: Path) -> Path:
    """A desk where package 3 changed the notes the coordinator changed too: one conflict."""
    sys.path.insert(0, str(ROOT))
    from tests.services.sync_factory import delta, full, tables

    first = full(folder, {**tables(), "payments": []}, name="ECP-DIGI-0001.zip", sequence=1)
    empty: dict[str, list[dict[str, str]]] = {name: [] for name in tables()}
    second = delta(folder, empty, sequence=2)
    row = {
        **tables()["exchanges"][0],
        "notes": "Visit moved to the spring fair.",
        "revision": "4",
        "updated_at": "2026-03-02T10:00:00Z",
    }
    third = delta(folder, {**empty, "exchanges": [row]}, sequence=3)
    db = folder / "cxdesk.sqlite3"
    cxdesk(db, "import", str(first))
    cxdesk(db, "import", str(second))
    cxdesk(db, "set", "exchanges", "CX-2026-0042", "notes=Bring the samples.")
    subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), "import", str(third)],
        check=False,
        stdout=subprocess.DEVNULL,
    )  # exit status 3: a conflict left
    return db


def small(picture: Path) -> None:
    image = Image.open(picture).convert("RGB")
    image.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        picture, optimize=True
    )


def main(langs: list[str]) -> None:
    # A short, fixed folder: the window's status bar shows the database's path.
    home = Path(tempfile.gettempdir()) / "cxdesk-guide"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    try:
        os.environ["CXDESK_HOME"] = str(home / "home")  # never the person's own folders
        os.environ.setdefault("CXDESK_USER", "Maria")
        demo = home / "demo" / "cxdesk.sqlite3"
        demo.parent.mkdir()
        cxdesk(demo, "demo")
        (home / "sync").mkdir()
        conflicts = conflict_desk(home / "sync")
        closing = ("--exchange", closing_example(demo))
        shots: list[tuple[Path, str, str, tuple[str, ...]]] = [
            (demo, tab, name, ()) for tab, name in TABS
        ]
        shots += [
            (demo, "exchanges", "report", closing),
            (conflicts, "exchanges", "conflicts", ()),
        ]
        for lang in langs:
            folder = GUIDE / lang
            for db, tab, name, extra in shots:
                picture = folder / f"{name}.png"
                cxdesk(db, "screenshot", "-o", str(picture), "--tab", tab, "--lang", lang, *extra)
                small(picture)
                print(picture.relative_to(ROOT), picture.stat().st_size // 1024, "kB")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(p.parent.name for p in GUIDE.glob("*/index.md")))
