"""Undo and redo on the desk: snapshots of a record, put back with an audit entry for each field.

Why a snapshot rather than the inverse operation: an exchange's lifecycle only moves forward
(approved → signed, never back), and a granted amount must come back exactly as it was granted,
not re-quoted at today's rates. So undo restores the fields a step changed, directly, with the
source "undo" in the audit trail; a payment the step recorded is withdrawn (a tombstone) and
comes back on redo.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.store import TABLES, Store
from cxdesk.db.tracking import apply_edit
from cxdesk.domain.records import Change, Exchange, Organisation, Person
from cxdesk.services.exchanges import GRANT_COLUMNS

#: The fields a snapshot keeps, per table: every field a person or a rule can change.
FIELDS: dict[str, tuple[str, ...]] = {
    "organisations": tuple(f.name for f in dataclasses.fields(Organisation) if f.name != "id"),
    "people": tuple(f.name for f in dataclasses.fields(Person) if f.name != "id"),
    "exchanges": tuple(f.name for f in dataclasses.fields(Exchange) if f.name != "id")
    + GRANT_COLUMNS,
}


@dataclass(frozen=True)
class Snapshot:
    """A record's fields at one moment, and (exchanges) the payments it had then."""

    table: str
    uid: str
    label: str
    values: dict[str, Any]
    payments: dict[str, int]  # uid -> row id of the live payments


def _label(table: str, row: Any) -> str:
    if table == "exchanges":
        return str(row.reference)
    if table == "people":
        return f"{row.first_name} {row.last_name}"
    return str(row.name)


def _snapshot_in(store: Store, table: str, uid: str) -> Snapshot:
    row = store.row(table, uid)
    values = {f: getattr(row, f) for f in FIELDS[table] if f != "uid"}
    payments = (
        {p.uid: p.id for p in store.payments_of(row.uid) if p.id is not None}
        if table == "exchanges"
        else {}
    )
    return Snapshot(table, row.uid, _label(table, row), values, payments)


def snapshot(db: Database, table: str, uid: str) -> Snapshot:
    with db.sessions() as session:
        return _snapshot_in(Store(session), table, uid)


def restore(db: Database, snap: Snapshot, source: str = "undo") -> Change:
    """Put the record back as the snapshot has it; payments too."""
    with db.unit() as session:
        store = Store(session)
        store.edit(snap.table, snap.uid, snap.values, source)
        tables = {snap.table}
        if snap.table == "exchanges":
            for payment in store.payments_of(snap.uid):
                if payment.uid not in snap.payments:
                    store.delete("payments", payment.uid, source)
                    tables.add("payments")
            live = {p.uid for p in store.payments_of(snap.uid)}
            for uid, row_id in snap.payments.items():
                if uid not in live:
                    _set_deleted(store, "payments", row_id, False, source)
                    tables.add("payments")
    return Change(
        frozenset(tables),
        frozenset({snap.uid}),
        _("{label} put back as it was.").format(label=snap.label),
    )


def _set_deleted(store: Store, table: str, row_id: int, deleted: bool, source: str) -> None:
    # Store.row() sees live rows only; a withdrawn row is found by its id.
    row = store.session.get(TABLES[table], row_id)
    if row is not None:
        apply_edit(store.session, table, row, {"deleted": deleted}, source)


def withdraw(db: Database, table: str, uid: str, source: str = "undo") -> Change:
    """Undo a creation: the record becomes a tombstone (the audit keeps who and when)."""
    with db.unit() as session:
        store = Store(session)
        label = _label(table, store.row(table, uid))
        store.delete(table, uid, source)
    return Change(
        frozenset({table}), frozenset({uid}), _("{label} taken back.").format(label=label)
    )


def revive(db: Database, table: str, row_id: int, source: str = "redo") -> Change:
    """Redo a creation that was undone: the tombstone becomes a live record again."""
    with db.unit() as session:
        store = Store(session)
        _set_deleted(store, table, row_id, False, source)
        row = session.get(TABLES[table], row_id)
        label = _label(table, row) if row is not None else "?"
        uid = row.uid if row is not None else ""
    return Change(frozenset({table}), frozenset({uid}), _("{label} restored.").format(label=label))
