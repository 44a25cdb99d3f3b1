"""One write path: an operation runs in one write transaction, retried on a version clash, and
hands back every row it changed (what the window refreshes and what undo reverts)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.journal import Journal, model_of
from cxdesk.db.models import Synced
from cxdesk.db.store import Store, _label
from cxdesk.db.tracking import _same, apply_edit, check_unchanged
from cxdesk.domain.records import RowChange

log = logging.getLogger("cxdesk.db.operation")
T = TypeVar("T")
#: How often an operation is tried again when another writer changed its rows in between.
ATTEMPTS = 8
#: How often an operation waits again for a busy SQLite database before the failure is told.
BUSY_ATTEMPTS = 3
#: Columns kept by the desk's own bookkeeping: undo does not put them back by hand (an edit
#: sets them as any edit does).
BOOKKEEPING = frozenset({"dirty", "base", "version", "updated_at", "revision"})


def run_operation(db: Database, work: Callable[[Store], T]) -> tuple[T, tuple[RowChange, ...]]:
    """Run `work` in one write transaction; return its result and the rows it changed.

    A row changed by another writer between the read and the write (its version moved) makes
    the whole operation run again on fresh rows: `work` then decides again, and refuses only
    when a field it changes was changed meanwhile (see `Store.edit`'s `expected`).
    """
    busy = 0
    for attempt in range(ATTEMPTS + BUSY_ATTEMPTS):
        try:
            with db.write() as session:
                journal = Journal(session)
                try:
                    result = work(Store(session))
                    session.flush()
                finally:
                    journal.close()
                rows = tuple(journal.rows)
            return result, rows
        except StaleDataError:
            log.info("version clash, attempt %d: reading the rows again", attempt + 1)
        except OperationalError as exc:
            # Another writer held SQLite's lock past the busy timeout (a long import, several
            # desks saving at once): the operation has changed nothing; wait and try again a
            # few times before the failure is told.
            busy += 1
            if busy > BUSY_ATTEMPTS or "locked" not in str(exc.orig).lower():
                raise
            log.info("database busy, attempt %d: trying again", busy)
            time.sleep(0.2 * busy)
    raise UserError(
        _(
            "The change could not be saved: the record kept changing while it was "
            "being saved. Try again."
        )
    )


def revert_rows(store: Store, rows: tuple[RowChange, ...], source: str) -> None:
    """Put back what `rows` changed, last first; refuse (nothing done) where a field was changed
    again since by someone else."""
    session = store.session
    for change in reversed(rows):
        model = model_of(change.table)
        if change.kind == "deleted":
            session.add(model(**change.before))
            session.flush()
            continue
        row: Any = session.get(model, change.pk)
        if row is None:
            raise UserError(
                _("{what} is no longer on the desk; nothing was changed.").format(
                    what=change.uid or change.table
                )
            )
        if change.kind == "created":
            if isinstance(row, Synced):
                if not row.deleted:
                    apply_edit(session, change.table, row, {"deleted": True}, source)
            else:
                session.delete(row)
            session.flush()
            continue
        values = {k: v for k, v in change.before.items() if k not in BOOKKEEPING}
        expected = {k: change.after[k] for k in values}
        if isinstance(row, Synced):
            check_unchanged(session, change.table, row, _label(change.table, row), values, expected)
            apply_edit(session, change.table, row, values, source)
        else:
            for name, value in values.items():
                if not _same(getattr(row, name), expected[name]):
                    raise UserError(_("It was changed again since; nothing was changed."))
                setattr(row, name, value)
        session.flush()
