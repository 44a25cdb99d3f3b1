"""Who changed what and when, for any record: one history that the command line and panes read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cxdesk.core.errors import NotFound
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.history import changes_of
from cxdesk.db.store import Store, _label


@dataclass(frozen=True)
class Entry:
    """One change: `what` is created, changed or deleted."""

    at: datetime
    user: str
    source: str
    what: str
    field: str | None
    old: str | None
    new: str | None
    #: The database role it was made under (a shared PostgreSQL: one per coordinator).
    role: str | None = None

    @property
    def who(self) -> str:
        """The user, with the database role beside it where that says more."""
        if not self.role or self.role == self.user:
            return self.user
        return f"{self.user} ({self.role})"

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "user": self.user,
            "what": self.what,
            "field": self.field,
            "from": self.old,
            "to": self.new,
            "source": self.source,
            "role": self.role,
        }


def _entry(found: dict[str, Any]) -> Entry:
    field = found["field"]
    if field == "*":
        what, field = "created", None
    elif field == "deleted" and found["new"] == "true":
        what = "deleted"
    else:
        what = "changed"
    return Entry(
        found["at"],
        found["user"] or found["source"],
        found["source"],
        what,
        field,
        found["old"],
        found["new"],
        found.get("role"),
    )


def find_record(store: Store, key: str) -> tuple[str, str, str]:
    """(table, uid, label) of the record a key names: an exchange's reference, a uid or a
    platform id, of any table."""
    for table in ("exchanges", "organisations", "people", "payments", "reports"):
        try:
            row = store.row(table, key)
        except NotFound:
            continue
        return table, row.uid, _label(table, row)
    raise NotFound(_("No record with the key {key}.").format(key=key))


def history(db: Database, key: str, limit: int | None = None) -> tuple[str, list[Entry]]:
    """The record's label and its changes, oldest first (creation included)."""
    with db.unit() as session:
        store = Store(session)
        table, uid, label = find_record(store, key)
        entries = [_entry(found) for found in changes_of(session, uid, limit)]
        if limit is None and not any(e.what == "created" for e in entries):
            # Rows that came in bulk (a platform package, the demo) were not written one by
            # one: their creation is the platform's, at its revision's time.
            row = store.row(table, uid)
            source = "import" if row.revision else "demo"
            at = row.updated_at or (entries[0].at if entries else datetime.min)
            user = _("the platform") if row.revision else source
            entries.insert(0, Entry(at, user, source, "created", None, None, None))
        return label, entries


def history_of(db: Database, uid: str, limit: int = 20) -> list[Entry]:
    """The newest changes of a record known by uid, oldest first (the panes' History)."""
    with db.unit() as session:
        return [_entry(found) for found in changes_of(session, uid, limit)]
