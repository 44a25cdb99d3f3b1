"""The record of every change to one record: read back for `history`, `show` and the panes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.db.models import AuditRow


def changes_of(session: Session, uid: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Every audit entry of a record, oldest first (the newest `limit` when given)."""
    query = select(AuditRow).where(AuditRow.row_uid == uid).order_by(AuditRow.id.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.scalars(query))
    rows.reverse()
    return [
        {
            "at": r.at,
            "user": r.user,
            "role": r.role,
            "source": r.source,
            "table": r.table_name,
            "field": r.field,
            "old": r.old,
            "new": r.new,
        }
        for r in rows
    ]
