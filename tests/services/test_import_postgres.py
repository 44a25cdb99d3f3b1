"""Import, merge and export on a real PostgreSQL server (CXDESK_TEST_PG_URL; CI always sets it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cxdesk.db.engine import Database
from cxdesk.db.migrate import open_database
from cxdesk.db.store import Store
from cxdesk.services.conflicts import open_conflicts, resolve_one
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from tests.services.sync_factory import big_package, delta, full, tables
from tests.sync.factory import ORG_ARAGON, ORG_SOFIA

PG_URL = os.environ.get("CXDESK_TEST_PG_URL")
pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not PG_URL, reason="CXDESK_TEST_PG_URL is not set: no PostgreSQL to test"),
]


@pytest.fixture
def pg_db() -> Iterator[Database]:
    assert PG_URL
    name = f"cxdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        db.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_import_merge_conflict_and_export_on_postgres(pg_db: Database, tmp_path: Path) -> None:
    report = import_package(pg_db, full(tmp_path))
    assert report.applied, report.errors
    with pg_db.unit() as session:
        store = Store(session)
        assert store.organisation(ORG_SOFIA).cluster_uid == ORG_ARAGON
        store.edit("organisations", ORG_ARAGON, {"city": "Huesca"}, "test")
    org = tables()["organisations"][0] | {"revision": "4", "city": "Teruel", "phone": "+34 1"}
    merged = import_package(pg_db, delta(tmp_path, {"organisations": [org]}, sequence=43))
    assert merged.applied and merged.conflicts == 1
    [conflict] = open_conflicts(pg_db)
    resolve_one(pg_db, conflict.id, "platform")
    with pg_db.unit() as session:
        assert Store(session).organisation(ORG_ARAGON).city == "Teruel"
    written = export_package(pg_db, tmp_path / "all.zip", full=True)
    assert written.rows["organisations"] == 3


def test_a_refused_package_changes_nothing_on_postgres(pg_db: Database, tmp_path: Path) -> None:
    package = big_package(tmp_path / "big.zip", 2000, 2000, 500)
    assert import_package(pg_db, package).applied
    data = tables()
    data["people"][0]["organisation_uid"] = "9f0e1d2c-3b4a-4596-8877-665544332211"
    report = import_package(pg_db, full(tmp_path, data, name="bad.zip", sequence=2))
    assert not report.applied and "is not an organisation" in report.errors[0]
    with pg_db.unit() as session:
        assert Store(session).count("organisations") == 2000
