"""Opening databases: a new one is created, an older one backed up and migrated, a newer refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from cxdesk.core.errors import DatabaseTooNew, UserError
from cxdesk.db import browse
from cxdesk.db.migrate import open_database
from cxdesk.db.revision import current_revision, head_revision
from cxdesk.domain.filters import OrgFilter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_new_database_is_created_at_the_current_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite3")
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.close()


def test_first_schema_is_backed_up_then_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "schema_0001.sqlite3", path)
    backups = tmp_path / "backups"
    db = open_database(path, backup_dir=backups)
    try:
        assert current_revision(db) == head_revision()
        with db.unit() as session:
            # The search index of schema 0002 holds the rows that were there before it; accents fold
            # (ó, ź), though FTS5 keeps Ł apart from L.
            page = browse.organisation_page(session, OrgFilter(text="łodz"))
            names = browse.organisation_lines(session, page.ids)
        assert [line.name for line in names.values()] == ["Łódź Digital Klaster"]
    finally:
        db.close()
    saved = list(backups.rglob("*.sqlite3"))  # in the database's own folder
    assert len(saved) == 1 and "0001" in saved[0].name
    with sqlite3.connect(saved[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_a_database_from_a_newer_program_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer cxdesk"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(UserError, match="notes.sqlite3"):
        open_database(path)


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(UserError, match="not a cxdesk database"):
        open_database(path)
