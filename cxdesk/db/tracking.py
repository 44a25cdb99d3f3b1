"""Edits that remember: audit trail, the dirty mark and the merge base of every changed field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from cxdesk.db.convert import _storable, to_text
from cxdesk.db.models import AuditRow, Synced


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def apply_edit(
    session: Session, table: str, row: Synced, changes: dict[str, Any], source: str
) -> dict[str, tuple[str | None, str | None]]:
    """Apply field changes made on the desk; return {field: (old, new)} of what really changed."""
    changed: dict[str, tuple[str | None, str | None]] = {}
    at = now_utc()
    base = dict(row.base or {})
    for field, value in changes.items():
        stored = _storable(value)
        old = getattr(row, field)
        if to_text(old) == to_text(stored) or (old in (None, "") and stored in (None, "")):
            continue
        # The first desk edit of a synced row keeps the platform's value: the base of a merge.
        if row.revision and field not in base:
            base[field] = to_text(old)
        setattr(row, field, stored)
        changed[field] = (to_text(old), to_text(stored))
        session.add(
            AuditRow(
                at=at,
                table_name=table,
                row_uid=row.uid,
                field=field,
                old=to_text(old),
                new=to_text(stored),
                source=source,
            )
        )
    if changed:
        row.dirty = True
        row.base = base or None
    return changed


def record_creation(session: Session, table: str, row: Synced, source: str) -> None:
    row.dirty = True
    session.add(
        AuditRow(
            at=now_utc(), table_name=table, row_uid=row.uid, field="*", old=None, new="created",
            source=source,
        )
    )
