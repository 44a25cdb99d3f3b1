"""A database opened on first use: the window is built and paints before SQLAlchemy is loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cxdesk.db.engine import Database
from cxdesk.db.first_page import FirstPage


class DeferredDatabase(Database):
    """Stands for the database until something needs it; then `opener` opens it (schema
    checked, migrated as usual) and every attribute is the opened database's."""

    def __init__(self, path: Path, opener: Callable[[], Database], first: FirstPage) -> None:
        # No dataclass __init__: engine, url and sessions are the opened database's.
        self.__dict__["_path"] = path
        self.__dict__["_opener"] = opener
        self.__dict__["_real"] = None
        self.__dict__["_user"] = None
        #: The members' first rows, read without SQLAlchemy (`first_page`).
        self.__dict__["first_page"] = first

    @property
    def opened(self) -> bool:
        return self.__dict__["_real"] is not None

    def open(self) -> Database:
        """The database itself, opened now if not yet (errors as `open_workspace` raises them)."""
        real: Database | None = self.__dict__["_real"]
        if real is None:
            real = self.__dict__["_opener"]()
            if self.__dict__["_user"] is not None:
                real.user = self.__dict__["_user"]
            self.__dict__["_real"] = real
        return real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.open(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("user", "commits"):
            object.__setattr__(self, name, value)  # the properties below
        else:
            setattr(self.open(), name, value)

    @property
    def user(self) -> str:
        if not self.opened and self.__dict__["_user"] is not None:
            return str(self.__dict__["_user"])
        return self.open().user

    @user.setter
    def user(self, value: str) -> None:
        if self.opened:
            self.open().user = value
        else:
            self.__dict__["_user"] = value

    @property
    def commits(self) -> int:
        # Counted on the opened database (its engine's commit hook holds that object).
        return self.open().commits if self.opened else 0

    @commits.setter
    def commits(self, value: int) -> None:
        self.open().commits = value

    @property
    def is_sqlite(self) -> bool:
        return True  # only an SQLite file is deferred

    @property
    def path(self) -> Path | None:
        return self.__dict__["_path"]  # type: ignore[no-any-return]

    @property
    def label(self) -> str:
        return str(self.__dict__["_path"])

    def close(self) -> None:
        real: Database | None = self.__dict__["_real"]
        if real is not None:
            real.close()
