"""Conflicts an import left: listed per record and field, resolved per field by the coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from cxdesk.core.errors import NotFound, UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.db import conflict_store
from cxdesk.db.engine import Database
from cxdesk.db.store import TABLES, Store
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


# -- by record key: the command line names a record as `set` does ------------------------------


@dataclass(frozen=True)
class Keyed:
    """An open conflict with the key that names its record on the command line."""

    conflict: Conflict
    key: str


def open_conflicts_keyed(db: Database) -> list[Keyed]:
    """Every open conflict with its record's key: an exchange's reference, else the record's
    platform id, else its uid (each one `resolve` and `set` take)."""
    conflicts = open_conflicts(db)
    keys: dict[tuple[str, str], str] = {}
    with db.unit() as session:
        store = Store(session)
        for conflict in conflicts:
            record = (conflict.table, conflict.uid)
            if record not in keys:
                keys[record] = _key(store, *record)
    return [Keyed(conflict, keys[(conflict.table, conflict.uid)]) for conflict in conflicts]


def _key(store: Store, table: str, uid: str) -> str:
    try:
        row = store.row(table, uid)
    except NotFound:  # deleted on the desk: only its uid names it now
        return uid
    return getattr(row, "reference", None) or row.platform_id or uid


def open_on_field(db: Database, key: str, field: str) -> list[Conflict]:
    """The open conflicts on one field of the record `key` names (uid, platform id or an
    exchange's reference); refused with a sentence when there is no such record or conflict."""
    conflicts = open_conflicts(db)
    records: set[tuple[str, str]] = set()
    with db.unit() as session:
        store = Store(session)
        for table in TABLES:
            try:
                records.add((table, store.row(table, key).uid))
            except NotFound:
                continue
    # A record deleted on the desk (its deletion in conflict) is named by its uid only.
    records |= {(c.table, c.uid) for c in conflicts if c.uid == key.strip().lower()}
    if not records:
        raise NotFound(_("No record has the key {key}.").format(key=key))
    on_record = [c for c in conflicts if (c.table, c.uid) in records]
    chosen = [c for c in on_record if c.field == field]
    if not on_record:
        raise UserError(_("{key} has no open conflict.").format(key=key))
    if not chosen:
        fields = ", ".join(sorted({c.field for c in on_record}))
        raise UserError(
            ngettext(
                "{key} has no open conflict on {field}; its open conflict is on {fields}.",
                "{key} has no open conflict on {field}; its open conflicts are on {fields}.",
                len({c.field for c in on_record}),
            ).format(key=key, field=field, fields=fields)
        )
    if len({(c.table, c.uid) for c in chosen}) > 1:
        raise UserError(
            _(
                "{key} names more than one record with an open conflict on {field}; "
                "name the record by its uid."
            ).format(key=key, field=field)
        )
    return chosen


def resolve_field(db: Database, key: str, field: str, choice: Choice) -> tuple[Conflict, Change]:
    """Settle the open conflict on one field of the record `key` names: keep the desk's value
    (`local`) or take the platform's; returns the conflict settled and the change."""
    chosen = open_on_field(db, key, field)
    # One open conflict per field is the rule; should a second have slipped in, the latest
    # (the platform's newest value) is applied last.
    change = resolve(db, {conflict.id: choice for conflict in chosen})
    return chosen[-1], change
