"""Opening a database: the engine made by a function, SQLite tuned, the schema brought to head."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.secrets import POSTGRESQL_SERVICE, stored_password
from cxdesk.core.users import default_user

if TYPE_CHECKING:
    # SQLAlchemy is imported when an engine is made, not with this module: the window's first
    # rows of an SQLite file are read without it (`first_page`), and it follows their paint.
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

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
    from cxdesk.db.addresses import busy_timeout_ms

    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL with WAL: a power cut may lose the last commit, never corrupt the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cursor.close()


#: How long a write waits for another program's write to finish before giving up.
def _begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a unit that will write (`Database.write`): its reads and
    its writes are one transaction, and no other writer can slip in between them."""
    mode = connection.get_execution_options().get(BEGIN_OPTION, "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


#: The execution option that makes a SQLite transaction take the write lock at its start.
BEGIN_OPTION = "cxdesk_begin"


#: Seconds a server may take to answer a connection before the desk says it does not answer.
CONNECT_TIMEOUT_S = 10


def keyring_account(url: Any) -> str:
    """The keyring's name for a server database's login: `user@host:port/database`."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event, make_url
    from sqlalchemy.exc import ArgumentError

    from cxdesk.db.addresses import make_url_safe

    try:
        if url.startswith("sqlite"):
            engine = create_engine(url)
            event.listen(engine, "connect", _tune_sqlite)
            event.listen(engine, "begin", _begin)
            return engine
        parsed = make_url(url)
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
            # A server that does not answer (a firewall dropping packets) would hold the desk
            # for minutes; ten seconds is enough for a server that is there.
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        if parsed.get_backend_name() == "postgresql" and parsed.password is None:
            # The password from the system keyring when it keeps one for this address; else
            # the server's client library reads ~/.pgpass. Never in the settings or the URL.
            found = stored_password(POSTGRESQL_SERVICE, keyring_account(parsed))
            if found:
                connect_args["password"] = found
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, ImportError, ValueError) as exc:
        # NoSuchModuleError is an ArgumentError; a port that is not a number a ValueError.
        log.info("no engine for %s: %r", make_url_safe(url), type(exc).__name__)
        raise UserError(
            _(
                "cxdesk cannot open {url}: use an SQLite file or a "
                "postgresql+psycopg://user@host/database address."
            ).format(url=make_url_safe(url))
        ) from None  # the chained error may repeat the address with its password


@dataclass
class Database:
    """One open database: its engine, its URL and the sessions made on it."""

    engine: Engine
    url: str
    sessions: sessionmaker[Session]
    #: Who the changes made through this database are recorded under.
    user: str = field(default_factory=default_user)
    #: The server processes of this desk's own connections (PostgreSQL; see `office`).
    own_pids: set[int] = field(default_factory=set)
    #: Transactions this desk committed (SQLite: told from another process's by `watch`).
    commits: int = 0

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
        from cxdesk.db.addresses import make_url_safe

        return str(self.path) if self.path else make_url_safe(self.url)

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
        from sqlalchemy.orm import Session

        session = Session(engine, expire_on_commit=False, info={"user": self.user})
        with session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _count(db: Database) -> None:
    db.commits += 1


def connect(target: str | Path) -> Database:
    """Open a database without touching its schema (see `migrate.open_database`)."""
    from sqlalchemy import event, text
    from sqlalchemy.exc import DatabaseError, OperationalError
    from sqlalchemy.orm import sessionmaker

    from cxdesk.db import failures
    from cxdesk.db.addresses import make_url_safe

    url = database_url(target)
    path = None if "://" in str(target) else Path(str(target)).expanduser()
    failures.remember(str(path.resolve()) if path is not None else url)
    if path is not None:
        if path.exists() and path.is_dir():
            raise UserError(_("{path} is a folder, not a database file.").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise failures.explain(exc, str(path)) or failures.cannot_open(str(path)) from exc
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        target_text = str(path) if path is not None else url
        log.info("cannot open %s: %s", make_url_safe(target_text), failures.reason(exc))
        # `from None`: a server's error may repeat the address; the sentence says what matters.
        raise failures.explain(exc, target_text) or failures.cannot_open(target_text) from None
    db = Database(engine=engine, url=url, sessions=sessionmaker(engine, expire_on_commit=False))
    if db.is_sqlite:
        event.listen(engine, "commit", lambda _conn: _count(db))
    else:
        from cxdesk.db import office

        try:
            office.check_server(db)
        except UserError:
            engine.dispose()
            raise
        office.name_connections(db)
    return db


def __getattr__(name: str) -> Any:
    # The address helpers were imported from here before they moved to `addresses` (which
    # loads SQLAlchemy): still found here, loaded when asked for.
    if name in ("make_url_safe", "busy_timeout_ms"):
        from cxdesk.db import addresses

        return getattr(addresses, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
