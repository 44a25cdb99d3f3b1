"""Every edit as an undoable command: done through its service, undone by putting a snapshot back.

The first `redo()` (QUndoStack.push calls it) does nothing: the edit ran through its service
before the push, so a refused edit raises there and never reaches the stack. Later undo/redo
restore the snapshots taken around the edit (services.undoing says why snapshots, not inverse
operations: an exchange's lifecycle only moves forward).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtGui import QUndoCommand

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import ACTION_LABELS
from cxdesk.domain.records import Change, Exchange, Organisation
from cxdesk.services import exchanges, members, undoing
from cxdesk.services.exchanges import Saved
from cxdesk.services.members import SavedOrganisation
from cxdesk.ui.context import UiContext

log = logging.getLogger("cxdesk.ui.undo")


class SnapshotCommand(QUndoCommand):
    """An edit already applied; undo puts `before` back (or withdraws a creation)."""

    def __init__(
        self,
        context: UiContext,
        text: str,
        before: undoing.Snapshot | None,
        after: undoing.Snapshot,
        created_row_id: int | None = None,
    ) -> None:
        super().__init__(text)
        self.context = context
        self.before = before
        self.after = after
        self.created_row_id = created_row_id
        self._applied = True  # the service already did the edit

    def _run(self, action: str) -> None:
        db = self.context.db
        try:
            if action == "undo":
                if self.before is None:
                    change = undoing.withdraw(db, self.after.table, self.after.uid)
                else:
                    change = undoing.restore(db, self.before)
            else:
                if self.before is None and self.created_row_id is not None:
                    undoing.revive(db, self.after.table, self.created_row_id)
                change = undoing.restore(db, self.after, source="redo")
        except UserError as exc:
            # The record moved on since (an import, another edit): say so, change nothing.
            log.info("%s of %r refused: %s", action, self.text(), exc.message)
            self.context.status.emit(
                _("Could not {action} “{edit}”: {reason}").format(
                    action=_("undo") if action == "undo" else _("redo"),
                    edit=self.text(),
                    reason=exc.message,
                )
            )
            self.setObsolete(True)
            return
        self.context.announce(change)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run("redo")

    def undo(self) -> None:
        self._run("undo")


def _push(context: UiContext, command: SnapshotCommand, change: Change) -> None:
    context.undo_stack.push(command)
    context.announce(change)


def save_exchange(context: UiContext, draft: Exchange) -> Saved:
    """Save a new or edited exchange through the service; raises UserError when refused."""
    before = undoing.snapshot(context.db, "exchanges", draft.uid) if draft.uid else None
    saved = exchanges.save_exchange(context.db, draft)
    after = undoing.snapshot(context.db, "exchanges", saved.exchange.uid)
    text = (_("Edit {reference}") if before else _("Create {reference}")).format(
        reference=saved.exchange.reference
    )
    command = SnapshotCommand(context, text, before, after, saved.exchange.id)
    _push(context, command, saved.change)
    return saved


def move_exchange(
    context: UiContext, uid: str, status: Status, report_validated_on: date | None = None
) -> Change:
    """Move an exchange along its lifecycle; undo puts its previous status and amounts back."""
    before = undoing.snapshot(context.db, "exchanges", uid)
    change = exchanges.move(context.db, uid, status, report_validated_on=report_validated_on)
    after = undoing.snapshot(context.db, "exchanges", uid)
    # The step as its button says it ("Cancel the exchange", not "Cancel": in German the one
    # word is "Abbrechen", a dialog's button).
    action = _("Cancel the exchange…").rstrip("…") if status is Status.CANCELLED else _(
        ACTION_LABELS[status]
    )
    text = _("{action} {reference}").format(action=action, reference=before.label)
    _push(context, SnapshotCommand(context, text, before, after), change)
    return change


def save_organisation(context: UiContext, org: Organisation) -> SavedOrganisation:
    before = undoing.snapshot(context.db, "organisations", org.uid) if org.uid else None
    saved = members.save_organisation(context.db, org)
    after = undoing.snapshot(context.db, "organisations", saved.organisation.uid)
    text = (_("Edit {name}") if before else _("Add {name}")).format(name=saved.organisation.name)
    command = SnapshotCommand(context, text, before, after, saved.organisation.id)
    _push(context, command, saved.change)
    return saved
