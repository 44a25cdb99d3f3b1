"""An exchange's life: which status follows which, what each step needs, when payment is due."""

from __future__ import annotations

from datetime import date, timedelta

from cxdesk.core.i18n import N_, _
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.domain.records import Exchange

#: The VOP pays within this many days of the validated closing report and evidence.
PAYMENT_DAYS = 10

#: draft → submitted → approved → signed → completed → reported → paid. Rejected only before a
#: decision (from draft or submitted). Cancelled from any status up to completed: once the report
#: and evidence are validated the lump sum is owed and must be paid, so a reported exchange can no
#: longer be cancelled; paid, rejected and cancelled are final.
TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.SUBMITTED, Status.REJECTED, Status.CANCELLED),
    Status.SUBMITTED: (Status.APPROVED, Status.REJECTED, Status.CANCELLED),
    Status.APPROVED: (Status.SIGNED, Status.CANCELLED),
    Status.SIGNED: (Status.COMPLETED, Status.CANCELLED),
    Status.COMPLETED: (Status.REPORTED, Status.CANCELLED),
    Status.REPORTED: (Status.PAID,),
    Status.PAID: (),
    Status.REJECTED: (),
    Status.CANCELLED: (),
}

#: The label of the action that moves an exchange to a status (menus, buttons), for `_()` later.
ACTION_LABELS: dict[Status, str] = {
    Status.SUBMITTED: N_("Submit"),
    Status.APPROVED: N_("Approve"),
    Status.SIGNED: N_("Mark signed"),
    Status.COMPLETED: N_("Mark completed"),
    Status.REPORTED: N_("Validate report"),
    Status.PAID: N_("Mark paid"),
    Status.CANCELLED: N_("Cancel"),
    Status.REJECTED: N_("Reject"),
}

#: Statuses from which nothing follows.
FINAL_STATUSES = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def allowed_transitions(status: Status) -> tuple[Status, ...]:
    """The statuses an exchange in `status` may move to, the usual next step first."""
    return TRANSITIONS[Status(status)]


def _label(status: Status) -> str:
    return _(STATUS_LABELS[status])


def check_transition(exchange: Exchange, new: Status, *, today: date | None = None) -> list[str]:
    """Why the exchange cannot move to `new` now; an empty list when it can.

    Approving needs the lump sum to grant (the service fills `lump_sum` from the quote first);
    reporting needs the day the report was validated; with `today` given, an exchange cannot be
    completed before it ends, nor a report validated in the future.
    """
    old = Status(exchange.status)
    new = Status(new)
    if new not in TRANSITIONS[old]:
        if new == old:
            return [_("The exchange is already {status}").format(status=_label(old))]
        steps = ", ".join(_label(s) for s in TRANSITIONS[old])
        if not steps:
            return [
                _("The exchange is {status}: its status cannot change any more").format(
                    status=_label(old)
                )
            ]
        return [
            _("An exchange cannot go from {old} to {new}: the possible steps are {steps}").format(
                old=_label(old), new=_label(new), steps=steps
            )
        ]
    reasons: list[str] = []
    if new is Status.APPROVED and (exchange.lump_sum is None or exchange.lump_sum <= 0):
        reasons.append(_("Approving needs the lump sum to grant: quote the exchange first"))
    if new is Status.COMPLETED and today is not None and today < exchange.end_date:
        reasons.append(
            _("The exchange ends on {end}: it cannot be completed before").format(
                end=exchange.end_date.isoformat()
            )
        )
    if new is Status.REPORTED:
        validated = exchange.report_validated_on
        if validated is None:
            reasons.append(
                _("Validating the report needs the day the report and evidence were validated")
            )
        elif validated < exchange.end_date:
            reasons.append(
                _(
                    "The report cannot be validated on {date}, before the exchange ends on {end}"
                ).format(date=validated.isoformat(), end=exchange.end_date.isoformat())
            )
        elif today is not None and validated > today:
            reasons.append(
                _("The report validation date {date} is in the future").format(
                    date=validated.isoformat()
                )
            )
    if new is Status.PAID and exchange.report_validated_on is None:
        reasons.append(_("Paying needs a validated report"))
    return reasons


def payment_due(exchange: Exchange) -> date | None:
    """The last day to pay: 10 days after the report was validated; None before that."""
    if exchange.report_validated_on is None:
        return None
    return exchange.report_validated_on + timedelta(days=PAYMENT_DAYS)


def is_late(exchange: Exchange, today: date) -> bool:
    """Whether a reported exchange is still unpaid after its payment was due."""
    due = payment_due(exchange)
    return Status(exchange.status) is Status.REPORTED and due is not None and today > due
