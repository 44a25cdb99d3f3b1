"""Every change to the desk's records runs here: one transaction, its user, what changed, undo.

A service hands `run` the work to do on a `Store`; the work returns the `Change` it describes
(tables, records, a sentence). `run` adds every row written, with its columns before and after:
the window refreshes what the change names, and `undo` reverts exactly those rows (refusing where
someone changed one of those fields again since). Imports and restores are not operations: they
are undone by File → Revert last import and the backups.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.operation import revert_rows, run_operation
from cxdesk.db.store import Store
from cxdesk.domain.records import Change

Work = Callable[[Store], Change]


def run(db: Database, work: Work) -> Change:
    """Run one operation; its Change comes back with every row it wrote."""
    change, rows = run_operation(db, work)
    return dataclasses.replace(change, rows=rows)


def undo(db: Database, change: Change, *, source: str = "undo", label: str = "") -> Change:
    """Revert what an operation changed, as a new operation (whose own rows redo it)."""

    def work(store: Store) -> Change:
        revert_rows(store, change.rows, source)
        what = label or change.message
        message = (
            _("“{what}” undone: put back as it was.")
            if source == "undo"
            else _("“{what}” done again.")
        ).format(what=what)
        return Change(change.tables, change.uids, message)

    return run(db, work)
