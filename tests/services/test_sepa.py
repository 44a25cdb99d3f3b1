"""A SEPA batch and its file come together or not at all; the partnership's account is checked."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from cxdesk.core import outputs
from cxdesk.core.errors import UserError
from cxdesk.db.models import BankDetailsRow
from cxdesk.services import sepa
from cxdesk.services.account import Account, account, set_account
from cxdesk.services.closing import set_bank_details
from cxdesk.services.history import history_of
from tests.conftest import DEMO_TODAY

DEBTOR = Account("ECP Digital", "BE68539007547034", "GKCCBEBB")


@pytest.fixture
def desk(demo_db: Any) -> Any:
    """The demo desk with no open batch, and every reported visitor's IBAN given."""
    for batch in sepa.open_batches(demo_db):
        sepa.cancel_batch(demo_db, batch.number)
    with demo_db.write() as session:
        session.execute(delete(BankDetailsRow))
    taken, left = sepa.plan(demo_db)
    assert not taken and left
    for item in left:
        set_bank_details(
            demo_db, item.reference, iban="DE89370400440532013000", bic=None, account_holder="V"
        )
    return demo_db


def test_a_full_disk_leaves_neither_file_nor_batch(
    desk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sepa, "_write_synced", full)
    target = tmp_path / "out" / "out.xml"
    with pytest.raises(UserError, match="disk is full"):
        sepa.write_batch(desk, target, debtor=DEBTOR, today=DEMO_TODAY)
    assert sepa.open_batches(desk) == []
    assert not target.parent.exists()  # the folder made for it went too


def test_a_file_that_cannot_be_put_in_place_takes_its_batch_back(
    desk: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(sepa.batches(desk))

    def refused(src: Any, dst: Any) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(outputs.os, "replace", refused)
    target = tmp_path / "out" / "out.xml"
    with pytest.raises(UserError, match="permission denied"):
        sepa.write_batch(desk, target, debtor=DEBTOR, today=DEMO_TODAY)
    monkeypatch.undo()
    assert len(sepa.batches(desk)) == before and sepa.open_batches(desk) == []
    assert not target.parent.exists()  # the folder made for it went too
    # And the payments are still due: the next file takes them.
    written = sepa.write_batch(desk, target, debtor=DEBTOR, today=DEMO_TODAY)
    assert target.exists() and len(written.batch.items) == len(sepa.plan(desk)[1])


def test_a_past_execution_date_is_refused(desk: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="in the past"):
        sepa.write_batch(
            desk, tmp_path / "x.xml", execution_date=date(2026, 1, 2), debtor=DEBTOR,
            today=DEMO_TODAY,
        )  # fmt: skip


def test_the_account_is_kept_checked_and_its_change_recorded(demo_db: Any) -> None:
    with pytest.raises(UserError, match="check digits"):
        set_account(demo_db, "ECP Digital", "BE68539007547035", None)
    set_account(demo_db, "  ECP   Digital ", "be68 5390 0754 7034", "gkccbebb")
    assert account(demo_db) == Account("ECP Digital", "BE68539007547034", "GKCCBEBB")
    lines = history_of(demo_db, "partnership-account")
    assert lines and lines[-1].new == "ECP Digital, BE68 •••• •••• 7034, GKCCBEBB"
