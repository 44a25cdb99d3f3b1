"""Members filter and sort on 300,000 organisations, against bare SQL returning the same rows.

    .venv/bin/python bench/bench_members.py [--db PATH] [--runs N]

The window's Members tab on the platform-size demo database (made once, see bench_window.py):
for each word, from setting the filter's text to the first rows in the model (the first ids
read, the first screen's lines read); the same for a click on the City header. The floor is
the same first page read with Python's sqlite3 alone (the faster of two plans): the first ids,
in the same order, and the lines of the first screen. Goals: within 3x the floor, and under 100 ms.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from timing import FIRST_IDS, TabWindow, bare_page, bench_args, best, fts_words

#: What a person types: a word letter by letter, a city, names, nothing found.
WORDS = ("c", "cl", "clu", "berl", "digital ber", "mull", "cluster", "tech", "lab", "dig", "zzz")

BY_WORDS = (
    "SELECT o.id FROM organisations o JOIN organisations_fts f ON f.rowid = o.id "
    "WHERE organisations_fts MATCH ? AND o.deleted = 0 ORDER BY o.name, o.id LIMIT ?"
)
#: The same first page walking the names' index, keeping the matches: faster when a word
#: matches thousands. The floor is the faster of the two.
BY_WORDS_WALKING = (
    "SELECT o.id FROM organisations o WHERE o.deleted = 0 AND o.id + 0 IN "
    "(SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH ?) "
    "ORDER BY o.name, o.id LIMIT ?"
)
BY_CITY = "SELECT o.id FROM organisations o WHERE o.deleted = 0 ORDER BY o.city, o.id LIMIT ?"
LINES = (
    "SELECT id, uid, name, kind, country, city, partnership, ecosystems, cluster_uid "
    "FROM organisations WHERE id IN ({marks})"
)


def measure(db_path: Path, runs: int) -> list[tuple[str, float, float]]:
    """(what, floor ms, desk ms) for each word and the sort by city; prints each as it goes."""
    bench = TabWindow(db_path, "members")
    app, model, pool = bench.app, bench.model, bench.pool

    def first_rows() -> list[int]:
        """The first ids in (the members filter answers on the GUI thread) and the first
        screen's lines read."""
        while model.waiting:
            pool.waitForDone(1)
            app.processEvents()
        model.data(model.index(0, 0))
        return list(model._ids[:FIRST_IDS])

    conn = sqlite3.connect(db_path)
    bench.settle()
    print(f"database: {db_path} ({model.total:,} organisations)")
    print(f"members: keystroke to first rows, best of {runs}: cxdesk, bare sqlite3, ratio")
    figures: list[tuple[str, float, float]] = []
    for word in WORDS:
        desk_times = []
        for _run in range(runs):
            bench.clear()
            started = time.perf_counter()
            ids = bench.typed(word, first_rows)
            desk_times.append(time.perf_counter() - started)
        floor, bare_ids = min(
            best(runs, lambda w=word, sql=sql: bare_page(conn, LINES, sql, fts_words(w)))  # type: ignore[misc]
            for sql in (BY_WORDS, BY_WORDS_WALKING)
        )
        bench.settle()
        figures.append((f"members filter {word!r}", floor * 1000, min(desk_times) * 1000))
        report(figures[-1], f"{model.total:,} rows", ids == bare_ids)
    bench.clear()
    name = next(i for i, c in enumerate(model.columns) if c.key == "name")
    city = next(i for i, c in enumerate(model.columns) if c.key == "city")
    desk_times = []
    for _run in range(runs):
        model.sort(name)
        bench.settle()
        started = time.perf_counter()
        model.sort(city)
        ids = first_rows()
        desk_times.append(time.perf_counter() - started)
    floor, bare_ids = best(runs, lambda: bare_page(conn, LINES, BY_CITY))
    figures.append(("members sort by city", floor * 1000, min(desk_times) * 1000))
    report(figures[-1], "", ids == bare_ids)
    bench.close()
    return figures


def ratio(floor_ms: float, desk_ms: float) -> float:
    return desk_ms / max(floor_ms, 1.0)  # under a millisecond both are instant


def met(floor_ms: float, desk_ms: float) -> bool:
    return ratio(floor_ms, desk_ms) <= 3 and desk_ms < 100


def report(figure: tuple[str, float, float], note: str, same: bool) -> None:
    what, floor_ms, desk_ms = figure
    flag = "OK" if met(floor_ms, desk_ms) else "OVER"
    extra = ", ".join(x for x in (note, "" if same else "NOT THE SAME ROWS") if x)
    print(
        f"  {what:32} {desk_ms:6.1f} ms  {floor_ms:6.1f} ms  {ratio(floor_ms, desk_ms):4.1f}x"
        f"  {flag}{f'   ({extra})' if extra else ''}"
    )


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], runs=5)
    figures = measure(args.db, args.runs)
    worst = max(ratio(f, d) for _w, f, d in figures)
    slowest = max(d for _w, _f, d in figures)
    print(f"  worst: {worst:.1f}x, {slowest:.0f} ms (goal <= 3x and < 100 ms)")
    return 0 if all(met(f, d) for _w, f, d in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
