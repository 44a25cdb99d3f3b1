"""What reading a package gathers for the checks sync cannot make alone: uids and references."""

from __future__ import annotations

from dataclasses import dataclass, field

from cxdesk.core.errors import Problem
from cxdesk.core.i18n import _


@dataclass(frozen=True, slots=True)
class Reference:
    """A row that names another row by uid: where, and which resource the uid must be in."""

    file: str
    line: int
    column: str
    uid: str
    target: str

    def problem(self) -> Problem:
        """The problem to report when the uid is in neither the package nor the database."""
        return Problem(
            self.file,
            self.line,
            self.column,
            _("{uid} is not in {target} of the package or of the desk").format(
                uid=self.uid, target=self.target
            ),
        )


@dataclass
class Collected:
    """What reading gathers for the checks sync cannot make alone: uids seen and referenced."""

    uids: dict[str, set[str]] = field(default_factory=dict)
    #: The first reference to each (target resource, uid), but those to a uid of a resource
    #: read to the end before (they cannot dangle).
    references: dict[tuple[str, str], Reference] = field(default_factory=dict)

    def merge(self, other: Collected) -> None:
        for resource, uids in other.uids.items():
            if resource in self.uids:
                self.uids[resource].update(uids)
            else:
                self.uids[resource] = uids  # taken over, not copied: the other is done
        for key, reference in other.references.items():
            self.references.setdefault(key, reference)

    def dangling(self) -> list[Reference]:
        """References to uids that are not in the package (the desk's database may hold them)."""
        return [
            ref
            for (target, uid), ref in self.references.items()
            if uid not in self.uids.get(target, set())
        ]
