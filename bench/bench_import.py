"""How long importing a platform-size package takes, against a floor measured in the same run.

The package: ≈ 100,000 organisations, 100,000 people and 50,000 exchanges, written with the
desk's package writer. The import: `cxdesk import` into an empty SQLite database (every check,
the backup, the search index). The floor: the same CSV rows read from the same ZIP with `csv`
and inserted with sqlite3 `executemany` into plain tables (no index) in one transaction.
Peak memory: the growth of the import process's maximum resident size during the import.
Processor time too: on a machine busy with other work, the ratio of the two processes' CPU time
varies less than that of their wall-clock times.

Run: python bench/bench_import.py [SCALE]   (SCALE 1 = platform size; 0.25 = a quarter)
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services.sync_factory import big_package  # noqa: E402

#: Run in a fresh process, so its peak memory is the import's own.
CHILD = """
import json, resource, sys, time
from pathlib import Path
from typing import Any
from cxdesk.db.migrate import open_database
from cxdesk.services.importing import import_package
from cxdesk.sync.reader import read_package
db = open_database(Path(sys.argv[2]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
cpu = time.process_time()
if sys.argv[3] == "read":  # the package reader alone: archive checks, hashes, every cell parsed
    with read_package(Path(sys.argv[1])) as reader:
        reader.read_all()
    result = {}
else:
    report = import_package(db, Path(sys.argv[1]))
    result = {"applied": report.applied, "errors": report.errors[:3]}
took = time.perf_counter() - start
cpu = time.process_time() - cpu
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
db.close()
print(json.dumps(result | {"seconds": took, "cpu": cpu, "rss_kb": after - before}))
"""


def child(package: Path, folder: Path, what: str) -> dict[str, Any]:
    """Run the import (or the reader alone) in a fresh process: its time and memory growth."""
    env = {"CXDESK_HOME": str(folder / "home"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(package), str(folder / f"{what}.sqlite3"), what],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def floor(package: Path, folder: Path) -> tuple[float, float]:
    """The floor's time and its processor time."""
    start = time.perf_counter()
    cpu = time.process_time()
    conn = sqlite3.connect(folder / "floor.sqlite3")
    with zipfile.ZipFile(package) as archive, conn:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            with archive.open(name) as raw:
                rows = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
                header = next(rows)
                table = name.removesuffix(".csv")
                conn.execute(f"CREATE TABLE {table} ({', '.join(f'{c} TEXT' for c in header)})")
                marks = ", ".join("?" * len(header))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    orgs, people, exchanges = (int(n * scale) for n in (100_000, 100_000, 50_000))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        package = big_package(folder / "platform.zip", orgs, people, exchanges)
        built = time.perf_counter() - start
        size = package.stat().st_size
        result = child(package, folder, "import")
        reader = child(package, folder, "read")
        base, base_cpu = floor(package, folder)
    read = reader["seconds"]
    took = result["seconds"]
    print(
        f"package: {orgs} organisations, {people} people, {exchanges} exchanges; "
        f"{size / 1e6:.1f} MB zipped, written in {built:.1f} s"
    )
    print(f"applied: {result['applied']} {result['errors']}")
    print(
        f"import: {took:.1f} s; floor (csv + sqlite3 executemany, plain tables): {base:.2f} s; "
        f"ratio {took / base:.1f}x (goal 3x: {'met' if took <= 3 * base else 'NOT met'})"
    )
    cpu = result["cpu"]
    print(
        f"processor time (less sensitive to other work on the machine): import {cpu:.1f} s; "
        f"floor {base_cpu:.2f} s; ratio {cpu / base_cpu:.1f}x"
    )
    print(
        f"of which the package reader alone (sync layer, every cell parsed): {read:.1f} s "
        f"({read / base:.1f}x the floor); the rest (database, checks, backup): "
        f"{took - read:.1f} s ({(took - read) / base:.1f}x)"
    )
    print(
        f"peak memory growth: import {result['rss_kb'] / 1024:.0f} MB; the package reader "
        f"alone {reader['rss_kb'] / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
