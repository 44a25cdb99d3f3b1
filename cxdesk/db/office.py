"""Several desks on one PostgreSQL: who each connection is, who else is here, one import at a time.

Every connection names its desk and user in `application_name` ("cxdesk alice #4242"), so the
server can say who holds a lock or is connected; the role it logged in as is the server's own.
On SQLite (one file, one laptop) the file's write lock already lets one writer at a time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import event, func, select, text

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_moment
from cxdesk.db.engine import Database

log = logging.getLogger("cxdesk.db.office")

#: The oldest PostgreSQL release the desk supports (Ubuntu 22.04 LTS ships it).
OLDEST_POSTGRESQL = 14
#: The first key of every advisory lock the desk takes (the second is the `Exclusive` job).
_LOCK_SPACE = 0x0C8D
_PREFIX = "cxdesk "


class Exclusive(IntEnum):
    """Jobs one desk at a time does on a shared database."""

    #: An import, a restore, a revert of the last import: each rewrites what the others see.
    IMPORT = 1
    #: An export: two at once would hand the platform two packages of the same number.
    EXPORT = 2


@dataclass(frozen=True)
class Desk:
    """Another desk connected to the same database."""

    user: str
    role: str
    since: datetime | None

    @property
    def who(self) -> str:
        if not self.role or self.role == self.user:
            return self.user
        return f"{self.user} ({self.role})"


def application_name(user: str) -> str:
    # PostgreSQL keeps 63 bytes: the process id last, so it is cut from the name, never lost.
    tail = f" #{os.getpid()}"
    name = f"{_PREFIX}{user}"
    while len((name + tail).encode("utf-8")) > 63:
        name = name[:-1]
    return name + tail


def name_connections(db: Database) -> None:
    """Each connection checked out says who uses it (set again when the user changes)."""
    if db.is_sqlite:
        return

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        wanted = application_name(db.user)
        if record.info.get("application_name") == wanted:
            return
        cursor = dbapi_connection.cursor()
        cursor.execute(
            "SELECT set_config('application_name', %s, false), pg_backend_pid()", (wanted,)
        )
        # The server's process of each of the desk's own connections: what they announce is
        # the desk's own change, shown already (`watch.ChangeWatcher`).
        db.own_pids.add(int(cursor.fetchone()[1]))
        cursor.close()
        if not dbapi_connection.autocommit:
            dbapi_connection.commit()  # set_config outside a transaction the pool will reset
        record.info["application_name"] = wanted

    event.listen(db.engine, "checkout", checkout)


def check_server(db: Database) -> None:
    """Refuse a PostgreSQL release older than the desk supports, with a sentence."""
    if db.is_sqlite:
        return
    version = db.engine.dialect.server_version_info or ()
    if version and int(version[0]) < OLDEST_POSTGRESQL:
        raise UserError(
            _(
                "{database} runs PostgreSQL {version}; cxdesk needs PostgreSQL {oldest} or "
                "newer: ask whoever runs the server to upgrade it."
            ).format(
                database=db.label,
                version=".".join(str(part) for part in version[:2]),
                oldest=OLDEST_POSTGRESQL,
            )
        )


def _desk(application: str | None, role: str | None, since: datetime | None) -> Desk:
    name = application or ""
    if name.startswith(_PREFIX):
        name = name[len(_PREFIX) :].rsplit(" #", 1)[0]
    return Desk(user=name or role or "?", role=role or "", since=since)


def other_desks(db: Database) -> list[Desk]:
    """The other desks connected to this database now (none on SQLite: see the window lock)."""
    if db.is_sqlite:
        return []
    query = text(
        "SELECT application_name, usename, backend_start FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name LIKE 'cxdesk %' "
        "AND pid <> pg_backend_pid() AND NOT (pid = ANY(:own)) ORDER BY backend_start"
    )
    with db.engine.connect() as conn:
        rows = conn.execute(query, {"own": sorted(db.own_pids)}).all()
    seen: dict[str, Desk] = {}
    for application, role, since in rows:
        desk = _desk(application, role, since)
        seen.setdefault(application, desk)  # a desk holds several connections: named once
    return list(seen.values())


def _holder(conn: Any, job: Exclusive) -> Desk | None:
    row = conn.execute(
        text(
            "SELECT a.application_name, a.usename, a.query_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :space "
            "AND l.objid = :job AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"space": _LOCK_SPACE, "job": int(job)},
    ).first()
    return _desk(row[0], row[1], row[2]) if row else None


def _busy(job: Exclusive, holder: Desk | None) -> UserError:
    who = holder.who if holder else _("another desk")
    # Since when: only a role allowed to read the server's statistics sees it (see README).
    if holder is not None and holder.since is not None:
        when = format_moment(holder.since)
        if job is Exclusive.EXPORT:
            message = _(
                "{user} is writing a package of this database since {when}; wait until it is "
                "done, then try again."
            )
        else:
            message = _(
                "{user} is importing into this database since {when}; wait until it is done, "
                "then try again."
            )
        return UserError(message.format(user=who, when=when))
    if job is Exclusive.EXPORT:
        message = _(
            "{user} is writing a package of this database; wait until it is done, then try again."
        )
    else:
        message = _(
            "{user} is importing into this database; wait until it is done, then try again."
        )
    return UserError(message.format(user=who))


@contextmanager
def exclusive(db: Database, job: Exclusive) -> Iterator[None]:
    """Hold the database-wide lock of `job` for the block, or refuse naming who holds it.

    A session lock on a connection of its own: released when the block ends, and by the server
    when the desk dies (a killed desk never leaves the office locked).
    """
    if db.is_sqlite:
        yield
        return
    conn = db.engine.connect()
    try:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        got = conn.execute(
            text("SELECT pg_try_advisory_lock(:space, :job)"),
            {"space": _LOCK_SPACE, "job": int(job)},
        ).scalar()
        if not got:
            raise _busy(job, _holder(conn, job))
        log.info("holding the %s lock", job.name.lower())
        try:
            yield
        finally:
            conn.execute(
                text("SELECT pg_advisory_unlock(:space, :job)"),
                {"space": _LOCK_SPACE, "job": int(job)},
            )
    finally:
        conn.close()


def others_changes_since(db: Database, audit_id: int) -> dict[str, int]:
    """How many changes each other user made after the audit entry `audit_id` ({who: n})."""
    from cxdesk.db.models import AuditRow  # the models only where a query needs them

    who = func.coalesce(AuditRow.user, AuditRow.source)
    query = (
        select(who, AuditRow.role, func.count())
        .where(AuditRow.id > audit_id, func.coalesce(AuditRow.user, "") != db.user)
        .group_by(who, AuditRow.role)
    )
    counts: dict[str, int] = {}
    with db.engine.connect() as conn:
        for user, role, n in conn.execute(query).all():
            name = Desk(user=user, role=role or "", since=None).who
            counts[name] = counts.get(name, 0) + int(n)
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
