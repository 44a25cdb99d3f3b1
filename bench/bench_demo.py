"""How long `cxdesk demo --size large` takes, against a floor measured in the same run.

The floor: the same number of rows, pre-made, inserted with sqlite3 `executemany` into plain
tables in one transaction (no generation, no rules, no indexes). Run: python bench/bench_demo.py
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from cxdesk.db.migrate import open_database
from cxdesk.services.demo import make_demo


def floor(counts: dict[str, int], folder: Path) -> float:
    rows = {
        t: [(i, f"name {i}", "DE", "Berlin", 52.5, 13.4, "x" * 40) for i in range(n)]
        for t, n in counts.items()
    }
    start = time.perf_counter()
    conn = sqlite3.connect(folder / "floor.sqlite3")
    with conn:
        for table, batch in rows.items():
            conn.execute(
                f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, "
                "d REAL, e REAL, f TEXT)"
            )
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    conn.close()
    return time.perf_counter() - start


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "large"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(folder / "demo.sqlite3")
        start = time.perf_counter()
        change = make_demo(db, size, seed=1, today=date(2026, 11, 28))
        took = time.perf_counter() - start
        with db.engine.connect() as conn:
            counts = {
                t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in ("organisations", "people", "exchanges", "payments")
            }
        db.close()
        base = floor(counts, folder)
    print(change.message)
    print(
        f"demo --size {size}: {took:.1f} s; floor (plain executemany of as many rows): "
        f"{base:.2f} s; ratio {took / base:.1f}x"
    )
    if size == "large":
        print(f"goal: under 60 s -> {'met' if took < 60 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
