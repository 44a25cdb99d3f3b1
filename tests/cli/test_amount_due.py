"""What is owed after validation is the report's amount due, not the lump sum granted: a halved
exchange paid its half passes `cxdesk check`, the funding figures ask for the half only, and an
exchange with nothing due is neither to pay nor late."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxdesk.cli import main
from cxdesk.services import funding
from tests.cli.test_closing_cli import _evidence_args, _form
from tests.conftest import DEMO_TODAY
from tests.services.test_closing import completed, stay_of

DAY = DEMO_TODAY.isoformat()


def run(db: Any, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def validated(
    db: Any, tmp_path: Path, capsys: Any, working_days: int, *, early: bool = False
) -> tuple[str, Decimal]:
    """A completed exchange whose report says the visit took `working_days`, validated on the
    demo's day (or, `early`, on its end date: its payment is late by now): its reference and
    the lump sum granted."""
    reference, _start, end = completed(db)[0]
    start, stop = stay_of(db, reference, working_days, end)
    form = _form(tmp_path, reference, actual_start=start.isoformat(), actual_end=stop.isoformat())
    code, _out, err = run(db, capsys, "report-in", reference, str(form), *_evidence_args(tmp_path))
    assert code == 0, err
    on = end.isoformat() if early else DAY
    code, _out, err = run(db, capsys, "validate-report", reference, "--on", on)
    assert code == 0, err
    code, out, err = run(db, capsys, "show", reference, "--json")
    assert code == 0, err
    return reference, Decimal(json.loads(out)["lump_sum"])


def check(db: Any, capsys: Any, reference: str) -> str:
    code, out, err = run(db, capsys, "check")
    assert code == 0, out + err
    return "\n".join(line for line in (out + err).splitlines() if reference in line)


def test_a_halved_exchange_owes_its_half_and_paid_it_passes_the_check(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    before = funding.overview(demo_db, DEMO_TODAY).figures
    reference, granted = validated(demo_db, tmp_path, capsys, working_days=4)
    half = granted / 2

    view = funding.overview(demo_db, DEMO_TODAY)
    (line,) = [d for d in view.due if d.reference == reference]
    assert (line.lump_sum, line.amount_due, line.outstanding) == (granted, half, half)
    # The half the shorter stay took off is no longer to pay; nothing else moved.
    assert view.figures.to_pay == before.to_pay - half
    assert view.figures.granted == before.granted

    code, _out, err = run(demo_db, capsys, "pay", reference, "--on", DAY)
    assert code == 0, err
    assert check(demo_db, capsys, reference) == ""  # not "only … of … was paid"
    after = funding.overview(demo_db, DEMO_TODAY)
    assert reference not in {d.reference for d in after.due}
    assert after.figures.paid == before.paid + half
    assert after.figures.to_pay == before.to_pay - granted


def test_an_exchange_with_nothing_due_is_neither_to_pay_nor_late(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    before = funding.overview(demo_db, DEMO_TODAY).figures
    reference, granted = validated(demo_db, tmp_path, capsys, working_days=2, early=True)
    view = funding.overview(demo_db, DEMO_TODAY)
    assert reference not in {d.reference for d in view.due}
    assert view.figures.to_pay == before.to_pay - granted
    # Validated long enough ago for a payment to be late: nothing is, there is nothing to pay.
    assert check(demo_db, capsys, reference) == ""
