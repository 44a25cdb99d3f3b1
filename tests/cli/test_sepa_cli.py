"""`cxdesk sepa` from the outside: the file for the bank, the batch, the bank's answer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sepaxml
import xmlschema
from sqlalchemy import delete, select

from cxdesk.cli import main
from cxdesk.core import clock
from cxdesk.db.models import BankDetailsRow, ExchangeRow, PaymentRow, ReportRow
from cxdesk.services import sepa
from cxdesk.services.closing import set_bank_details
from tests.conftest import DEMO_TODAY

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
DEBTOR = ["--debtor-iban", "BE68539007547034", "--debtor-name", "ECP Digital", "--debtor-bic"]
DEBTOR_BIC = "GKCCBEBB"
#: Valid IBANs of three countries, one a visitor.
IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300"]


def _run(db: Any, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), "--user", "tester", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(demo_db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo desk on its own day, with no open batch and no bank details yet."""
    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    for batch in sepa.open_batches(demo_db):
        sepa.cancel_batch(demo_db, batch.number)
    with demo_db.write() as session:
        session.execute(delete(BankDetailsRow))
    return demo_db


def _reported(db: Any) -> dict[str, Decimal]:
    """Each reported exchange's reference with what is still owed on it."""
    with db.unit() as session:
        rows = session.execute(
            select(ExchangeRow.uid, ExchangeRow.reference, ExchangeRow.lump_sum).where(
                ExchangeRow.status == "reported"
            )
        ).all()
        owed = {}
        for uid, reference, lump_sum in rows:
            due = session.scalar(select(ReportRow.amount_due).where(ReportRow.exchange_uid == uid))
            paid = sum(
                session.scalars(select(PaymentRow.amount).where(PaymentRow.exchange_uid == uid))
            )
            owed[reference] = (due if due is not None else lump_sum) - paid
    return {ref: amount for ref, amount in sorted(owed.items()) if amount > 0}


def _give_ibans(db: Any, references: list[str]) -> dict[str, str]:
    given = {}
    for n, reference in enumerate(references):
        iban = IBANS[n % len(IBANS)]
        set_bank_details(db, reference, iban=iban, bic=None, account_holder=f"Visitor {n}")
        given[reference] = iban
    return given


def _transfers(path: Path) -> tuple[str, dict[str, tuple[Decimal, str]]]:
    """The file's message id, and each transfer's end-to-end id with its amount and IBAN."""
    root = ET.parse(path).getroot()
    found = {}
    for tx in root.iterfind(".//p:CdtTrfTxInf", NS):
        e2e = tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS)
        amount = Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=NS) or "0")
        iban = tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS)
        remittance = tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS)
        assert e2e is not None and iban is not None and remittance == e2e
        found[e2e] = (amount, iban)
    return root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", namespaces=NS) or "", found


def test_the_file_validates_and_holds_exactly_the_payments_due_with_an_iban(
    desk: Any, tmp_path: Path, capsys: Any
) -> None:
    owed = _reported(desk)
    assert len(owed) >= 2
    *with_iban, without = list(owed)
    given = _give_ibans(desk, with_iban)
    out_file = tmp_path / "out" / "transfer.xml"

    code, out, err = _run(desk, "sepa", "-o", str(out_file), *DEBTOR, DEBTOR_BIC, capsys=capsys)

    assert code == 0, err
    xmlschema.XMLSchema(str(XSD)).validate(str(out_file))
    number = out.splitlines()[0]
    message_id, transfers = _transfers(out_file)
    assert message_id == number
    assert transfers == {ref: (owed[ref], given[ref]) for ref in with_iban}
    assert f"{without}: no IBAN given" in out
    root = ET.parse(out_file).getroot()
    assert root.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "BE68539007547034"
    assert root.findtext(".//p:PmtInf/p:ReqdExctnDt", namespaces=NS) == DEMO_TODAY.isoformat()


