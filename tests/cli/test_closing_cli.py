"""`report-in`, `validate-report`, `pay`, `list reports` and `show` from the outside: what a
coordinator types and reads, each refusal with its sentence, and the report kept by backups."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxdesk.db.models import BatchItemRow, BatchRow
from cxdesk.db.store import Store
from tests.cli.runner import cxdesk, run
from tests.conftest import DEMO_TODAY
from tests.services.test_closing import (
    GOOD_IBAN,
    JPEG,
    PDF,
    PNG,
    completed,
    evidence_files,
    filled_form,
    stay_of,
)

DAY = DEMO_TODAY.isoformat()


def _form(tmp_path: Path, reference: str, **values: str) -> Path:
    fields = {"reference": reference, "iban": GOOD_IBAN, "account_holder": "Ana Ruiz"}
    return filled_form(tmp_path / f"{reference}-form.pdf", fields | values)


def _evidence_args(tmp_path: Path) -> list[str]:
    files = evidence_files(tmp_path / "evidence")
    return [arg for kind, path in files.items() for arg in ("--evidence", f"{kind}:{path}")]


def _refused(code: int, out: str, err: str, *words: str) -> None:
    assert code == 1, (out, err)
    for word in words:
        assert word in err, err
    assert "Traceback" not in err


def _show(db: Any, reference: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(db, "show", reference, "--json", capsys=capsys)
    assert code == 0, err
    record: dict[str, Any] = json.loads(out)
    return record


def _blob_count(db: Any) -> int:
    with sqlite3.connect(db.path) as conn:
        return int(conn.execute("SELECT count(*) FROM blobs").fetchone()[0])


def test_form_in_with_three_files_validated_and_paid(demo_db: Any, tmp_path: Path) -> None:
    reference, _start, _end = completed(demo_db)[0]
    form = _form(tmp_path, reference, activities="Mon: visits\nTue: talks", rating="5")
    done = cxdesk(demo_db, "report-in", reference, str(form), *_evidence_args(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "3 evidence files attached" in done.stdout
    assert "DE89 •••• •••• •••• 3000" in done.stdout

    done = cxdesk(demo_db, "validate-report", reference, "--on", DAY)
    assert done.returncode == 0, done.stderr
    assert f"validated on {DAY}" in done.stdout
    due = (DEMO_TODAY + timedelta(days=10)).isoformat()
    assert f"to pay by {due}" in done.stdout

    done = cxdesk(demo_db, "pay", reference, "--on", DAY, "--bank-reference", "BANK 42")
    assert done.returncode == 0, done.stderr

    done = cxdesk(demo_db, "show", reference, "--json")
    record = json.loads(done.stdout)
    assert record["status"] == "paid" and record["report_validated_on"] == DAY
    report = record["report"]
    assert report["rating"] == 5 and report["activities"] == "Mon: visits\nTue: talks"
    assert report["amount_due"] == record["lump_sum"] and report["reduction_reason"] is None
    assert [(e["kind"], e["file_name"]) for e in report["evidence"]] == [
        ("travel", "ticket.pdf"),
        ("accommodation", "hotel.png"),
        ("attendance", "signed.jpg"),
    ]
    assert all(len(e["sha256"]) == 64 for e in report["evidence"])
    assert [(p["amount"], p["paid_on"], p["bank_reference"]) for p in record["payments"]] == [
        (record["lump_sum"], DAY, "BANK 42")
    ]
    # Bank details never leave the desk: not in show, list, the plain show or the history.
    every = done.stdout
    every += cxdesk(demo_db, "show", reference).stdout
    every += cxdesk(demo_db, "list", "reports", "--json").stdout
    every += cxdesk(demo_db, "list", "reports").stdout
    every += cxdesk(demo_db, "history", reference, "--json").stdout
    for secret in ("DE89370400440532013000", GOOD_IBAN, "0532", "Ana Ruiz"):
        assert secret not in every


def test_list_reports_and_payments(demo_db: Any, tmp_path: Path, capsys: Any) -> None:
    reference = completed(demo_db)[0][0]
    form = _form(tmp_path, reference, rating="3")
    assert run(demo_db, "report-in", reference, str(form), capsys=capsys)[0] == 0
    uid = _show(demo_db, reference, capsys)["uid"]
    code, out, _err = run(demo_db, "list", "reports", "--json", capsys=capsys)
    (report,) = [r for r in json.loads(out) if r["exchange_uid"] == uid]
    assert code == 0 and report["rating"] == 3 and report["evidence"] == []
    assert list(report)[:5] == ["uid", "revision", "updated_at", "deleted", "exchange_uid"]
    code, out, _err = run(demo_db, "list", "reports", capsys=capsys)
    assert code == 0 and reference in out and "rating 3" in out
    code, out, _err = run(demo_db, "list", "reports", "--filter", reference, capsys=capsys)
    assert len(out.splitlines()) == 1 and reference in out
    code, out, _err = run(demo_db, "list", "reports", "--filter", "zzqqxx", capsys=capsys)
    assert out.strip() == "No reports."
    code, out, _err = run(demo_db, "list", "payments", "--json", capsys=capsys)
    assert code == 0 and all(
        set(p) >= {"amount", "paid_on", "bank_reference"} for p in json.loads(out)
    )


def test_another_exchanges_form_is_refused_naming_both(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    mine, other = (c[0] for c in completed(demo_db)[:2])
    form = _form(tmp_path, other)
    code, out, err = run(demo_db, "report-in", mine, str(form), capsys=capsys)
    _refused(code, out, err, f"the form of {other}, not of {mine}")
    assert _show(demo_db, mine, capsys)["report"] is None


def test_a_wrong_iban_is_refused_without_printing_it(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference = completed(demo_db)[0][0]
    blobs = _blob_count(demo_db)
    form = _form(tmp_path, reference, iban="DE89 3704 0044 0532 0130 01")
    code, out, err = run(
        demo_db, "report-in", reference, str(form), *_evidence_args(tmp_path), capsys=capsys
    )
    _refused(code, out, err, "check digits")
    assert "0532" not in err
    assert _show(demo_db, reference, capsys)["report"] is None
    assert _blob_count(demo_db) == blobs  # nothing of the form was kept
    form = _form(tmp_path, reference, iban="XX12 3456")
    code, out, err = run(demo_db, "report-in", reference, str(form), capsys=capsys)
    _refused(code, out, err, "XX, which is no country's IBAN code")


def test_validation_refusals(demo_db: Any, tmp_path: Path, capsys: Any) -> None:
    reference, _start, end = completed(demo_db)[0]
    code, out, err = run(demo_db, "validate-report", reference, "--on", DAY, capsys=capsys)
    _refused(code, out, err, "no closing report yet", "report-in")
    form = _form(tmp_path, reference)
    files = evidence_files(tmp_path / "evidence")
    args = ["--evidence", f"travel:{files[next(iter(files))]}"]
    assert run(demo_db, "report-in", reference, str(form), *args, capsys=capsys)[0] == 0
    early = (end - timedelta(days=1)).isoformat()
    code, out, err = run(demo_db, "validate-report", reference, "--on", early, capsys=capsys)
    _refused(code, out, err, f"cannot be validated on {early}, before the visit ends")
    code, out, err = run(demo_db, "validate-report", reference, "--on", DAY, capsys=capsys)
    _refused(code, out, err, "Evidence missing: accommodation", "attendance")
    assert "travel (" not in err
    code, out, err = run(
        demo_db,
        "validate-report",
        reference,
        "--on",
        DAY,
        "--waive",
        "accommodation:Stayed with family",
        "--waive",
        "attendance:Host's letter by e-mail",
        capsys=capsys,
    )
    assert code == 0, err
    assert _show(demo_db, reference, capsys)["status"] == "reported"
    with pytest.raises(SystemExit) as usage:
        run(demo_db, "validate-report", reference, "--waive", "travel", capsys=capsys)
    assert usage.value.code == 2 and "KIND:REASON" in capsys.readouterr().err


def test_pay_is_refused_before_validation_and_while_in_an_open_batch(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference = completed(demo_db)[0][0]
    code, out, err = run(demo_db, "pay", reference, capsys=capsys)
    _refused(code, out, err, "not validated", "validate-report")
    form = _form(tmp_path, reference)
    done = run(demo_db, "report-in", reference, str(form), *_evidence_args(tmp_path), capsys=capsys)
    assert done[0] == 0
    assert run(demo_db, "validate-report", reference, "--on", DAY, capsys=capsys)[0] == 0
    with demo_db.unit() as session:
        uid = Store(session).exchange(reference).uid
        batch = BatchRow(
            number="CXD-TEST-7",
            created_at=datetime(2026, 11, 28, 10),
            execution_date=DEMO_TODAY,
            debtor_name="ECP",
            debtor_iban="DE89370400440532013000",
            status="open",
        )
        session.add(batch)
        session.flush()
        session.add(BatchItemRow(batch_id=batch.id, exchange_uid=uid, amount=Decimal("1.00")))
    code, out, err = run(demo_db, "pay", reference, "--on", DAY, capsys=capsys)
    _refused(code, out, err, "CXD-TEST-7", "sepa --confirm CXD-TEST-7", "sepa --cancel")
    assert _show(demo_db, reference, capsys)["payments"] == []
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute("UPDATE sepa_batches SET status = 'cancelled'")
    code, out, err = run(demo_db, "pay", reference, "--on", DAY, capsys=capsys)
    assert code == 0, err
    code, out, err = run(demo_db, "pay", reference, "--on", DAY, capsys=capsys)
    _refused(code, out, err, "paid already")


@pytest.mark.parametrize(("days", "due"), [(4, "half"), (2, "nothing")])
def test_the_dates_really_taken_halve_or_void_the_amount(
    demo_db: Any, tmp_path: Path, capsys: Any, days: int, due: str
) -> None:
    reference, _start, end = completed(demo_db)[0]
    start, stop = stay_of(demo_db, reference, days, end)
    form = _form(tmp_path, reference, actual_start=start.isoformat(), actual_end=stop.isoformat())
    args = _evidence_args(tmp_path)
    assert run(demo_db, "report-in", reference, str(form), *args, capsys=capsys)[0] == 0
    code, out, err = run(demo_db, "validate-report", reference, "--on", DAY, capsys=capsys)
    assert code == 0, err
    record = _show(demo_db, reference, capsys)
    granted = Decimal(record["lump_sum"])
    if due == "half":
        assert Decimal(record["report"]["amount_due"]) == granted / 2
        assert "Halved: the visit actually took 4 working days" in out
        assert run(demo_db, "pay", reference, "--on", DAY, capsys=capsys)[0] == 0
        paid = _show(demo_db, reference, capsys)["payments"]
        assert [Decimal(p["amount"]) for p in paid] == [granted / 2]
    else:
        assert record["report"]["amount_due"] == "0.00" and "nothing is due" in out
        assert "Not eligible" in record["report"]["reduction_reason"]
        code, out, err = run(demo_db, "pay", reference, "--on", DAY, capsys=capsys)
        _refused(code, out, err, "not eligible", "nothing is due")


def test_evidence_attached_twice_is_stored_once(demo_db: Any, tmp_path: Path, capsys: Any) -> None:
    first, second = (c[0] for c in completed(demo_db)[:2])
    blobs = _blob_count(demo_db)
    args = _evidence_args(tmp_path)
    for reference in (first, second):
        form = _form(tmp_path, reference)
        assert run(demo_db, "report-in", reference, str(form), *args, capsys=capsys)[0] == 0
    # The first form read in again: the same files, not kept a second time.
    again = run(demo_db, "report-in", first, str(_form(tmp_path, first)), *args, capsys=capsys)
    assert again[0] == 0 and "0 evidence files attached" in again[1]
    assert _blob_count(demo_db) == blobs + 3
    assert len(_show(demo_db, first, capsys)["report"]["evidence"]) == 3


def test_the_report_and_its_evidence_survive_backup_and_restore(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference = completed(demo_db)[0][0]
    form = _form(tmp_path, reference, rating="4")
    args = _evidence_args(tmp_path)
    assert run(demo_db, "report-in", reference, str(form), *args, capsys=capsys)[0] == 0
    before = _show(demo_db, reference, capsys)["report"]
    saved = tmp_path / "saved.cxdesk"
    code, _out, err = run(demo_db, "backup", str(saved), capsys=capsys)
    assert code == 0, err
    uid = _show(demo_db, reference, capsys)["uid"]
    with sqlite3.connect(demo_db.path) as conn:  # lost after the backup
        conn.execute("DELETE FROM evidence WHERE exchange_uid = ?", (uid,))
        conn.execute("DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence)")
        conn.execute("DELETE FROM bank_details WHERE exchange_uid = ?", (uid,))
    assert _show(demo_db, reference, capsys)["report"]["evidence"] == []
    demo_db.close()
    code, _out, err = run(demo_db, "restore", str(saved), capsys=capsys)
    assert code == 0, err
    assert _show(demo_db, reference, capsys)["report"] == before
    with sqlite3.connect(demo_db.path) as conn:
        contents = {row[0] for row in conn.execute("SELECT content FROM blobs")}
        (iban,) = conn.execute(
            "SELECT iban FROM bank_details WHERE exchange_uid = ?", (uid,)
        ).fetchone()
    assert {PDF, PNG, JPEG} <= contents
    assert iban == "DE89370400440532013000"  # on the desk: in its backups too
