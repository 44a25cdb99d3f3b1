"""`cxdesk report-form` and `cxdesk certificate` from the outside: what the visitor gets."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from cxdesk.cli import main
from cxdesk.core.i18n import document_language, format_day, format_money
from cxdesk.db.models import CommitmentRow, ExchangeRow, PersonRow, ReportRow
from cxdesk.db.store import Store


def _run(db: Any, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _exchange(db: Any, statuses: list[str], lang: str | None = None) -> tuple[str, Any, Any]:
    """An exchange in one of `statuses` (a visitor speaking `lang` first), its record, visitor."""
    with db.unit() as session:
        query = (
            select(ExchangeRow.reference)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(ExchangeRow.status.in_(statuses), ExchangeRow.deleted.is_(False))
            .order_by(PersonRow.language != (lang or ""), ExchangeRow.reference)
        )
        reference = session.scalar(query)
        assert reference is not None
        store = Store(session)
        exchange = store.exchange(reference)
        return reference, exchange, store.person(exchange.visitor_uid)


def test_report_form_is_in_the_visitors_language_and_fills(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, exchange, visitor = _exchange(demo_db, ["approved", "signed", "paid"], "el")
    assert visitor.language == "el"
    out = tmp_path / "forms" / "form.pdf"
    code, said, err = _run(demo_db, "report-form", reference, "-o", str(out), capsys=capsys)
    assert code == 0, err
    assert str(out) in said
    printed = _text(out)
    assert visitor.full_name in printed and reference in printed
    # "The visitor" in Greek, not assuming the person's gender (never "Ο επισκέπτης").
    assert "Το άτομο που πραγματοποιεί την επίσκεψη" in printed
    assert "Ο επισκέπτης" not in printed
    assert format_money(exchange.lump_sum, "el").replace("\xa0", " ") in printed.replace(
        "\xa0", " "
    )
    writer = PdfWriter(clone_from=PdfReader(out))
    values = {"activities": "Ημέρα 1: υποδοχή", "iban": "GR1601101250000000012300695"}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    fields = PdfReader(buffer).get_form_text_fields()
    assert fields["reference"] == reference
    assert fields["actual_start"] == exchange.start_date.isoformat()
    assert fields["activities"] == "Ημέρα 1: υποδοχή"
    assert fields["iban"] == "GR1601101250000000012300695"


def test_asked_language_wins(demo_db: Any, tmp_path: Path, capsys: Any) -> None:
    reference, _exchange_, _visitor = _exchange(demo_db, ["approved"], "el")
    out = tmp_path / "form.pdf"
    code, _out, err = _run(
        demo_db, "report-form", reference, "-o", str(out), "--lang", "de", capsys=capsys
    )
    assert code == 0, err
    assert "Die besuchende Person" in _text(out)


def test_certificate_refused_before_the_exchange_is_completed(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, _exchange_, _visitor = _exchange(demo_db, ["approved", "signed"])
    out = tmp_path / "certificate.pdf"
    code, said, err = _run(demo_db, "certificate", reference, "-o", str(out), capsys=capsys)
    assert code == 1
    assert said == ""
    assert len(err.strip().splitlines()) == 1
    assert reference in err and "completed" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["certificate", "report-form"])
def test_an_unknown_reference_is_refused(
    demo_db: Any, tmp_path: Path, capsys: Any, command: str
) -> None:
    out = tmp_path / "x.pdf"
    code, _said, err = _run(demo_db, command, "CX-1999-9999", "-o", str(out), capsys=capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "CX-1999-9999" in err
    assert not out.exists()


def test_report_form_refused_for_an_exchange_not_granted(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, _exchange_, _visitor = _exchange(demo_db, ["draft", "rejected"])
    code, _said, err = _run(
        demo_db, "report-form", reference, "-o", str(tmp_path / "f.pdf"), capsys=capsys
    )
    assert code == 1 and len(err.strip().splitlines()) == 1 and reference in err


def test_certificate_prints_the_dates_the_report_gives(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, exchange, visitor = _exchange(demo_db, ["completed", "reported", "paid"], "bg")
    out = tmp_path / "planned.pdf"
    code, _said, err = _run(demo_db, "certificate", reference, "-o", str(out), capsys=capsys)
    assert code == 0, err
    # The visitor's language where the documents speak it, else wholly English.
    lang = document_language(visitor.language or "en")
    planned = _text(out)
    assert visitor.full_name in planned and reference in planned
    assert format_day(exchange.start_date, lang, "long") in planned
    actual_start, actual_end = date(2026, 3, 4), date(2026, 3, 6)
    with demo_db.unit() as session:
        session.execute(ReportRow.__table__.delete().where(ReportRow.exchange_uid == exchange.uid))
        session.add(
            ReportRow(
                uid=str(uuid.uuid4()),
                exchange_uid=exchange.uid,
                received_on=date(2026, 3, 10),
                actual_start=actual_start,
                actual_end=actual_end,
            )
        )
    out = tmp_path / "actual.pdf"
    code, _said, err = _run(demo_db, "certificate", reference, "-o", str(out), capsys=capsys)
    assert code == 0, err
    printed = _text(out)
    assert format_day(actual_start, lang, "long") in printed
    assert format_day(actual_end, lang, "long") in printed


def test_commitment_prints_the_agenda_typed_on_the_exchange(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, exchange, _visitor = _exchange(demo_db, ["approved"])
    with demo_db.unit() as session:
        session.merge(
            CommitmentRow(
                exchange_uid=exchange.uid,
                goals="Понять, как работает кластер",
                agenda="Day 1: welcome\nDay 2: the laboratories",
            )
        )
    out = tmp_path / "commitment.pdf"
    code, _said, err = _run(
        demo_db, "agreement", reference, "--commitment", "-o", str(out), capsys=capsys
    )
    assert code == 0, err
    printed = _text(out)
    assert "Понять, как работает кластер" in printed
    assert "Day 1: welcome" in printed and "Day 2: the laboratories" in printed


def test_the_coordinator_named_by_user_signs_for_the_partnership(
    demo_db: Any, tmp_path: Path, capsys: Any
) -> None:
    reference, _exchange_, _visitor = _exchange(demo_db, ["approved"])
    out = tmp_path / "agreement.pdf"
    code, _said, err = _run(
        demo_db, "--user", "Елена Петрова", "agreement", reference, "-o", str(out), capsys=capsys
    )
    assert code == 0, err
    assert "Елена Петрова" in _text(out)
