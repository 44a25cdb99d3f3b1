"""The Members tab's sorts read their first rows from an index, on a migrated database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.orm import Session

from cxdesk.db import browse
from cxdesk.db.engine import connect
from cxdesk.db.migrate import open_database
from cxdesk.db.models import Base
from cxdesk.db.revision import config, current_revision, head_revision
from cxdesk.domain.filters import OrgFilter, Sort


def _indexes(conn: sqlite3.Connection, table: str) -> dict[str, tuple[str, ...]]:
    names = [r[1] for r in conn.execute(f"PRAGMA index_list({table})") if r[1][:3] == "ix_"]
    return {n: tuple(r[2] for r in conn.execute(f"PRAGMA index_info({n})")) for n in names}


def test_every_index_of_the_models_is_in_a_migrated_database(tmp_path: Path) -> None:
    open_database(tmp_path / "desk.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "desk.sqlite3")
    try:
        for table in ("organisations", "people", "exchanges"):
            found = _indexes(conn, table)
            for index in Base.metadata.tables[table].indexes:
                assert found.get(str(index.name)) == tuple(c.name for c in index.columns)
    finally:
        conn.close()


@pytest.mark.parametrize("key", ["name", "kind", "country", "city", "partnership"])
@pytest.mark.parametrize("descending", [False, True])
def test_each_members_sort_walks_an_index(tmp_path: Path, key: str, descending: bool) -> None:
    db = open_database(tmp_path / "desk.sqlite3")
    try:
        with Session(db.engine) as session:
            query = browse._organisation_query(session, OrgFilter(), Sort(key, descending))
            compiled = query.limit(300).compile(
                session.get_bind(), compile_kwargs={"literal_binds": True}
            )
            plan = " | ".join(
                str(r[-1])
                for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
            )
    finally:
        db.close()
    # A temporary b-tree is SQLite sorting every organisation for the first screen, or each
    # run of ties ("FOR RIGHT PART OF ORDER BY": 150,000 organisations share a partnership).
    assert "TEMP B-TREE" not in plan, plan
    assert "USING INDEX ix_organisations_" in plan, plan


def test_schema_0009_goes_back_and_forth(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    open_database(path).close()
    db = connect(path)
    try:
        cfg = config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0008")
        assert current_revision(db) == "0008"
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        assert "ix_organisations_city" not in _indexes(conn, "organisations")
    db = open_database(path)
    try:
        assert current_revision(db) == head_revision() == "0009"
    finally:
        db.close()
    conn = sqlite3.connect(path)
    try:
        assert _indexes(conn, "organisations")["ix_organisations_city"] == ("city", "id")
    finally:
        conn.close()


def test_a_descending_sort_reverses_ties_too_and_the_fast_start_reads_the_same(
    tmp_path: Path,
) -> None:
    from cxdesk.db.first_page import read_first_page
    from cxdesk.db.models import OrganisationRow

    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    try:
        with Session(db.engine) as session, session.begin():
            for i in range(12):
                city = ("Aachen", "Berlin", "Cork")[i % 3]
                session.add(
                    OrganisationRow(
                        uid=f"org-{i}", name=f"Org {i}", kind="sme", country="DE", city=city
                    )
                )
        with Session(db.engine) as session:
            ids = browse.organisation_ids(session, OrgFilter(), Sort("city", True), 0, 300)
            lines = browse.organisation_lines(session, ids)
    finally:
        db.close()
    shown = [(lines[i].city, lines[i].name) for i in ids]
    assert shown[:4] == [
        ("Cork", "Org 11"),
        ("Cork", "Org 8"),
        ("Cork", "Org 5"),
        ("Cork", "Org 2"),
    ]
    assert [c for c, _n in shown] == ["Cork"] * 4 + ["Berlin"] * 4 + ["Aachen"] * 4
    first = read_first_page(str(path), "city", True, 300, 5)
    assert first is not None and first.ids == ids
