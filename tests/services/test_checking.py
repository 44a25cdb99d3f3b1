"""`cxdesk check`: every rule failure the editors would give, money problems, open conflicts."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from cxdesk.db.store import Store
from cxdesk.domain.codes import VOID_STATUSES
from cxdesk.services.checking import check_database
from cxdesk.services.exchanges import evaluate
from cxdesk.services.importing import import_package
from tests.conftest import DEMO_TODAY
from tests.services.sync_factory import delta, full, tables
from tests.sync.factory import ORG_ARAGON


def cxdesk(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), "--lang", "en", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _break_rules(path: Path) -> list[str]:
    """Behind the desk's back: a visitor sent twice at once, a stay at home, a one-day stay.
    Returns the references changed."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT e.reference, e.visitor_uid, e.start_date, e.end_date, o.uid, o.country "
            "FROM exchanges e JOIN people p ON p.uid = e.visitor_uid "
            "JOIN organisations o ON o.uid = p.organisation_uid "
            "WHERE e.status IN ('draft', 'submitted') ORDER BY e.reference"
        ).fetchall()
        (first, visitor, start, end, _o, _c), second, third, *_ = rows
        conn.execute(
            "UPDATE exchanges SET visitor_uid = ?, start_date = ?, end_date = ? "
            "WHERE reference = ?",
            (visitor, start, end, second[0]),
        )
        home = conn.execute(
            "SELECT uid FROM organisations WHERE country = ? AND uid != ? LIMIT 1",
            (third[5], third[4]),
        ).fetchone()[0]
        conn.execute(
            "UPDATE exchanges SET host_organisation_uid = ?, end_date = start_date "
            "WHERE reference = ?",
            (home, third[0]),
        )
    return [first, second[0], third[0]]


def test_check_gives_the_editors_verdict_on_every_exchange(demo_db: Any) -> None:
    changed = _break_rules(demo_db.path)
    report = check_database(demo_db, today=DEMO_TODAY)
    expected = []
    with demo_db.unit() as session:
        store = Store(session)
        for exchange in store.all_live("exchanges"):
            if exchange.status not in VOID_STATUSES:
                reasons = evaluate(store, exchange).reasons
                expected += [f"{exchange.reference}: {r}" for r in reasons]
    assert sorted(report.problems) == sorted(expected)
    assert {p.split(":")[0] for p in report.problems} == set(changed)
    text = "\n".join(report.problems)
    assert "may visit only once" in text and "at the same time" in text
    assert "an exchange must cross a border" in text and "the minimum is 3" in text


def test_check_prints_each_problem_and_counts_them(demo_db: Any) -> None:
    path = Path(demo_db.path)
    demo_db.close()
    with sqlite3.connect(path) as conn:
        ref, uid = conn.execute(
            "SELECT reference, uid FROM exchanges WHERE status = 'paid' ORDER BY reference LIMIT 1"
        ).fetchone()
        # Paid 100 less than it is owed (its amount due, the lump sum where no report says).
        conn.execute("UPDATE payments SET amount = amount - 100 WHERE exchange_uid = ?", (uid,))
    changed = _break_rules(path)
    done = cxdesk(path, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert any(line.startswith(f"{ref}: marked paid but only ") for line in lines)
    assert {line.split(":")[0] for line in lines} == {ref, *changed}
    assert done.stdout.splitlines()[-1].endswith(f" exchanges checked, {len(lines)} problems.")


def test_open_conflicts_are_a_note_not_a_problem(empty_db: Any, tmp_path: Path) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    with empty_db.unit() as session:
        Store(session).edit("organisations", ORG_ARAGON, {"city": "Huesca"}, "test")
    org = tables()["organisations"][0] | {"revision": "5", "city": "Teruel"}
    assert import_package(empty_db, delta(tmp_path, {"organisations": [org]}, sequence=43)).applied
    path = Path(empty_db.path)
    empty_db.close()
    done = cxdesk(path, "check")
    assert done.returncode == 0, done.stderr
    assert "note: 1 conflict waits to be resolved: cxdesk conflicts" in done.stdout.splitlines()
    assert cxdesk(path, "resolve", ORG_ARAGON, "city", "--keep", "desk").returncode == 0
    assert "conflict" not in cxdesk(path, "check").stdout
