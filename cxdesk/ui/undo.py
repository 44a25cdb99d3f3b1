"""Every change as an undoable command: done through its operation, undone by reverting its rows.

The first `redo()` (QUndoStack.push calls it) does nothing: the change ran through its service
before the push, so a refused change raises there and never reaches the stack. Undo reverts the
rows the operation wrote (services.operations); the revert is itself an operation, whose rows
redo reverts in turn. A step whose fields someone changed again since is refused with the
sentence that says who, and leaves the stack.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from PySide6.QtGui import QUndoCommand

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money
from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import ACTION_LABELS
from cxdesk.domain.records import Change, Exchange, Organisation, Rate
from cxdesk.services import conflicts, exchanges, funding, members, operations
from cxdesk.services.exchanges import Saved
from cxdesk.services.members import SavedOrganisation
from cxdesk.ui.context import UiContext

log = logging.getLogger("cxdesk.ui.undo")


class OperationCommand(QUndoCommand):
    """A change already applied; undo reverts its rows, redo reverts the revert."""

    def __init__(self, context: UiContext, text: str, change: Change) -> None:
        super().__init__(text)
        self.context = context
        self.change = change
        self._applied = True  # the service already did the change

    def _run(self, action: str) -> None:
        try:
            change = operations.undo(self.context.db, self.change, source=action, label=self.text())
        except UserError as exc:
            # The record moved on since (an import, another desk's edit): say so, change nothing.
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
        self.change = change
        self.context.announce(change)

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run("redo")

    def undo(self) -> None:
        self._run("undo")


def record(context: UiContext, text: str, change: Change) -> Change:
    """Put a change that was made on the undo stack, and tell the window."""
    if change.rows:
        context.undo_stack.push(OperationCommand(context, text, change))
    context.announce(change)
    for warning in change.warnings:
        context.status.emit(_("Saved; still to look at: {warning}").format(warning=warning))
    return change


def save_exchange(context: UiContext, draft: Exchange, original: Exchange | None = None) -> Saved:
    """Save a new or edited exchange through the service; raises UserError when refused."""
    saved = exchanges.save_exchange(context.db, draft, original=original)
    text = (_("Edit {reference}") if draft.uid else _("Create {reference}")).format(
        reference=saved.exchange.reference
    )
    record(context, text, saved.change)
    return saved


def move_exchange(
    context: UiContext,
    uid: str,
    status: Status,
    report_validated_on: date | None = None,
    reference: str = "",
) -> Change:
    """Move an exchange along its lifecycle; undo puts its previous status and amounts back."""
    change = exchanges.move(context.db, uid, status, report_validated_on=report_validated_on)
    # The step as its button says it ("Cancel the exchange", not "Cancel": in German the one
    # word is "Abbrechen", a dialog's button).
    action = (
        _("Cancel the exchange…").rstrip("…")
        if status is Status.CANCELLED
        else _(ACTION_LABELS[status])
    )
    label = reference or next(
        (
            str(r.after.get("reference") or r.before.get("reference") or "")
            for r in change.rows
            if r.table == "exchanges"
        ),
        "",
    )
    label = label or _reference_of(context, uid)
    text = _("{action} {reference}").format(action=action, reference=label)
    return record(context, text, change)


def _reference_of(context: UiContext, uid: str) -> str:
    from cxdesk.services import browse

    try:
        return browse.exchange(context.db, uid).reference
    except UserError:
        return uid


def save_organisation(
    context: UiContext, org: Organisation, original: Organisation | None = None
) -> SavedOrganisation:
    saved = members.save_organisation(context.db, org, original=original)
    text = (_("Edit {name}") if org.uid else _("Add {name}")).format(name=saved.organisation.name)
    record(context, text, saved.change)
    return saved


def pay(
    context: UiContext, uid: str, amount: Decimal, paid_on: date, reference: str | None
) -> Change:
    change = exchanges.record_payment(context.db, uid, amount, paid_on, reference)
    return record(
        context, _("Record a payment of {amount}").format(amount=format_money(amount)), change
    )


def set_budget(context: UiContext, amount: Decimal) -> Change:
    change = funding.set_budget(context.db, amount)
    return record(
        context, _("Set the budget to {amount}").format(amount=format_money(amount)), change
    )


def set_ceiling(context: UiContext, rate: Rate, ceiling: Decimal) -> Change:
    change = funding.set_ceiling(context.db, rate, ceiling)
    return record(
        context, _("Change the ceiling for {country}").format(country=rate.host_country), change
    )


def add_rate_table(
    context: UiContext,
    name: str,
    valid_from: date,
    valid_to: date | None,
    ceilings: dict[str, Decimal],
) -> Change:
    change = funding.add_rate_table(context.db, name, valid_from, valid_to, ceilings)
    return record(context, _("Add the rate table {name}").format(name=name), change)


def resolve_conflicts(context: UiContext, choices: Mapping[int, conflicts.Choice]) -> Change:
    change = conflicts.resolve(context.db, choices)
    return record(context, _("Resolve conflicts"), change)


# -- closing an exchange: each step one operation, undone as one ------------------------------


def closing_step(context: UiContext, text: str, change: Change) -> Change:
    """A closing step done by its service (report, evidence, waiver, bank details, validation,
    payment, commitment), on the undo stack under the words its button says."""
    return record(context, text, change)
