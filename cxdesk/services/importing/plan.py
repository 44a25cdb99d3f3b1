"""What one package row does to the desk's row: insert, update, merge, delete, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from cxdesk.db.convert import to_text
from cxdesk.db.sync.values import empty_defaults, from_text, storage_converters
from cxdesk.sync.columns import RESOURCES, ColumnType
from cxdesk.sync.merge import FieldConflict, merge_row, same
from cxdesk.sync.table import Row

Action = Literal["insert", "update", "delete", "unchanged"]
#: The row's identity and platform stamp: never merged, always the platform's.
STAMP = ("uid", "revision", "updated_at")


#: Column types whose parsed value is already what the database stores.
AS_STORED = frozenset(
    {
        ColumnType.STRING,
        ColumnType.EMAIL,
        ColumnType.UUID,
        ColumnType.COUNTRY,
        ColumnType.LANGUAGE,
        ColumnType.DATE,
        ColumnType.INTEGER,
        ColumnType.BOOLEAN,
    }
)


#: Column types whose values convert the same whenever they are equal (codes, stamps, flags):
#: a batch converts each value once. Not decimals: equal values may differ in sign (-0.0).
SAME_WHEN_EQUAL = frozenset(
    {
        ColumnType.CODE,
        ColumnType.CODES,
        ColumnType.TIMESTAMP,
        ColumnType.BOOLEAN,
        ColumnType.INTEGER,
    }
)


@cache
def _conversions(table: str) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
    """(column, its conversion to the stored value, whether equal values convert the same)."""
    convert = storage_converters(table)
    defaults = empty_defaults(table)
    return tuple(
        (column.name, convert[column.name], column.type in SAME_WHEN_EQUAL)
        for column in RESOURCES[table].columns
        if not column.derived and (column.type not in AS_STORED or column.name in defaults)
    )


def _converted(values: list[Any], convert: Callable[[Any], Any], memo: bool) -> list[Any]:
    """`convert` of each value; where equal values convert the same, each distinct one once (a
    package repeats its codes, its stamps and its flags): a look-up per cell, not a call."""
    if not memo:
        return list(map(convert, values))
    # A code list (a list) is looked up by its items; a column without one, as it is.
    if list in set(map(type, values)):
        keys = [tuple(value) if type(value) is list else value for value in values]
    else:
        keys = values
    distinct = dict(zip(keys, values, strict=True))
    done = {key: convert(value) for key, value in distinct.items()}
    return list(map(done.__getitem__, keys))


def take_derived(table: str, rows: list[tuple[int, Row]]) -> dict[str, Any]:
    """Take the columns that are not the table's (a report's evidence) out of each row: uid →
    the value, for the rows whose file has the column (one such column at most)."""
    names = [column.name for column in RESOURCES[table].columns if column.derived]
    if not rows or not names or names[0] not in rows[0][1]:
        return {}
    (name,) = names
    return {row["uid"]: row.pop(name) for _line, row in rows}


@cache
def stored_columns(table: str) -> tuple[str, ...]:
    """The package columns that are columns of the desk's table."""
    return tuple(column.name for column in RESOURCES[table].columns if not column.derived)


def stored_values(table: str, row: Row) -> dict[str, Any]:
    """A package row (codes, lists, aware timestamps…) as the desk's columns store it."""
    values = dict(row)
    for name, convert, _memo in _conversions(table):
        if name in values:
            values[name] = convert(values[name])
    return values


def stored_rows(table: str, rows: list[Row]) -> list[Row]:
    """`stored_values` of many rows of one file (the same columns in each), converted in place
    column by column: rows the caller owns and has no other use for as read."""
    if not rows:
        return rows
    first = rows[0]
    for name, convert, memo in _conversions(table):
        if name in first:
            values = _converted([row[name] for row in rows], convert, memo)
            for row, value in zip(rows, values, strict=True):
                row[name] = value
    return rows


