"""Agreements from stored exchanges: the visitor's language, the granted amount, one file each."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import format_money
from cxdesk.db.models import ExchangeRow, PersonRow
from cxdesk.db.store import Store
from cxdesk.services.agreements import matching_references, write_document, write_documents


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _granted_with_language(db, lang: str) -> str:  # type: ignore[no-untyped-def]
    with db.unit() as session:
        ref = session.scalar(
            select(ExchangeRow.reference)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(ExchangeRow.status.in_(["approved", "signed", "paid"]))
            .order_by(PersonRow.language != lang, ExchangeRow.reference)
        )
    assert ref is not None
    return ref


def test_agreement_prints_the_granted_amount_in_the_visitors_language(
    demo_db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    ref = _granted_with_language(demo_db, "de")
    with demo_db.unit() as session:
        store = Store(session)
        exchange = store.exchange(ref)
        visitor = store.person(exchange.visitor_uid)
    path = write_document(demo_db, ref, tmp_path / "a.pdf")
    text = _text(path)
    assert ref in text and visitor.last_name in text
    assert exchange.lump_sum is not None
    lang = visitor.language or "en"
    assert format_money(exchange.lump_sum, lang).replace("\xa0", " ") in text.replace("\xa0", " ")


def test_asked_language_wins_and_commitment_is_a_second_document(
    demo_db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    ref = _granted_with_language(demo_db, "pl")
    agreement = _text(write_document(demo_db, ref, tmp_path / "a.pdf", lang="fr"))
    commitment = _text(write_document(demo_db, ref, tmp_path / "c.pdf", commitment=True))
    assert "Convention de subvention" in agreement or "subvention" in agreement
    assert ref in commitment and commitment != agreement


def test_batch_writes_one_file_per_exchange_named_by_reference(
    demo_db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    refs = matching_references(demo_db, "approved")
    written = list(write_documents(demo_db, tmp_path / "out", refs))
    assert sorted(p.name for p in written) == sorted(f"{r}.pdf" for r in refs)
    with pytest.raises(UserError, match="No exchange"):
        list(write_documents(demo_db, tmp_path / "none", []))
