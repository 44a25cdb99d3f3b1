"""Several coordinators on one PostgreSQL (CXDESK_TEST_PG_URL; CI always sets it).

Each coordinator logs in with a role of their own; the server records it beside every change.
One import at a time; a restore that would take colleagues' work away asks first; a backup is
one moment of the database even while others write.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import cxdesk.db.backup as db_backup
from cxdesk.core.errors import UserError
from cxdesk.db import office
from cxdesk.db.engine import Database
from cxdesk.db.migrate import open_database
from cxdesk.services import backups, browse
from cxdesk.services.editing import set_fields
from cxdesk.services.exporting import export_package
from cxdesk.services.importing import import_package
from tests.pgserver import PG_URL, SKIP_REASON, pg_database, pg_demo
from tests.services.sync_factory import full
from tests.services.workers import FIELDS, assert_last_values, drafts, run_workers

pytestmark = [pytest.mark.pg, pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)]


@pytest.fixture
def office_url() -> Iterator[str]:
    """A partnership's database with the small demo, and two coordinators' roles on it."""
    with pg_demo(seed=3) as url:
        yield url


@pytest.fixture
def empty_url() -> Iterator[str]:
    with pg_database() as url:
        yield url


@contextmanager
def coordinators(url: str, users: tuple[str, ...] = ("alice", "bob")) -> Iterator[dict[str, str]]:
    """{user: URL} for each user, logging in with a role of their own (as the README says to
    make them: LOGIN, and the rights on the partnership's tables)."""
    suffix = uuid.uuid4().hex[:6]
    names = {user: f"coord_{user.replace('-', '_')}_{suffix}" for user in users}
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    database = make_url(url).database
    with admin.connect() as conn:
        for role in names.values():
            for statement in (
                f"CREATE ROLE {role} LOGIN",
                f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            ):
                conn.execute(text(statement))
    try:
        yield {
            user: make_url(url).set(username=role).render_as_string(hide_password=False)
            for user, role in names.items()
        }
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = ANY(:roles)"
                ),
                {"roles": list(names.values())},
            )
            for role in names.values():
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


@pytest.fixture
def roles(office_url: str) -> Iterator[dict[str, str]]:
    with coordinators(office_url) as urls:
        yield urls


def _desk(url: str, user: str) -> Database:
    db = open_database(url)
    db.user = user
    return db


