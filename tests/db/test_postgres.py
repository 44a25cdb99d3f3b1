"""The same data layer on a real PostgreSQL server (CXDESK_TEST_PG_URL; CI always sets it)."""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cxdesk.db import browse
from cxdesk.db.backup import backup_database, restore_dump
from cxdesk.db.engine import Database
from cxdesk.db.migrate import open_database
from cxdesk.db.revision import current_revision, head_revision
from cxdesk.db.store import Store
from cxdesk.domain.filters import OrgFilter, PersonFilter
from tests.conftest import DEMO_TODAY

PG_URL = os.environ.get("CXDESK_TEST_PG_URL")
pytestmark = [
    pytest.mark.pg,
    pytest.mark.skipif(not PG_URL, reason="CXDESK_TEST_PG_URL is not set: no PostgreSQL to test"),
]


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """A database of its own on the server, dropped afterwards."""
    assert PG_URL
    name = f"cxdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    db = open_database(url)
    try:
        yield db
    finally:
        db.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_schema_demo_data_search_and_backup_on_postgres(pg_db: Database, tmp_path: Path) -> None:
    from cxdesk.services.checking import check_database
    from cxdesk.services.demo import make_demo

    assert current_revision(pg_db) == head_revision()
    make_demo(pg_db, "small", seed=2, today=DEMO_TODAY)
    report = check_database(pg_db, today=DEMO_TODAY)
    assert report.ok, report.problems
    with pg_db.unit() as session:
        store = Store(session)
        org = store.all_live("organisations")[0]
        word = org.name.split()[-1]
        page = browse.organisation_page(session, OrgFilter(text=word))
        assert org.id in page.ids
        person = store.all_live("people")[0]
        people = browse.person_page(session, PersonFilter(text=person.last_name))
        assert person.id in people.ids
        budget = store.partnership().budget  # type: ignore[union-attr]
        assert isinstance(budget, Decimal)
        store.edit("organisations", org.uid, {"city": "Plovdiv"}, "test")
    dump = backup_database(pg_db, tmp_path / "pg-backup")
    with pg_db.unit() as session:
        Store(session).edit("organisations", org.uid, {"city": "Varna"}, "test")
    restore_dump(pg_db, dump)
    with pg_db.unit() as session:
        store = Store(session)
        assert store.organisation(org.uid).city == "Plovdiv"
        # New rows after a restore get fresh ids.
        copy = dataclasses.replace(store.organisation(org.uid), uid="", id=None)
        assert store.add_organisation(copy, "test").id is not None