def test_an_open_batch_keeps_its_payments_out_of_the_next_file(
    desk: Any, tmp_path: Path, capsys: Any
) -> None:
    owed = _reported(desk)
    first, *others = list(owed)
    _give_ibans(desk, [first])
    code, out, _err = _run(
        desk, "sepa", "-o", str(tmp_path / "a.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    assert code == 0
    batch_a = out.splitlines()[0]

    _give_ibans(desk, others)
    code, out, _err = _run(
        desk, "sepa", "-o", str(tmp_path / "b.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    assert code == 0
    batch_b = out.splitlines()[0]
    assert batch_b != batch_a
    assert set(_transfers(tmp_path / "b.xml")[1]) == set(others)
    assert f"{first}: waits in the open batch {batch_a}" in out

    code, out, err = _run(
        desk, "sepa", "-o", str(tmp_path / "c.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    assert code == 1
    assert "Nothing is left to pay" in err and f"{first}: waits in the open batch {batch_a}" in err
    assert not (tmp_path / "c.xml").exists()


def test_confirming_pays_each_payment_with_the_bank_reference(
    desk: Any, tmp_path: Path, capsys: Any
) -> None:
    owed = _reported(desk)
    _give_ibans(desk, list(owed))
    out_file = tmp_path / "pay.xml"
    assert _run(desk, "sepa", "-o", str(out_file), *DEBTOR, DEBTOR_BIC, capsys=capsys)[0] == 0
    # Paid by hand meanwhile? Refused: the payment waits in the batch.
    code, _out, err = _run(desk, "pay", next(iter(owed)), capsys=capsys)
    assert code == 1 and "waits in the SEPA batch" in err

    code, out, err = _run(
        desk, "sepa", "--confirm", str(out_file), "--on", "2026-11-28",
        "--bank-reference", "BANK-4711", capsys=capsys,
    )  # fmt: skip

    assert code == 0, err
    for reference, amount in owed.items():
        _code, shown, _err = _run(desk, "show", reference, "--json", capsys=capsys)
        record = json.loads(shown)
        assert record["status"] == "paid"
        assert [(p["amount"], p["paid_on"], p["bank_reference"]) for p in record["payments"]] == [
            (str(amount), "2026-11-28", "BANK-4711")
        ]
    code, _out, err = _run(desk, "sepa", "--confirm", str(out_file), capsys=capsys)
    assert code == 1 and "was confirmed on 2026-11-28" in err
    code, _out, err = _run(
        desk, "sepa", "-o", str(tmp_path / "again.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    assert code == 1 and "Nothing is left to pay" in err


def test_cancelling_releases_the_payments(desk: Any, tmp_path: Path, capsys: Any) -> None:
    owed = _reported(desk)
    _give_ibans(desk, list(owed))
    code, out, _err = _run(
        desk, "sepa", "-o", str(tmp_path / "a.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    number = out.splitlines()[0]

    code, out, err = _run(desk, "sepa", "--cancel", number, capsys=capsys)

    assert code == 0, err
    _code, listed, _err = _run(desk, "list", "exchanges", "--status", "reported", capsys=capsys)
    assert {line.split()[0] for line in listed.splitlines()} >= set(owed)
    code, out, _err = _run(
        desk, "sepa", "-o", str(tmp_path / "b.xml"), *DEBTOR, DEBTOR_BIC, capsys=capsys
    )
    assert code == 0 and set(_transfers(tmp_path / "b.xml")[1]) == set(owed)
    code, _out, err = _run(desk, "sepa", "--confirm", number, capsys=capsys)
    assert code == 1 and f"The SEPA batch {number} was cancelled" in err


def test_without_an_account_the_file_is_refused_saying_how_to_set_one(
    desk: Any, tmp_path: Path, capsys: Any
) -> None:
    from cxdesk.services.account import IBAN_KEY, NAME_KEY

    with desk.write() as session:
        from cxdesk.db.store import Store

        Store(session).set_state(NAME_KEY, "")
        Store(session).set_state(IBAN_KEY, "")
    _give_ibans(desk, list(_reported(desk)))

    code, _out, err = _run(desk, "sepa", "-o", str(tmp_path / "x.xml"), capsys=capsys)

    assert code == 1 and "--debtor-iban" in err and "File → Settings" in err
    assert not (tmp_path / "x.xml").exists() and sepa.open_batches(desk) == []
    code, _out, err = _run(
        desk, "sepa", "-o", str(tmp_path / "x.xml"), "--debtor-iban", "BE00 1234", "--debtor-name",
        "ECP", capsys=capsys,
    )  # fmt: skip
    assert code == 1 and "IBAN" in err and sepa.open_batches(desk) == []


def test_the_demo_account_is_used_when_none_is_given(
    desk: Any, tmp_path: Path, capsys: Any
) -> None:
    from cxdesk.services.account import account

    chosen = account(desk)
    assert chosen is not None and chosen.iban.startswith("BE")
    _give_ibans(desk, list(_reported(desk)))
    code, _out, err = _run(desk, "sepa", "-o", str(tmp_path / "x.xml"), capsys=capsys)
    assert code == 0, err
    root = ET.parse(tmp_path / "x.xml").getroot()
    assert root.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == chosen.iban


def test_usage_errors(desk: Any, capsys: Any) -> None:
    assert _run(desk, "sepa", capsys=capsys)[0] == 2
    assert _run(desk, "sepa", "-o", "x.xml", "--confirm", "SEPA-1", capsys=capsys)[0] == 2
    assert (
        _run(desk, "sepa", "-o", "x.xml", "--debtor-iban", "BE68539007547034", capsys=capsys)[0]
        == 2
    )
    code, _out, err = _run(desk, "sepa", "--confirm", "SEPA-1999-0001", capsys=capsys)
    assert code == 1 and "no SEPA batch SEPA-1999-0001" in err
