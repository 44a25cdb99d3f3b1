"""Conflicts an import left: listed per record and field, resolved per field by the coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from cxdesk.core.i18n import _, ngettext
from cxdesk.db import conflict_store
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.records import Change
from cxdesk.services import operations

Choice = Literal["local", "platform"]


@dataclass(frozen=True)
class Conflict:
    """One field changed differently on the desk and on the platform; `local` is in force."""

    id: int
    table: str
    uid: str
    label: str
    field: str
    base: str | None
    local: str | None
    remote: str | None
    sequence: int | None
    created_at: datetime


def open_conflicts(db: Database) -> list[Conflict]:
    """Every conflict not resolved yet, oldest first."""
    with db.unit() as session:
        return [Conflict(**found) for found in conflict_store.open_conflicts(session)]


def count_open(db: Database) -> int:
    return len(open_conflicts(db))


def resolve(db: Database, choices: Mapping[int, Choice]) -> Change:
    """Resolve conflicts by id, each keeping the desk's value or taking the platform's, all in
    one unit of work (any refusal changes nothing)."""

    def work(store: Store) -> Change:
        tables: set[str] = set()
        uids: set[str] = set()
        for conflict_id, choice in choices.items():
            done = conflict_store.resolve(store.session, conflict_id, choice)
            tables.add(done["table"])
            uids.add(done["uid"])
        message = ngettext(
            "{n} conflict resolved.", "{n} conflicts resolved.", len(choices)
        ).format(n=len(choices))
        return Change(frozenset(tables | {"conflicts"}), frozenset(uids), message)

    # One operation: undone and redone like any edit.
    return operations.run(db, work)


def resolve_one(db: Database, conflict_id: int, choice: Choice) -> Change:
    """Resolve one field: keep the desk's value, or take the platform's."""
    return resolve(db, {conflict_id: choice})


def describe_value(value: str | None) -> str:
    """A stored value as the conflicts window shows it; an empty one says so."""
    return value if value not in (None, "") else _("(empty)")
