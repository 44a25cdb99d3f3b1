"""A database of its own on the test PostgreSQL server (CXDESK_TEST_PG_URL), dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cxdesk.db.migrate import open_database
from cxdesk.services import demo
from tests.conftest import DEMO_TODAY

PG_URL = os.environ.get("CXDESK_TEST_PG_URL")
SKIP_REASON = "CXDESK_TEST_PG_URL is not set: no PostgreSQL to test"


@contextmanager
def pg_database() -> Iterator[str]:
    """The URL of a new empty database on the server; dropped when the block ends."""
    assert PG_URL
    name = f"cxdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def pg_demo(seed: int) -> Iterator[str]:
    """The URL of a new database holding the small demo made with `seed`; dropped afterwards."""
    with pg_database() as url:
        db = open_database(url)
        try:
            demo.make_demo(db, "small", seed=seed, today=DEMO_TODAY)
        finally:
            db.close()
        yield url
