"""The status graph, what each step needs, and payment deadlines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cxdesk.domain.codes import Status
from cxdesk.domain.lifecycle import (
    ACTION_LABELS,
    FINAL_STATUSES,
    allowed_transitions,
    check_transition,
    is_late,
    payment_due,
)
from cxdesk.domain.records import Exchange

D = date


def _ex(status: Status, **kw: object) -> Exchange:
    ex = Exchange(
        uid="u",
        reference="CX-2026-0001",
        visitor_uid="p",
        host_organisation_uid="h",
        start_date=D(2026, 3, 2),
        end_date=D(2026, 3, 6),
        status=status,
    )
    for key, value in kw.items():
        setattr(ex, key, value)
    return ex


def test_the_happy_path() -> None:
    path = [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.APPROVED,
        Status.SIGNED,
        Status.COMPLETED,
        Status.REPORTED,
        Status.PAID,
    ]
    for old, new in zip(path, path[1:], strict=False):
        assert allowed_transitions(old)[0] == new


def test_reject_and_cancel() -> None:
    assert Status.REJECTED in allowed_transitions(Status.DRAFT)
    assert Status.REJECTED in allowed_transitions(Status.SUBMITTED)
    assert Status.REJECTED not in allowed_transitions(Status.APPROVED)
    for s in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.SIGNED, Status.COMPLETED):
        assert Status.CANCELLED in allowed_transitions(s)
    assert Status.CANCELLED not in allowed_transitions(Status.REPORTED)
    assert {Status.PAID, Status.REJECTED, Status.CANCELLED} == FINAL_STATUSES
    assert set(ACTION_LABELS) == set(Status) - {Status.DRAFT}


def test_refused_transitions_say_why() -> None:
    assert check_transition(_ex(Status.APPROVED), Status.PAID) == [
        "An exchange cannot go from Approved to Paid: the possible steps are Signed, Cancelled"
    ]
    assert check_transition(_ex(Status.PAID), Status.CANCELLED) == [
        "The exchange is Paid: its status cannot change any more"
    ]
    assert check_transition(_ex(Status.DRAFT), Status.DRAFT) == ["The exchange is already Draft"]


def test_approval_needs_a_lump_sum() -> None:
    assert check_transition(_ex(Status.SUBMITTED), Status.APPROVED) == [
        "Approving needs the lump sum to grant: quote the exchange first"
    ]
    ex = _ex(Status.SUBMITTED, lump_sum=Decimal("780.00"))
    assert check_transition(ex, Status.APPROVED) == []


def test_completion_not_before_the_end() -> None:
    ex = _ex(Status.SIGNED)
    assert check_transition(ex, Status.COMPLETED, today=D(2026, 3, 5)) == [
        "The exchange ends on 2026-03-06: it cannot be completed before"
    ]
    assert check_transition(ex, Status.COMPLETED, today=D(2026, 3, 6)) == []


@pytest.mark.parametrize(
    ("validated", "reason"),
    [
        (None, "Validating the report needs the day the report and evidence were validated"),
        (
            D(2026, 3, 5),
            "The report cannot be validated on 2026-03-05, before the exchange ends on 2026-03-06",
        ),
        (D(2026, 4, 1), "The report validation date 2026-04-01 is in the future"),
        (D(2026, 3, 20), None),
    ],
)
def test_reporting_needs_a_validation_day(validated: date | None, reason: str | None) -> None:
    ex = _ex(Status.COMPLETED, report_validated_on=validated)
    assert check_transition(ex, Status.REPORTED, today=D(2026, 3, 25)) == (
        [reason] if reason else []
    )


def test_payment_due_and_late() -> None:
    ex = _ex(Status.REPORTED, report_validated_on=D(2026, 3, 20))
    assert payment_due(ex) == D(2026, 3, 30)
    assert not is_late(ex, D(2026, 3, 30))
    assert is_late(ex, D(2026, 3, 31))
    ex.status = Status.PAID
    assert not is_late(ex, D(2026, 4, 30))
    assert payment_due(_ex(Status.COMPLETED)) is None
    assert not is_late(_ex(Status.COMPLETED), D(2030, 1, 1))
