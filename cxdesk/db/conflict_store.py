"""Conflicts kept by imports: listed with the record they concern, resolved field by field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxdesk.core.errors import NotFound, UserError
from cxdesk.core.i18n import _
from cxdesk.db.convert import to_text
from cxdesk.db.models import AuditRow, ConflictRow, ExchangeRow, OrganisationRow, PersonRow
from cxdesk.db.store import TABLES
from cxdesk.db.sync.values import from_text
from cxdesk.db.tracking import now_utc, user_of

CHOICES = ("local", "platform")


def open_conflicts(session: Session) -> list[dict[str, Any]]:
    """Every conflict not resolved yet, oldest first, with a `label` naming its record."""
    rows = session.scalars(
        select(ConflictRow).where(ConflictRow.resolved_at.is_(None)).order_by(ConflictRow.id)
    )
    found: list[dict[str, Any]] = [
        {
            "id": r.id,
            "table": r.table_name,
            "uid": r.row_uid,
            "field": r.field,
            "base": r.base_value,
            "local": r.local_value,
            "remote": r.remote_value,
            "sequence": r.sequence,
            "created_at": r.created_at,
        }
        for r in rows
    ]
    labels: dict[tuple[str, str], str] = {}
    for table in {c["table"] for c in found}:
        uids = {c["uid"] for c in found if c["table"] == table}
        labels.update({(table, uid): text for uid, text in _labels(session, table, uids)})
    for conflict in found:
        conflict["label"] = labels.get((conflict["table"], conflict["uid"]), conflict["uid"])
    return found


def _labels(session: Session, table: str, uids: Iterable[str]) -> list[tuple[str, str]]:
    wanted = list(uids)
    if table == "organisations":
        query: Any = select(OrganisationRow.uid, OrganisationRow.name).where(
            OrganisationRow.uid.in_(wanted)
        )
        return [(uid, name) for uid, name in session.execute(query)]
    if table == "people":
        query = select(PersonRow.uid, PersonRow.first_name, PersonRow.last_name).where(
            PersonRow.uid.in_(wanted)
        )
        return [(uid, f"{first} {last}") for uid, first, last in session.execute(query)]
    if table == "exchanges":
        query = select(ExchangeRow.uid, ExchangeRow.reference).where(ExchangeRow.uid.in_(wanted))
        return [(uid, reference) for uid, reference in session.execute(query)]
    return []


def resolve(session: Session, conflict_id: int, choice: str) -> dict[str, Any]:
    """Keep the desk's value (`local`: it goes to the platform with the next export) or take
    the platform's (`platform`: written now); the conflict is marked resolved either way."""
    if choice not in CHOICES:
        raise ValueError(choice)
    conflict = session.get(ConflictRow, conflict_id)
    if conflict is None:
        raise NotFound(_("No conflict {id}.").format(id=conflict_id))
    if conflict.resolved_at is not None:
        raise UserError(_("That conflict was resolved already."))
    model = TABLES[conflict.table_name]
    row = session.scalar(select(model).where(model.uid == conflict.row_uid))
    if row is None:
        raise NotFound(_("The record of that conflict is no longer on the desk."))
    field = conflict.field
    chosen = conflict.remote_value if choice == "platform" else conflict.local_value
    current = to_text(getattr(row, field))
    base = dict(row.base or {})
    if current != chosen:
        setattr(row, field, from_text(conflict.table_name, field, chosen))
        session.add(
            AuditRow(
                at=now_utc(),
                table_name=conflict.table_name,
                row_uid=row.uid,
                field=field,
                old=current,
                new=chosen,
                source="conflict",
                user=user_of(session),
            )
        )
    if choice == "platform" and field == "deleted" and chosen == "true":
        # Deleted on the platform, and the desk agrees: its edits of the row go with it.
        base = {}
        row.dirty = False
    elif choice == "platform" and row.dirty:
        # The desk's value was never sent: drop it, and with it the row's last unsent edit.
        base.pop(field, None)
        row.dirty = bool(base) or not row.revision
    elif current != chosen and not row.dirty:
        # The row was sent (or overwritten) since the conflict: the choice is news to send.
        base[field] = current
        row.dirty = True
    row.base = base or None
    conflict.resolved_at = now_utc()
    conflict.resolution = choice
    session.flush()
    return {"table": conflict.table_name, "uid": conflict.row_uid, "field": field}
