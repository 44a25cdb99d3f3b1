"""`cxdesk match` on the platform-size demo, against a bare SQL query listing the same hosts.

The floor: one plain SELECT of the eligible hosts (uid, name, country; the same participating
countries other than the visitor's and the same kinds that may host) fetched whole through the
same engine, measured in the same run. `match` ranks them (ecosystems shared, busy dates,
distances) and returns the best 20. Best of N runs each, for several visitors; ratios, not times.

The platform demo takes minutes to build: it is made once into DB (default below) and reused.
Run: .venv/bin/python bench/bench_match.py [--db /tmp/cxdesk-bench-platform.sqlite3] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text  # noqa: E402

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow  # noqa: E402
from cxdesk.db.store import Store  # noqa: E402
from cxdesk.domain.codes import VOID_STATUSES, OrgKind  # noqa: E402
from cxdesk.domain.records import Organisation  # noqa: E402
from cxdesk.services import matching  # noqa: E402
from cxdesk.services.exchanges import rates_in_force  # noqa: E402
from cxdesk.services.workspace import open_workspace  # noqa: E402

DEFAULT_DB = Path("/tmp/cxdesk-bench-platform.sqlite3")
START, END = date(2026, 5, 4), date(2026, 5, 8)


def _best(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def _visitors(db, count: int) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """(uid, country, ecosystems) of organisations that have not visited, spread over the table:
    one without ecosystems when there is one (every eligible host is then read)."""
    with db.sessions() as session:
        visited = (
            select(PersonRow.organisation_uid)
            .join(ExchangeRow, ExchangeRow.visitor_uid == PersonRow.uid)
            .where(ExchangeRow.status.not_in([s.value for s in VOID_STATUSES]))
        )
        rows = session.execute(
            select(OrganisationRow.uid, OrganisationRow.country, OrganisationRow.ecosystems)
            .where(
                OrganisationRow.uid.not_in(visited),
                OrganisationRow.id % 997 == 7,
                OrganisationRow.kind == "cluster_organisation",
            )
            .limit(count)
        ).all()
    return [(u, c, len([e for e in eco.split(";") if e])) for u, c, eco in rows]


def _without_ecosystems(db) -> tuple[str, str, int]:  # type: ignore[no-untyped-def]
    """The worst case: a visitor sharing nothing, so that every eligible host is ranked. The demo
    has none; one is added to the bench's database once."""
    name = "Bench visitor without ecosystems"
    with db.unit() as session:
        uid = session.scalar(select(OrganisationRow.uid).where(OrganisationRow.name == name))
        if uid is None:
            org = Organisation(
                uid="",
                name=name,
                kind=OrgKind.CLUSTER_ORGANISATION,
                country="LU",
                city="Luxembourg",
                latitude=49.61,
                longitude=6.13,
            )
            uid = Store(session).add_organisation(org, "bench").uid
    return uid, "LU", 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--visitors", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building the platform demo into {args.db} (a few minutes, once)…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "cxdesk", "--db", str(args.db), "demo", "--size", "platform"],
            check=True,
        )
    db = open_workspace(str(args.db))
    with db.sessions() as session:
        total = session.scalar(text("SELECT count(*) FROM organisations"))
        rates = rates_in_force(Store(session))
    kinds = matching._host_kinds(START)
    print(f"platform demo: {total} organisations; dates {START}..{END}; best of {args.runs}")
    ratios = []
    for uid, country, ecosystems in [*_visitors(db, args.visitors), _without_ecosystems(db)]:
        countries = matching._host_countries(country, START, END, START, rates)
        query = text(
            "SELECT uid, name, country FROM organisations WHERE deleted = 0 "
            f"AND country IN ({', '.join(repr(c) for c in sorted(countries))}) "
            f"AND kind IN ({', '.join(repr(k) for k in kinds)})"
        )
        listed: list[object] = []

        def bare() -> None:
            with db.engine.connect() as conn:
                listed[:] = conn.execute(query).all()  # noqa: B023 - run at once, in the loop

        found: list[matching.Matches] = []

        def match() -> None:
            found[:] = [matching.match_hosts(db, uid, start=START, end=END, limit=20)]  # noqa: B023

        bare()  # both read the table once before timing: a warm cache for each
        match()
        floor = _best(args.runs, bare)
        took = _best(args.runs, match)
        assert found[0].eligible == len(listed), (found[0].eligible, len(listed))
        ratio = took / floor
        ratios.append(ratio)
        print(
            f"visitor in {country} with {ecosystems} ecosystems: {len(listed)} eligible hosts; "
            f"match {took:.3f} s, bare SQL {floor:.3f} s: ratio {ratio:.2f}x"
        )
    db.close()
    worst = max(ratios)
    print(
        f"ratio match / bare SQL: median {statistics.median(ratios):.2f}x, worst {worst:.2f}x "
        f"(goal 3x: {'met' if worst <= 3 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
