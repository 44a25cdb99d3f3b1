"""Opening a database: the engine made by a function, SQLite tuned, the schema brought to head."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.users import default_user

log = logging.getLogger("cxdesk.db")


def database_url(target: str | Path) -> str:
    """An SQLAlchemy URL for a file path or a URL."""
    text_target = str(target)
    if "://" in text_target:
        return text_target
    return f"sqlite:///{Path(text_target).expanduser().resolve()}"


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling begins a transaction only before INSERT, UPDATE or
    # DELETE: reads ran outside it (a record read, then written back over another's change),
    # and DDL (an import's dropped triggers) committed at once, whatever the rollback. Every
    # transaction is begun explicitly instead (`_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL with WAL: a power cut may lose the last commit, never corrupt the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a unit that will write (`Database.write`): its reads and
    its writes are one transaction, and no other writer can slip in between them."""
    mode = connection.get_execution_options().get(BEGIN_OPTION, "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


#: The execution option that makes a SQLite transaction take the write lock at its start.
BEGIN_OPTION = "cxdesk_begin"


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url)
            event.listen(engine, "connect", _tune_sqlite)
            event.listen(engine, "begin", _begin)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:  # NoSuchModuleError is an ArgumentError
        log.info("no engine for %s: %r", url, exc)
        raise UserError(
            _(
                "cxdesk cannot open {url}: use an SQLite file or a "
                "postgresql+psycopg://user@host/database address."
            ).format(url=make_url_safe(url))
        ) from exc


def make_url_safe(url: str) -> str:
    """The address without its password, to be shown or logged."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


@dataclass
class Database:
    """One open database: its engine, its URL and the sessions made on it."""

    engine: Engine
    url: str
    sessions: sessionmaker[Session]
    #: Who the changes made through this database are recorded under.
    user: str = field(default_factory=default_user)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The file of an SQLite database; None on a server."""
        database = self.engine.url.database
        return Path(database) if self.is_sqlite and database else None

    @property
    def label(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error."""
        with self.sessions.begin() as session:
            session.info["user"] = self.user
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that writes: on SQLite it holds the write lock from its first read,
        so what it read cannot change before it writes (a server guards rows by version)."""
        engine = self.engine
        if self.is_sqlite:
            engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        session = Session(engine, expire_on_commit=False, info={"user": self.user})
        with session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def connect(target: str | Path) -> Database:
    """Open a database without touching its schema (see `migrate.open_database`)."""
    url = database_url(target)
    path = None if "://" in str(target) else Path(str(target)).expanduser()
    if path is not None:
        if path.exists() and path.is_dir():
            raise UserError(f"{path} is a folder, not a database file.")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise UserError(f"Cannot open the database {target}: {_reason(exc)}.") from exc
    return Database(engine=engine, url=url, sessions=sessionmaker(engine, expire_on_commit=False))


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    return str(original or exc).strip().splitlines()[0].rstrip(".")
