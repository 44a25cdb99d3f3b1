"""A 100-row delta package imported into a platform-size desk and into a small desk: the ratio.

    .venv/bin/python bench/bench_delta.py [--folder PATH] [--runs N] [--scale S]

The desks: a platform-size full package (100,000 organisations, 100,000 people, 50,000
exchanges; `--scale` shrinks it) and a small one (1,000 organisations, 1,000 people, 500
exchanges), each written with the desk's package writer and imported with `import_package`
(what `cxdesk import` runs) once, then kept in FOLDER (default: $CXDESK_BENCH_DELTA, else
/tmp/cxdesk-bench/delta) and copied afresh for every run.
The delta (package 2 after 1): 50 organisations renamed (ones both desks hold), 25 new people
in them and 25 new exchanges of those people: the same file for both desks.
Goal: the import on the big desk within 1.5x of the small desk's (its cost follows the work).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services.sync_factory import COUNTRIES, NAMES, _uid, big_package  # noqa: E402

DEFAULT_FOLDER = Path(os.environ.get("CXDESK_BENCH_DELTA", "/tmp/cxdesk-bench/delta"))
BIG = (100_000, 100_000, 50_000)
SMALL = (1_000, 1_000, 500)
RENAMED, NEW_PEOPLE, NEW_EXCHANGES = 50, 25, 25  # 100 rows
GOAL = 1.5


def common_organisations(count: int) -> list[str]:
    """The first uids `big_package` gives organisations: the same on both desks (same seed)."""
    rng = random.Random(7)
    return [_uid(rng) for _ in range(count)]


def write_delta(path: Path) -> Path:
    """The 100-row delta (package 2 after 1), with the desk's own package writer."""
    from cxdesk.sync.writer import write_package

    orgs = common_organisations(RENAMED + 1)
    rng = random.Random(19)
    stamp = datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
    people = [_uid(rng) for _ in range(NEW_PEOPLE)]

    def organisations() -> Iterator[dict[str, Any]]:
        for index, uid in enumerate(orgs[:RENAMED]):
            code, city, lat, lon = COUNTRIES[index % len(COUNTRIES)]
            yield {
                "uid": uid,
                "revision": 2,
                "updated_at": stamp,
                "deleted": False,
                "platform_id": f"P-{index}",
                "name": f"{NAMES[index % 8]} «Renamed Cluster» {index}",
                "kind": "cluster_organisation",
                "country": code,
                "city": city,
                "latitude": Decimal(f"{lat:.5f}"),
                "longitude": Decimal(f"{lon:.5f}"),
                "ecosystems": ["digital"],
                "cluster_uid": None,
                "partnership": "ECP-DIGI",
                "website": f"https://o{index}.example.eu",
                "email": f"info@o{index}.example.eu",
                "phone": "+33 1 23 45 67 89",
            }

    def persons() -> Iterator[dict[str, Any]]:
        for index, uid in enumerate(people):
            yield {
                "uid": uid,
                "revision": 1,
                "updated_at": stamp,
                "deleted": False,
                "organisation_uid": orgs[index],
                "first_name": NAMES[index % 8],
                "last_name": f"Deltason-{index}",
                "email": f"delta{index}@example.eu",
                "language": "el",
                "role": "Manager",
            }

    def visits() -> Iterator[dict[str, Any]]:
        for index in range(NEW_EXCHANGES):
            first = date(2026, 5, 4) + timedelta(weeks=index % 20)
            yield {
                "uid": _uid(rng),
                "revision": 1,
                "updated_at": stamp,
                "deleted": False,
                "reference": f"CX-2026-D{index:05d}",
                "visitor_uid": people[index % NEW_PEOPLE],
                # The next organisation: another country's (as in big_package).
                "host_organisation_uid": orgs[index % NEW_PEOPLE + 1],
                "start_date": first,
                "end_date": first + timedelta(days=4),
                "purposes": ["learn"],
                "travel_mode": "green",
                "status": "approved",
                "lump_sum": Decimal("950.00"),
                "notes": "A delta's visit",
            }

    fields = {
        "origin": "platform",
        "partnership": "ECP-DIGI",
        "kind": "delta",
        "sequence": 2,
        "base_sequence": 1,
        "created": stamp,
    }
    resources = {"organisations": organisations(), "people": persons(), "exchanges": visits()}
    write_package(path, fields, resources)
    return path


