"""Opening databases: a new one is created, an older one backed up and migrated, a newer refused."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from alembic import command

from cxdesk.core.errors import DatabaseTooNew, UserError
from cxdesk.db import browse
from cxdesk.db.engine import connect
from cxdesk.db.migrate import open_database
from cxdesk.db.revision import config, current_revision, head_revision
from cxdesk.domain.filters import OrgFilter
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from tests.services.sync_factory import delta, full
from tests.sync.reports_factory import REPORT, platform_report, sha

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


def _downgrade(path: Path, revision: str) -> None:
    """Take a database back to an older schema, as an older cxdesk left it."""
    db = connect(path)
    try:
        cfg = config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
    finally:
        db.close()


def test_schema_0005_keeps_its_reports_and_the_platform_evidence_list_its_audit_held(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite3"
    db = open_database(path)
    try:
        assert import_package(db, full(tmp_path)).applied
        row = platform_report(rating="3", results="Two joint offers")
        assert import_package(db, delta(tmp_path, {"reports": [row]}, sequence=43)).applied
    finally:
        db.close()
    _downgrade(path, "0005")
    ticket, hotel = f"travel:ticket.pdf:{sha(b'ticket')}", f"other:hotel.pdf:{sha(b'hotel')}"
    with sqlite3.connect(path) as conn:
        # Schema 0005 kept the platform's lists as `evidence` audit entries: the last one counts.
        conn.executemany(
            "INSERT INTO audit (at, table_name, row_uid, field, old, new, source) "
            "VALUES ('2026-03-11 09:00:00', 'reports', ?, 'evidence', ?, ?, 'import')",
            [(REPORT, None, hotel), (REPORT, hotel, ticket)],
        )
        conn.row_factory = sqlite3.Row
        before = [dict(r) for r in conn.execute("SELECT * FROM reports")]
        audit = tuple(conn.execute("SELECT count(*) FROM audit").fetchone())
    assert len(before) == 1
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert current_revision(db) == head_revision()
        out = export_package(db, tmp_path / "out.zip", full=True).path
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        after = [dict(r) for r in conn.execute("SELECT * FROM reports")]
        assert tuple(conn.execute("SELECT count(*) FROM audit").fetchone()) == audit
    # Every report as it was, the platform's last list beside it; the history stays.
    assert [r | {"platform_evidence": None} for r in after] == [
        r | {"platform_evidence": None} for r in before
    ]
    assert "platform_evidence" not in before[0] and after[0]["platform_evidence"] == ticket
    with zipfile.ZipFile(out) as archive:
        (sent,) = csv.DictReader(io.StringIO(archive.read("reports.csv").decode("utf-8")))
    assert (sent["uid"], sent["rating"], sent["evidence"]) == (REPORT, "3", ticket)
