"""What one operation changed, row by row, caught as its session flushes: for undo and refresh."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from cxdesk.db.models import Base
from cxdesk.domain.records import RowChange

Kind = Literal["created", "updated", "deleted"]
#: Tables whose rows are the record of changes themselves: never undone, never journaled.
UNJOURNALED = frozenset({"audit", "imports"})


def _columns(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


class Journal:
    """Attached to one session: every flushed insert, update and delete, merged per row."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rows: dict[tuple[str, tuple[Any, ...]], RowChange] = {}
        event.listen(session, "after_flush", self._after_flush)

    def close(self) -> None:
        if event.contains(self.session, "after_flush", self._after_flush):
            event.remove(self.session, "after_flush", self._after_flush)

    @property
    def rows(self) -> list[RowChange]:
        """In the order first touched."""
        return list(self._rows.values())

    def _after_flush(self, session: Session, _context: Any) -> None:
        for obj in session.new:
            self._note(obj, "created")
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                self._note(obj, "updated")
        for obj in session.deleted:
            self._note(obj, "deleted")

    def _note(self, obj: Any, kind: Kind) -> None:
        state = inspect(obj)
        table = state.mapper.local_table.name
        if table in UNJOURNALED:
            return
        pk = tuple(state.mapper.primary_key_from_instance(obj))
        key = (table, pk)
        uid = getattr(obj, "uid", None)
        known = self._rows.get(key)
        if kind == "created":
            self._rows[key] = RowChange(table, pk, "created", uid, {}, _columns(obj))
            return
        if kind == "deleted":
            if known is not None and known.kind == "created":
                del self._rows[key]  # made and removed in one operation: nothing happened
                return
            before = _columns(obj)
            if known is not None:
                before |= known.before
            self._rows[key] = RowChange(table, pk, "deleted", uid, before, {})
            return
        before, after = {}, {}
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            before[attr.key] = history.deleted[0] if history.deleted else None
            after[attr.key] = history.added[0] if history.added else None
        if not after:
            return
        if known is None:
            self._rows[key] = RowChange(table, pk, "updated", uid, before, after)
        elif known.kind == "created":
            known.after.update(after)
        else:
            known.before = before | known.before
            known.after.update(after)


def model_of(table: str) -> Any:
    """The mapped class of a table."""
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    raise KeyError(table)
