"""Every row of issue 19's table, each from its own bench, as one table of ratios.

    .venv/bin/python bench/bench_issue19.py [--db PATH] [--runs N] [--only NAME ...]

Runs bench_cold_start.py, bench_import.py, bench_exchanges.py, bench_members.py and
bench_delta.py one after the other (each in its own process, as when run alone), reads their
figures and prints: what | floor | desk | ratio | goal | met?, with the machine's load before
and after (other work on the machine disturbs every figure).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_window import DEFAULT_DB

HERE = Path(__file__).resolve().parent
Row = tuple[str, str, str, str, str, bool | None]
#: A timed line of bench_exchanges/bench_members: what, desk ms, floor ms, ratio.
TIMED = re.compile(r"^\s+(.+?)\s+([\d.]+) ms\s+([\d.]+) ms\s+([\d.]+)x\s+(OK|OVER)", re.M)


def run(script: str, *args: str) -> str:
    """A bench's output (its own process); what it printed even when it reports a goal missed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - started
    print(f"  {script} {' '.join(args)}: {took:.0f} s, exit {done.returncode}", flush=True)
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    return done.stdout


def number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1)) if found else None


def cold_start(db: Path, runs: int) -> list[Row]:
    out = run("bench_cold_start.py", "--db", str(db), "--runs", str(runs))
    floor = number(r"bare[^\n:]*:\s+([\d.]+) ms", out)
    desk = number(r"screenshot[^\n:]*:\s+([\d.]+) ms", out)
    ratio = number(r"ratio, screenshot:\s*([\d.]+)x", out) or number(r"ratio:\s*([\d.]+)x", out)
    what = "cold start to first painted rows (screenshot --tab members) vs bare PySide6"
    return [_row(what, floor, desk, ratio, "≤ 3×", 3.0, "ms")]


def importing(scale: str) -> list[Row]:
    out = run("bench_import.py", scale)
    desk = number(r"import: ([\d.]+) s", out)
    floor = number(r"executemany[^:]*: ([\d.]+) s", out)
    ratio = desk / floor if desk and floor else None
    what = "import of the platform-size package vs csv + sqlite3.executemany"
    return [_row(what, floor, desk, ratio, "≤ 3× (then 2×)", 3.0, "s")]


def timed_rows(out: str, filtered: Callable[[str], bool]) -> list[tuple[str, float, float]]:
    """(what, floor ms, desk ms) of each timed line whose label `filtered` keeps."""
    return [
        (m.group(1), float(m.group(3)), float(m.group(2)))
        for m in TIMED.finditer(out)
        if filtered(m.group(1))
    ]


def _within(floor: float, desk: float) -> bool:
    return desk / max(floor, 1.0) <= 3 and desk < 100


def filter_rows(what: str, figures: list[tuple[str, float, float]]) -> Row:
    """Several words as one row: the ranges, the worst ratio, met when every word is."""
    if not figures:
        return (what, "?", "?", "?", "≤ 3× and < 100 ms", None)
    floors = [f for _w, f, _d in figures]
    desks = [d for _w, _f, d in figures]
    worst = max(d / max(f, 1.0) for _w, f, d in figures)
    ok = all(_within(f, d) for _w, f, d in figures)
    missed = [w.split(" filter ")[-1] for w, f, d in figures if not _within(f, d)]
    note = f" (over: {', '.join(missed)})" if missed else ""
    return (
        what + note,
        f"{min(floors):.1f}–{max(floors):.1f} ms",
        f"{min(desks):.1f}–{max(desks):.1f} ms",
        f"worst {worst:.1f}×",
        "≤ 3× and < 100 ms",
        ok,
    )


def exchanges(db: Path, runs: int) -> list[Row]:
    out = run("bench_exchanges.py", "--db", str(db), "--runs", str(runs))
    words = timed_rows(out, lambda w: not w.startswith("sort"))
    sort = timed_rows(out, lambda w: w.startswith("sort"))
    return [
        filter_rows(f"exchanges filter, keystroke to first rows ({len(words)} words)", words),
        filter_rows("exchanges sort by visitor", sort),
    ]


def members(db: Path, runs: int) -> list[Row]:
    out = run("bench_members.py", "--db", str(db), "--runs", str(runs))
    words = timed_rows(out, lambda w: "filter" in w)
    sort = timed_rows(out, lambda w: "sort" in w)
    return [
        filter_rows(f"members filter, keystroke to first rows ({len(words)} words)", words),
        filter_rows("members sort by city", sort),
    ]


def delta(runs: int) -> list[Row]:
    out = run("bench_delta.py", "--runs", str(runs))
    big = number(r"big desk \([^)]*\) ([\d.]+) ms", out)
    small = number(r"small desk \([^)]*\) ([\d.]+) ms", out)
    ratio = big / small if big and small else None
    what = "a 100-row delta: platform-size desk vs small desk"
    return [_row(what, small, big, ratio, "≤ 1.5×", 1.5, "ms")]


def _row(
    what: str,
    floor: float | None,
    desk: float | None,
    ratio: float | None,
    goal: str,
    limit: float,
    unit: str,
) -> Row:
    shown = "{:.2f} s" if unit == "s" else "{:.0f} ms"
    return (
        what,
        shown.format(floor) if floor is not None else "?",
        shown.format(desk) if desk is not None else "?",
        f"{ratio:.2f}×" if ratio is not None else "?",
        goal,
        None if ratio is None else ratio <= limit,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-scale", default="1")
    parser.add_argument(
        "--only", nargs="*", choices=["cold", "import", "exchanges", "members", "delta"]
    )
    args = parser.parse_args()
    chosen = set(args.only or ["cold", "import", "exchanges", "members", "delta"])
    before = os.getloadavg()
    print(f"load before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f} ({os.cpu_count()} CPUs)")
    rows: list[Row] = []
    if "cold" in chosen:
        rows += cold_start(args.db, args.runs)
    if "import" in chosen:
        rows += importing(args.import_scale)
    if "exchanges" in chosen:
        rows += exchanges(args.db, args.runs)
    if "members" in chosen:
        rows += members(args.db, args.runs)
    if "delta" in chosen:
        rows += delta(args.runs)
    after = os.getloadavg()
    print(f"load after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")
    print()
    print("| what | floor | desk | ratio | goal | met? |")
    print("| --- | --- | --- | --- | --- | --- |")
    for what, floor, desk, ratio, goal, ok in rows:
        verdict = "?" if ok is None else ("yes" if ok else "NO")
        print(f"| {what} | {floor} | {desk} | {ratio} | {goal} | {verdict} |")
    return 0 if all(row[5] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
