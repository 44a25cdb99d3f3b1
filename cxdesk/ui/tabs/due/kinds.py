"""How the Due tab shows a kind of item: its badge's word and colours, its buttons' words."""

from __future__ import annotations

from cxdesk.core.i18n import N_, _, ngettext
from cxdesk.domain.codes import Status
from cxdesk.services.due import DueItem
from cxdesk.ui.style import STATUS_COLOURS

#: The badge's word of each kind (services.due.KINDS).
KIND_LABELS: dict[str, str] = {
    "signature": N_("Signatures"),
    "visit": N_("Visit"),
    "report": N_("Report"),
    "payment": N_("Payment"),
}
#: Each kind in the colours of the status its exchanges wait in, so the badge reads as the
#: status badges of the Exchanges tab do.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    "signature": STATUS_COLOURS[Status.APPROVED],
    "visit": STATUS_COLOURS[Status.SIGNED],
    "report": STATUS_COLOURS[Status.COMPLETED],
    "payment": STATUS_COLOURS[Status.REPORTED],
}

#: What an item's second button does.
OPEN, VALIDATE, PAY, CONFIRM = "open", "validate", "pay", "confirm"


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def is_batch(item: DueItem) -> bool:
    """A SEPA batch waiting for the bank, not an exchange."""
    return item.uid is None


def action_of(item: DueItem) -> str:
    """The one step the item asks for, beside Open."""
    if is_batch(item):
        return CONFIRM
    if item.kind == "report":
        return VALIDATE
    if item.kind == "payment":
        return PAY
    return OPEN


def action_label(action: str) -> str:
    labels = {
        VALIDATE: _("Validate report…"),
        PAY: _("Pay…"),
        CONFIRM: _("Confirm batch…"),
        OPEN: _("Open"),
    }
    return labels[action]


def when_text(days_left: int) -> str:
    """How soon, in words: late by, today, or in so many days."""
    if days_left < 0:
        return ngettext("Late by {n} day", "Late by {n} days", -days_left).format(n=-days_left)
    if days_left == 0:
        return _("Today")
    return ngettext("In {n} day", "In {n} days", days_left).format(n=days_left)
