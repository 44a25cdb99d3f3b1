"""Three-way merge of one row, field by field: take the side that changed, keep local on a clash."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed, to different values; the desk keeps `local` until resolved."""

    field: str
    base: Any
    local: Any
    remote: Any


@dataclass(frozen=True)
class MergeResult:
    #: The local row with the remote changes taken (and local values kept on conflicts).
    merged: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)
    #: Fields whose merged value differs from the local one: what the merge changes on the desk.
    changed_fields: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _value(value: Any) -> Any:
    """Empty text and an empty list are no value, like an empty cell."""
    return None if value == "" or value == [] else value


def same(a: Any, b: Any) -> bool:
    return bool(_value(a) == _value(b))


def merge_row(
    base: Mapping[str, Any] | None,
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    fields: Iterable[str],
) -> MergeResult:
    """Merge `remote` into `local`, knowing `base`, the last version both sides agreed on.

    Per field: changed only remotely → remote; only locally → local; both, to the same value →
    that value; both, differently → a conflict, and local stays. Without a base every difference
    is a conflict. A field the remote row does not carry (its file lacks the column) stays local.
    """
    merged = dict(local)
    conflicts: list[FieldConflict] = []
    changed: list[str] = []
    for name in fields:
        if name not in remote:
            continue
        mine, theirs = local.get(name), remote[name]
        if same(mine, theirs):
            continue
        was = base.get(name) if base is not None else None
        remote_changed = base is None or not same(was, theirs)
        local_changed = base is None or not same(was, mine)
        if remote_changed and not local_changed:
            merged[name] = theirs
            changed.append(name)
        elif remote_changed:
            conflicts.append(FieldConflict(name, was, mine, theirs))
    return MergeResult(merged, conflicts, changed)
