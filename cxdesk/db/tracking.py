"""Edits that remember: who and when, the dirty mark and the merge base of every changed field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.core import clock
from cxdesk.core.errors import ChangedMeanwhile
from cxdesk.core.i18n import _, format_moment
from cxdesk.db.convert import _storable, to_text
from cxdesk.db.models import AuditRow, Synced


def now_utc() -> datetime:
    """The present moment as the database's columns keep it: naive UTC, whole seconds."""
    return clock.now_utc().replace(tzinfo=None, microsecond=0)


def user_of(session: Session) -> str | None:
    """Who the session's changes are recorded under (`Database.user`)."""
    user = session.info.get("user")
    return str(user) if user else None


def _same(a: Any, b: Any) -> bool:
    return to_text(_storable(a)) == to_text(_storable(b)) or (a in (None, "") and b in (None, ""))


def last_change(session: Session, table: str, uid: str, field: str) -> AuditRow | None:
    return session.scalar(
        select(AuditRow)
        .where(AuditRow.table_name == table, AuditRow.row_uid == uid, AuditRow.field == field)
        .order_by(AuditRow.id.desc())
        .limit(1)
    )


def check_unchanged(
    session: Session,
    table: str,
    row: Any,
    label: str,
    changes: dict[str, Any],
    expected: dict[str, Any] | None,
) -> None:
    """Refuse when a field this edit changes was changed by someone else since it was read.

    `expected`: the fields' values as the person (or command) read them. A field that now holds
    neither that value nor the new one was changed meanwhile: the sentence says by whom and when.
    """
    if not expected:
        return
    for name, value in changes.items():
        if name not in expected:
            continue
        current = getattr(row, name)
        if _same(current, expected[name]) or _same(current, value):
            continue
        uid = getattr(row, "uid", None)
        entry = last_change(session, table, uid, name) if uid else None
        if entry is not None:
            who = entry.user or entry.source
            message = _(
                "{label} was not saved: its {field} was changed by {user} on {when} since you "
                "read it (now “{value}”); your edit is kept, look at the new value and save "
                "again."
            ).format(
                label=label,
                field=name,
                user=who,
                when=format_moment(entry.at),
                value=to_text(current) or "",
            )
        else:
            message = _(
                "{label} was not saved: its {field} was changed since you read it (now "
                "“{value}”); your edit is kept, look at the new value and save again."
            ).format(label=label, field=name, value=to_text(current) or "")
        raise ChangedMeanwhile(message, field=name, current=to_text(current))


def apply_edit(
    session: Session, table: str, row: Any, changes: dict[str, Any], source: str
) -> dict[str, tuple[str | None, str | None]]:
    """Apply field changes made on the desk; return {field: (old, new)} of what really changed.

    Only the fields that change are written (the row's version guards the update); each gets
    an audit entry with the session's user. On a synced row the first desk edit of a field keeps
    the platform's value as the merge base, and the row is marked for the next package.
    """
    changed: dict[str, tuple[str | None, str | None]] = {}
    at = now_utc()
    synced = isinstance(row, Synced)
    base = dict(row.base or {}) if synced else {}
    user = user_of(session)
    uid = getattr(row, "uid", None)
    for field, value in changes.items():
        stored = _storable(value)
        old = getattr(row, field)
        if to_text(old) == to_text(stored) or (old in (None, "") and stored in (None, "")):
            continue
        # The first desk edit of a synced row keeps the platform's value: the base of a merge.
        if synced and row.revision and field not in base:
            base[field] = to_text(old)
        setattr(row, field, stored)
        changed[field] = (to_text(old), to_text(stored))
        if uid is not None:
            session.add(
                AuditRow(
                    at=at,
                    table_name=table,
                    row_uid=uid,
                    field=field,
                    old=to_text(old),
                    new=to_text(stored),
                    source=source,
                    user=user,
                )
            )
    if changed and synced:
        row.dirty = True
        row.base = base or None
    return changed


def record_creation(session: Session, table: str, row: Synced, source: str) -> None:
    row.dirty = True
    session.add(
        AuditRow(
            at=now_utc(),
            table_name=table,
            row_uid=row.uid,
            field="*",
            old=None,
            new="created",
            source=source,
            user=user_of(session),
        )
    )