def base_desk(folder: Path, name: str, sizes: tuple[int, int, int]) -> Path:
    """A desk holding a full package of `sizes` (made once, then reused)."""
    from cxdesk.db.migrate import open_database
    from cxdesk.services.importing import import_package

    desk = folder / f"{name}-{'-'.join(map(str, sizes))}.sqlite3"
    if desk.exists():
        return desk
    print(f"making the {name} desk {sizes} (once)…", flush=True)
    package = big_package(folder / f"{name}.zip", *sizes)
    work = desk.with_suffix(".part")
    db = open_database(work)
    try:
        report = import_package(db, package)
        if not report.applied:
            raise SystemExit(f"the {name} package was refused: {report.errors[:3]}")
    finally:
        db.close()  # the WAL folded into the file: a plain copy is the whole desk
    work.rename(desk)
    package.unlink()
    return desk


def timed_import(
    desk: Path, delta: Path, scratch: Path, dry_run: bool = False
) -> tuple[float, str]:
    """Copy the desk afresh, import the delta into it: seconds of `import_package` alone."""
    from cxdesk.db.migrate import open_database
    from cxdesk.services.importing import import_package

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    copy = scratch / desk.name
    shutil.copyfile(desk, copy)
    db = open_database(copy)
    try:
        started = time.perf_counter()
        report = import_package(db, delta, dry_run=dry_run)
        seconds = time.perf_counter() - started
    finally:
        db.close()
    if not report.applied and not (dry_run and not report.errors):
        raise SystemExit(f"the delta was refused on {desk.name}: {report.errors[:3]}")
    return seconds, report.describe()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    # Settings, logs and the backups before each import go to a throwaway folder.
    home = tempfile.mkdtemp(prefix="cxdesk-bench-")
    os.environ["CXDESK_HOME"] = home
    args.folder.mkdir(parents=True, exist_ok=True)
    big_sizes = tuple(max(int(n * args.scale), s) for n, s in zip(BIG, SMALL, strict=True))
    big = base_desk(args.folder, "big", big_sizes)  # type: ignore[arg-type]
    small = base_desk(args.folder, "small", SMALL)
    scratch = Path(tempfile.mkdtemp(prefix="cxdesk-delta-"))
    delta = write_delta(scratch / "delta-2.zip")
    # A first import of each, not counted: imports and first-use caches count in neither.
    timed_import(small, delta, scratch / "run")
    timed_import(big, delta, scratch / "run")
    big_times, small_times, described = [], [], ""
    for _run in range(args.runs):  # alternated: a disturbance hits both alike
        seconds, described = timed_import(small, delta, scratch / "run")
        small_times.append(seconds)
        big_times.append(timed_import(big, delta, scratch / "run")[0])
    # The same import rolled back (a dry run): every check and write, no backup, no commit.
    dry_big = min(timed_import(big, delta, scratch / "run", True)[0] for _ in range(args.runs))
    dry_small = min(timed_import(small, delta, scratch / "run", True)[0] for _ in range(args.runs))
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    big_ms, small_ms = min(big_times) * 1000, min(small_times) * 1000
    ratio = big_ms / small_ms
    print(f"delta: {described}")
    print(
        f"100-row delta, best of {args.runs}: big desk {big_sizes} {big_ms:.0f} ms, "
        f"small desk {SMALL} {small_ms:.0f} ms; ratio {ratio:.2f}x "
        f"(goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'})"
    )
    print(
        f"  of which the checks and writes (a dry run: no backup, no commit): big desk "
        f"{dry_big * 1000:.0f} ms, small desk {dry_small * 1000:.0f} ms; ratio "
        f"{dry_big / dry_small:.2f}x"
    )
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