def _cxdesk(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", url, *args],
        capture_output=True,
        text=True,
        env={"CXDESK_HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        check=False,
        timeout=120,
    )


def test_history_names_each_user_and_their_role(
    roles: dict[str, str], tmp_path: Path, office_url: str
) -> None:
    alice, bob = _desk(roles["alice"], "alice"), _desk(roles["bob"], "bob")
    try:
        reference = drafts(office_url)[0]
        set_fields(alice, "exchanges", reference, ["notes=Alice called the host"])
        set_fields(bob, "exchanges", reference, ["platform_id=P-77"])
    finally:
        alice.close()
        bob.close()
    shown = _cxdesk(tmp_path, office_url, "history", reference, "--json")
    assert shown.returncode == 0, shown.stderr
    entries = {e["field"]: e for e in json.loads(shown.stdout)}
    assert (entries["notes"]["user"], entries["notes"]["role"]) == (
        "alice",
        make_url(roles["alice"]).username,
    )
    assert (entries["platform_id"]["user"], entries["platform_id"]["role"]) == (
        "bob",
        make_url(roles["bob"]).username,
    )
    plain = _cxdesk(tmp_path, office_url, "history", reference)
    assert f"alice ({make_url(roles['alice']).username})" in plain.stdout
    # Both edits, of different fields, are there: nothing lost.
    admin = _desk(office_url, "admin")
    try:
        saved = browse.exchange(admin, reference)
    finally:
        admin.close()
    assert (saved.notes, saved.platform_id) == ("Alice called the host", "P-77")


def test_two_imports_at_once_one_applies_the_other_is_told_whose(
    empty_url: str, tmp_path: Path
) -> None:
    open_database(empty_url).close()  # the schema, made by the database's owner
    package = full(tmp_path)
    with coordinators(empty_url) as roles:
        alice, bob = _desk(roles["alice"], "alice"), _desk(roles["bob"], "bob")
        try:
            monday = backups.backup(bob, tmp_path / "monday.zip")
            with office.exclusive(alice, office.Exclusive.IMPORT):  # Alice's import runs
                with pytest.raises(UserError, match=r"^alice \(coord_alice_\w+\) is importing"):
                    import_package(bob, package)
                with pytest.raises(UserError, match=r"^alice \(coord_alice_\w+\) is importing"):
                    backups.restore(bob, monday, force=True)
            report = import_package(bob, package)  # Alice's is done: Bob's applies
            assert report.applied, report.errors
            busy = pytest.raises(UserError, match=r"^bob \(coord_bob_\w+\) is writing a")
            with office.exclusive(bob, office.Exclusive.EXPORT), busy:
                export_package(alice, tmp_path / "out.zip")
            assert export_package(alice, tmp_path / "out.zip").path.is_file()
        finally:
            alice.close()
            bob.close()


def test_a_killed_importer_does_not_leave_the_office_locked(empty_url: str, tmp_path: Path) -> None:
    # A desk killed mid-import: its connection closes, and the server releases the lock.
    script = (
        "import os, sys\n"
        "from cxdesk.db.migrate import open_database\n"
        "from cxdesk.db import office\n"
        "db = open_database(sys.argv[1]); db.user = 'carol'\n"
        "with office.exclusive(db, office.Exclusive.IMPORT):\n"
        "    print('locked', flush=True); os._exit(9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, empty_url], capture_output=True, text=True, timeout=120
    )
    assert "locked" in done.stdout and done.returncode == 9, done.stderr
    db = _desk(empty_url, "dan")
    try:
        assert import_package(db, full(tmp_path)).applied
    finally:
        db.close()


def test_a_restore_says_whose_work_it_would_take_away(office_url: str, tmp_path: Path) -> None:
    alice, bob = _desk(office_url, "alice"), _desk(office_url, "bob")
    try:
        monday = backups.backup(alice, tmp_path / "monday.zip")
        reference = drafts(office_url)[0]
        set_fields(bob, "exchanges", reference, ["notes=Bob's afternoon"])
        with pytest.raises(backups.SharedRestore) as refused:
            backups.restore(alice, monday)
        sentence = refused.value.message
        role = make_url(office_url).username  # both log in with the same role here
        assert f"1 other desk is connected to this database now (bob ({role}))" in sentence
        assert f"other users made 1 change (bob ({role}): 1)" in sentence
        assert sentence.endswith("use --force to restore anyway.")
        assert browse.exchange(alice, reference).notes == "Bob's afternoon"  # nothing restored

        shown = _cxdesk(tmp_path, office_url, "restore", str(monday))
        assert shown.returncode == 1 and "bob" in shown.stderr, shown.stderr
        assert "Traceback" not in shown.stderr
        forced = _cxdesk(tmp_path, office_url, "restore", str(monday), "--force")
        assert forced.returncode == 0, forced.stderr
        assert browse.exchange(alice, reference).notes != "Bob's afternoon"
    finally:
        alice.close()
        bob.close()


def test_a_backup_is_one_moment_while_another_desk_writes(
    office_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = _desk(office_url, "alice"), _desk(office_url, "bob")
    reference = drafts(office_url)[0]
    before = browse.exchange(alice, reference)
    encode = db_backup._encode
    wrote: list[bool] = []

    def bob_writes_midway(value: object) -> object:
        # Once the dump has begun (its first table read), Bob saves an exchange: its row and
        # its audit entry land in tables the dump reads later and earlier.
        if not wrote:
            wrote.append(True)
            set_fields(bob, "exchanges", reference, ["notes=Written during the backup"])
        return encode(value)

    monkeypatch.setattr(db_backup, "_encode", bob_writes_midway)
    try:
        out = backups.backup(alice, tmp_path / "moment.zip")
        monkeypatch.setattr(db_backup, "_encode", encode)
        assert wrote
        set_fields(bob, "exchanges", reference, ["platform_id=AFTER"])
        backups.restore(alice, out, force=True)
        restored = browse.exchange(alice, reference)
        # The moment the backup began: neither Bob's row nor his audit entry of the moment.
        assert restored.notes == before.notes
        assert restored.platform_id == before.platform_id
        from cxdesk.services.history import history

        _label, entries = history(alice, reference)
        assert not any(e.new == "Written during the backup" for e in entries)
    finally:
        alice.close()
        bob.close()


def test_an_older_server_is_refused_with_a_sentence(
    office_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "OLDEST_POSTGRESQL", 99)
    with pytest.raises(UserError, match=r"runs PostgreSQL \d+\.\d+; cxdesk needs PostgreSQL 99"):
        open_database(office_url)


def test_a_backup_from_an_older_schema_restores_onto_this_one(
    office_url: str, tmp_path: Path
) -> None:
    from alembic import command

    from cxdesk.db.backup import backup_database
    from cxdesk.db.engine import connect
    from cxdesk.db.revision import config, current_revision, head_revision

    reference = drafts(office_url)[0]
    db = _desk(office_url, "alice")
    set_fields(db, "exchanges", reference, ["notes=Monday's note"])
    db.close()
    # The office was still on schema 0006 when Monday's backup was made.
    db = connect(office_url)
    with db.engine.begin() as conn:
        cfg = config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    monday = backup_database(db, tmp_path / "monday.zip")
    db.close()
    db = _desk(office_url, "alice")  # opened by today's desk: brought to today's schema
    try:
        set_fields(db, "exchanges", reference, ["notes=Tuesday's note"])
        backups.restore(db, monday, force=True)
        assert current_revision(db) == head_revision()
        assert browse.exchange(db, reference).notes == "Monday's note"
        set_fields(db, "exchanges", reference, ["notes=After the restore"])  # it still works
        assert browse.exchange(db, reference).notes == "After the restore"
    finally:
        db.close()


def test_four_coordinators_each_with_a_role_lose_nothing(office_url: str, tmp_path: Path) -> None:
    """The concurrent-edits test of "Nothing lost", each worker a coordinator with a role."""
    references = drafts(office_url)
    users = tuple(f"worker-{w}" for w in FIELDS)
    with coordinators(office_url, users) as urls:
        run_workers([urls[user] for user in users], references, tmp_path)
        roles = {user: make_url(url).username for user, url in urls.items()}
    db = _desk(office_url, "admin")
    try:
        from cxdesk.services.history import history

        assert_last_values(db, references)
        for reference in references:
            _label, entries = history(db, reference)
            for worker, (field, _value) in FIELDS.items():
                # Each change names the worker and, beside it, the role it logged in with.
                whose = {(e.user, e.role) for e in entries if e.field == field}
                assert whose == {(f"worker-{worker}", roles[f"worker-{worker}"])}, whose
    finally:
        db.close()
