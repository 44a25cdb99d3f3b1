"""Bank details and evidence past the audit period: listed, erased, the history kept."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from cxdesk.cli import main
from cxdesk.core.errors import UserError
from cxdesk.db.closing_store import ClosingStore
from cxdesk.domain.codes import EvidenceKind
from cxdesk.domain.records import Change
from cxdesk.services import operations
from cxdesk.services.closing import closing_state, evidence_bytes
from cxdesk.services.history import history
from cxdesk.services.retention import (
    audit_years,
    erase_expired,
    expired,
    set_audit_years,
    years_before,
)
from tests.conftest import DEMO_TODAY

LATER = DEMO_TODAY + timedelta(days=6 * 366)


def _held(db: Any) -> list[Any]:
    found = expired(db, today=LATER)
    assert len(found) >= 2
    return found


def test_nothing_expires_within_the_audit_period(demo_db: Any) -> None:
    assert audit_years(demo_db) == 5
    assert expired(demo_db, today=DEMO_TODAY) == []
    first = _held(demo_db)[0]
    kept_until = years_before(first.paid_on, -5)
    assert first.kept_until == kept_until
    on_the_day = {e.reference for e in expired(demo_db, today=kept_until)}
    day_after = {e.reference for e in expired(demo_db, today=kept_until + timedelta(days=1))}
    assert first.reference not in on_the_day and first.reference in day_after
    assert first.masked_iban and "••••" in first.masked_iban and first.files


def test_a_shorter_period_lists_them_sooner(demo_db: Any) -> None:
    set_audit_years(demo_db, 1)
    soon = DEMO_TODAY + timedelta(days=2 * 366)
    assert {e.reference for e in expired(demo_db, today=soon)} == {
        e.reference for e in _held(demo_db)
    }
    with pytest.raises(UserError, match="from 1 to 30"):
        set_audit_years(demo_db, 0)


def test_erasing_removes_bank_details_and_files_and_keeps_the_history(
    demo_db: Any, capsys: Any
) -> None:
    gone, other = _held(demo_db)[:2]
    kept_file = closing_state(demo_db, gone.reference).evidence[0]
    # The other exchange holds the same bytes: they must stay for it.
    shared = evidence_bytes(demo_db, kept_file.sha256)

    def attach(store: Any) -> Change:
        ClosingStore(store).add_evidence(
            other.uid, EvidenceKind.OTHER, "copy.pdf", shared, kept_file.media_type
        )
        return Change()

    operations.run(demo_db, attach)
    own = [e.sha256 for e in closing_state(demo_db, gone.reference).evidence[1:]]
    _label, before = history(demo_db, gone.reference)
    demo_db.user = "auditor"

    erase_expired(demo_db, [gone.reference], source="editor", today=LATER)

    state = closing_state(demo_db, gone.reference)
    assert state.bank is None and state.evidence == ()
    assert evidence_bytes(demo_db, kept_file.sha256) == shared
    for digest in own:
        with pytest.raises(UserError):
            evidence_bytes(demo_db, digest)
    assert closing_state(demo_db, other.reference).bank is not None
    assert gone.reference not in {e.reference for e in expired(demo_db, today=LATER)}
    capsys.readouterr()
    assert main(["--db", str(demo_db.path), "history", gone.reference, "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == len(before) + 2
    erased = {e["field"]: e for e in entries[-2:]}
    assert erased["bank_details"]["from"] == gone.masked_iban
    assert erased["evidence"]["from"] == "; ".join(gone.files)
    assert all(e["user"] == "auditor" and "erased" in e["to"] for e in erased.values())


def test_an_exchange_within_its_period_is_refused_and_nothing_is_erased(demo_db: Any) -> None:
    first, second = _held(demo_db)[:2]
    early = years_before(second.paid_on, -5)  # the first expired, the second not yet
    if first.paid_on == second.paid_on:
        pytest.skip("both paid on the same day")
    with pytest.raises(UserError, match="nothing was erased"):
        erase_expired(demo_db, [first.reference, second.reference], today=early)
    assert closing_state(demo_db, first.reference).bank is not None
    assert closing_state(demo_db, first.reference).evidence


def test_years_before_keeps_the_end_of_february() -> None:
    assert years_before(date(2028, 2, 29), 5) == date(2023, 2, 28)
