"""A bounded list of problems: the first ones are kept, the rest are only counted."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import ngettext

#: How many problems a package lists before it only counts the rest.
MAX_PROBLEMS = 100


class ProblemList(Sequence[Problem]):
    """The first `limit` problems found, and how many more there were."""

    def __init__(self, limit: int | None = MAX_PROBLEMS) -> None:
        self.limit = limit
        self._listed: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if self.limit is None or len(self._listed) < self.limit:
            self._listed.append(problem)

    def extend(self, other: ProblemList) -> None:
        """Add another list's problems, listed and counted."""
        for problem in other:
            self.add(problem)
        self.total += other.more

    @property
    def more(self) -> int:
        """Problems found but not listed."""
        return self.total - len(self._listed)

    def lines(self) -> list[str]:
        """The listed problems as text, and a last line saying how many more there were."""
        lines = [str(problem) for problem in self._listed]
        if self.more:
            lines.append(
                ngettext("… and {n} more problem", "… and {n} more problems", self.more).format(
                    n=self.more
                )
            )
        return lines

    @overload
    def __getitem__(self, index: int) -> Problem: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Problem]: ...

    def __getitem__(self, index: int | slice) -> Problem | Sequence[Problem]:
        return self._listed[index]

    def __len__(self) -> int:
        return len(self._listed)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._listed)

    def __bool__(self) -> bool:
        return self.total > 0

    def __repr__(self) -> str:
        return f"ProblemList(total={self.total}, listed={self._listed!r})"
