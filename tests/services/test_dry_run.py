"""A dry run is the import, rolled back: the same report and exit status, the database unchanged
to the last trigger (sync-package.md), and the search still working after the real import."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from cxdesk.db.models import OrganisationRow
from cxdesk.domain.filters import OrgFilter
from cxdesk.services.browse import organisation_page
from cxdesk.services.importing import import_package
from tests.services.sync_factory import big_package, delta, full, tables
from tests.sync.factory import ORG_ARAGON


def cx(db: Any, *argv: str) -> tuple[int, str, str]:
    """`cxdesk --db DB ARGV…` as a person runs it: (exit status, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db.path), *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


def iterdump(db: Any) -> list[str]:
    """The whole database as SQL: schema, triggers, indexes and every row."""
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _count(db: Any) -> int:
    with db.unit() as session:
        return int(session.scalar(select(func.count()).select_from(OrganisationRow)) or 0)


def test_a_package_ten_times_the_desk_previewed_changes_nothing_and_the_search_works_after(
    demo_db: Any, tmp_path: Path
) -> None:
    desk = _count(demo_db)
    package = big_package(tmp_path / "big.zip", 10 * desk, 10 * desk, 5 * desk, sequence=1)
    before = iterdump(demo_db)
    assert any("TRIGGER" in line and "organisations_fts" in line for line in before)
    code, out, err = cx(demo_db, "import", "--dry-run", "--json", str(package))
    assert code == 0, err
    preview = json.loads(out)
    assert preview["inserted"]["organisations"] == 10 * desk and not preview["applied"]
    assert iterdump(demo_db) == before  # schema, triggers, indexes and rows
    code, out, err = cx(demo_db, "import", "--json", str(package))
    assert code == 0, err
    applied = json.loads(out)
    assert applied == preview | {"applied": True}
    # A member of the package, renamed afterwards, is found by the search the window uses.
    with demo_db.unit() as session:
        member = session.scalar(
            select(OrganisationRow.uid)
            .where(
                OrganisationRow.cluster_uid.is_not(None),
                OrganisationRow.deleted.is_(False),
                OrganisationRow.platform_id.like("P-%"),
            )
            .limit(1)
        )
    assert member is not None
    code, _out, err = cx(demo_db, "set", "organisations", member, "name=Quokkaworks Ltd")
    assert code == 0, err
    found = organisation_page(demo_db, OrgFilter(text="quokkaworks"))
    assert found.total == 1


def test_a_preview_names_the_conflicts_the_import_leaves_and_exits_3(
    empty_db: Any, tmp_path: Path
) -> None:
    assert import_package(empty_db, full(tmp_path)).applied
    code, _out, err = cx(
        empty_db,
        "set",
        "organisations",
        ORG_ARAGON,
        "website=https://aragon.example.org",
        "phone=+34 974 000 000",
    )
    assert code == 0, err
    org = tables()["organisations"][0] | {
        "revision": "4",
        "website": "https://agro.example.es",
        "phone": "+34 976 555 555",
    }
    package = delta(tmp_path, {"organisations": [org]}, sequence=43)
    before = iterdump(empty_db)
    code, out, err = cx(empty_db, "import", "--dry-run", str(package))
    assert code == 3, err
    assert "nothing changed" in out and "2 conflicts" in out
    preview = import_package(empty_db, package, dry_run=True).to_json()
    assert preview["conflicts"] == 2 and preview["updated"] == {"organisations": 0}
    assert iterdump(empty_db) == before
    code, out, err = cx(empty_db, "import", "--json", str(package))
    assert code == 3
    assert json.loads(out) == preview | {"applied": True}
