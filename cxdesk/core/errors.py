"""The two kinds of error: what a person or the environment did (UserError), and bugs (the rest)."""

from __future__ import annotations

from dataclasses import dataclass

from cxdesk.core.text import printable


class UserError(Exception):
    """A problem a person can act on, told in one sentence; the program goes on."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """A record named by the user does not exist."""


class DatabaseTooNew(UserError):
    """The database was written by a newer cxdesk."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file a person gave us: where, and what was expected."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        # Every part may come from a package: shown with its control characters made visible.
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.column:
            # As the package spec writes it: "exchanges.csv:17: end_date 2026-02-30 is not a date".
            return printable(f"{where}: {self.column} {self.message}")
        return printable(f"{where}: {self.message}")


class ChangedMeanwhile(UserError):
    """Someone else changed a field this edit changes, since it was read: nothing was saved."""

    def __init__(self, message: str, *, field: str, current: str | None) -> None:
        super().__init__(message)
        self.field = field
        self.current = current
