"""The desk's rows for its own package: the changes since the last one, or every row; then clean."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, Table, and_, cast, or_, select, text, update
from sqlalchemy.orm import Session

from cxdesk.db.sync.evidence import PLATFORM_EVIDENCE, evidence_cells
from cxdesk.db.sync.values import table_of

#: Rows fetched at a time while a package is written: memory stays flat.
STREAM = 2000


def pending(target: Table) -> ColumnElement[bool]:
    """Rows holding a desk change the platform has not carried back yet: edited since the last
    package (`dirty`), or with a field whose desk value pends (`base`: JSON, so an empty one may
    be stored as SQL NULL, JSON `null` or `{}`)."""
    base = target.c.base
    return or_(
        target.c.dirty.is_(True), and_(base.is_not(None), cast(base, String).not_in(["null", "{}"]))
    )


class DeskRows:
    """Reading the rows a desk package carries, inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self) -> None:
        """Take the write lock first: no edit can slip in between reading the rows and marking
        them sent, or it would be marked sent without being in the package."""
        self.session.execute(text("UPDATE desk_state SET value = value WHERE 1 = 0"))

    def rows(self, table: str, columns: Sequence[str], *, full: bool) -> Iterator[dict[str, Any]]:
        """Rows in the order the desk made them, each with `columns` as stored (a report's
        `evidence`, no column of its table, made from its evidence files and the platform's list:
        `sync.evidence`).

        Changes (not `full`): every row created, edited or deleted on the desk since its last
        package, and every row whose desk change the platform has not carried back yet (sent
        again until it does), except rows created and deleted again (the platform never knew
        them). `full`: every live row, and the deletions the platform has not carried back.
        """
        target = table_of(table)
        stored = [name for name in columns if name in target.c]
        derived = [name for name in columns if name not in target.c]
        if derived and (table, tuple(derived)) != ("reports", ("evidence",)):
            raise ValueError(f"{table}: no columns {derived}")
        sent_deletion = and_(target.c.deleted.is_(True), target.c.revision == 0)
        if full:
            which = or_(target.c.deleted.is_(False), and_(pending(target), target.c.revision > 0))
        else:
            which = and_(pending(target), ~sent_deletion)
        if derived:
            stored.append(PLATFORM_EVIDENCE)
        query = (
            select(*(target.c[name] for name in stored))
            .where(which)
            .order_by(target.c.id)
            .execution_options(yield_per=STREAM)
        )
        result = self.session.execute(query)
        if not derived:
            for row in result:
                yield row._asdict()
            return
        for part in result.partitions():
            got = [row._asdict() for row in part]
            given = {r["uid"]: r.pop(PLATFORM_EVIDENCE) for r in got}
            cells = evidence_cells(self.session, {r["uid"]: r["exchange_uid"] for r in got}, given)
            for values in got:
                # A tombstone lists no evidence: the report is gone.
                values["evidence"] = None if values["deleted"] else cells[values["uid"]] or None
                yield values

    def mark_sent(self, tables: Sequence[str]) -> int:
        """Every row changed on the desk was sent: no longer changed since the last package.
        The merge base stays: a desk value pends until a platform package carries it back."""
        count = 0
        for table in tables:
            target = table_of(table)
            result = self.session.execute(
                update(target).where(target.c.dirty.is_(True)).values(dirty=False)
            )
            count += int(getattr(result, "rowcount", 0) or 0)
        return count