def stored_column_values(table: str, values: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """`stored_rows` of rows given column by column (name → its values): the converted
    columns, in a new dict; `values` is left as it was."""
    stored = dict(values)
    for name, convert, memo in _conversions(table):
        if name in stored:
            stored[name] = _converted(stored[name], convert, memo)
    return stored


@dataclass
class RowPlan:
    action: Action
    #: Columns to write (with `uid`); None: nothing to write.
    values: dict[str, Any] | None = None
    #: Fields whose stored value changes, for the audit trail.
    changed: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


def _stamp(remote: dict[str, Any], local: dict[str, Any] | None) -> dict[str, Any]:
    stamp = {"uid": remote["uid"], "revision": remote["revision"]}
    if "updated_at" in remote:
        stamp["updated_at"] = remote["updated_at"]
    elif local is not None:
        stamp["updated_at"] = local["updated_at"]
    return stamp


def _only_changes(values: dict[str, Any], local: dict[str, Any]) -> dict[str, Any] | None:
    """The values that differ from the stored row (uid kept); None when none does."""
    changes = {
        name: value for name, value in values.items() if name == "uid" or local.get(name) != value
    }
    return changes if len(changes) > 1 else None


def plan_row(
    table: str,
    remote: dict[str, Any],
    fields: tuple[str, ...],
    local: dict[str, Any] | None,
    *,
    carries_all: bool = True,
) -> RowPlan:
    """Plan one platform row against the desk's row with its uid (None: the desk has none).

    `remote` holds stored values (see `db.sync.values`); `fields` are the columns the package's
    file carries, `deleted` included, the stamp left out. `carries_all`: the file has every
    column of the table, so a row the desk created can be found equal to the platform's.
    """
    if remote["deleted"]:
        return _plan_tombstone(remote, local)
    if local is None:
        return RowPlan("insert", remote | {"dirty": False, "base": None})
    if remote["revision"] < local["revision"]:
        return RowPlan("unchanged")  # an older revision than the desk has: a late delta
    if not pending(local):
        changed = [name for name in fields if not same(local[name], remote[name])]
        values = _stamp(remote, local) | {name: remote[name] for name in changed}
        return RowPlan("update" if changed else "unchanged", _only_changes(values, local), changed)
    return _plan_merge(table, remote, fields, local, carries_all)


def pending(local: dict[str, Any]) -> bool:
    """The row holds a desk change the platform has not carried back yet: edited since the last
    package written (`dirty`), or a field whose desk value is still the desk's own (`base`)."""
    return bool(local["dirty"]) or bool(local["base"])


def _plan_tombstone(remote: dict[str, Any], local: dict[str, Any] | None) -> RowPlan:
    if local is None:
        return RowPlan("unchanged")
    if local["deleted"]:
        if local["revision"] and pending(local):
            # The platform deleted it too: the desk's deletion is acknowledged, nothing pends.
            values = _stamp(remote, local) | {"dirty": False, "base": None}
            return RowPlan("unchanged", _only_changes(values, local))
        return RowPlan("unchanged")
    if pending(local):
        # Deleted on the platform, edited on the desk: nothing is lost, the coordinator chooses.
        return RowPlan("unchanged", conflicts=[FieldConflict("deleted", False, False, True)])
    values = _stamp(remote, local) | {"deleted": True}
    return RowPlan("delete", values, ["deleted"])


def merge_base(table: str, fields: tuple[str, ...], local: dict[str, Any]) -> dict[str, Any] | None:
    """The last version desk and platform agreed on: the stored row with the platform's value
    of each field edited on the desk since. None for a row created on the desk (no such
    version: every difference is a conflict)."""
    if not local["revision"]:
        return None
    edited = local["base"] or {}
    return {
        name: from_text(table, name, edited[name]) if name in edited else local[name]
        for name in fields
    }


def _plan_merge(
    table: str,
    remote: dict[str, Any],
    fields: tuple[str, ...],
    local: dict[str, Any],
    carries_all: bool,
) -> RowPlan:
    result = merge_row(merge_base(table, fields, local), local, remote, fields)
    merged = result.merged
    # The base of each field whose desk value pends: the platform's value of a disputed field is
    # its new base (the next package bringing it again is no news); a field the platform now
    # carries with the desk's value is acknowledged and pends no more; the others keep their
    # base, whatever the revision (a delta made before the platform applied the desk's package
    # brings the old value: the desk keeps its edit).
    edited: dict[str, str | None] = dict(local["base"] or {})
    for conflict in result.conflicts:
        edited[conflict.field] = to_text(remote[conflict.field])
    for name in list(edited):
        if name in fields and name in remote and same(merged[name], remote[name]):
            del edited[name]
    # A row made on the desk, merged from a file lacking some columns: those still go out.
    partial = not local["revision"] and not carries_all
    dirty = bool(local["dirty"]) and (bool(edited) or partial)
    values = _stamp(remote, local) | {name: merged[name] for name in result.changed_fields}
    values |= {"dirty": dirty, "base": edited or None}
    action: Action = "update" if result.changed_fields else "unchanged"
    return RowPlan(
        action, _only_changes(values, local), list(result.changed_fields), list(result.conflicts)
    )
