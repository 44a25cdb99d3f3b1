"""Signing and receiving signed papers through the services, and the coordinators' addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxdesk.core.errors import UserError
from cxdesk.db import signed_store
from cxdesk.db.store import Store
from cxdesk.services import coordinators, signature_check, signatures
from cxdesk.services.agreements import matching_references
from tests.pdf.certs import PASSPHRASE, TestCA, sign_field


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA()


def _phrase(tmp: Path) -> Path:
    path = tmp / "phrase.txt"
    path.write_text(PASSPHRASE + "\r\nsecond line ignored\n", encoding="utf-8")
    return path


def _approved(db: Any) -> tuple[str, str]:
    reference = matching_references(db, "approved")[0]
    with db.unit() as session:
        store = Store(session)
        email = store.person(store.exchange(reference).visitor_uid).email
    assert email
    return reference, email


def test_demo_fills_the_coordinators_and_settings_change_them(demo_db: Any) -> None:
    emails = coordinators.coordinator_emails(demo_db)
    assert emails["ECP-DIGI"] == "coordinator@ecp-digi.eu"
    assert "ECP-DIGI" in coordinators.known_partnerships(demo_db)
    with pytest.raises(UserError, match="not an e-mail address"):
        coordinators.set_coordinator_emails(demo_db, {"ECP-DIGI": "nobody"})
    change = coordinators.set_coordinator_emails(demo_db, {"ECP-DIGI": " Anna@ECP-digi.EU "})
    assert change is not None and change.rows
    assert coordinators.coordinator_emails(demo_db)["ECP-DIGI"] == "anna@ecp-digi.eu"
    assert coordinators.set_coordinator_emails(demo_db, {"ECP-DIGI": "anna@ecp-digi.eu"}) is None


def test_passphrase_file_is_its_first_line(tmp_path: Path) -> None:
    assert signatures.read_passphrase(_phrase(tmp_path)) == PASSPHRASE.encode()
    assert signatures.read_passphrase(None) is None


def test_only_the_coordinator_certificate_signs(demo_db: Any, ca: TestCA, tmp_path: Path) -> None:
    reference, _email = _approved(demo_db)
    someone = ca.person(tmp_path, "Some One", "someone@example.org")
    out = tmp_path / "a.pdf"
    with pytest.raises(UserError, match="not that of the coordinator of ECP-DIGI"):
        signatures.sign_document(demo_db, reference, out, someone, _phrase(tmp_path))
    assert not out.exists()


def test_a_paper_with_fewer_signatures_is_kept_and_the_status_stays(
    demo_db: Any, ca: TestCA, tmp_path: Path
) -> None:
    reference, visitor_email = _approved(demo_db)
    coordinator = ca.person(tmp_path, "Clara Coordinator", "coordinator@ecp-digi.eu")
    signed = signatures.sign_document(
        demo_db, reference, tmp_path / "a.pdf", coordinator, _phrase(tmp_path)
    )
    received = signature_check.receive_signed(demo_db, reference, signed)
    assert received.document == "agreement"
    assert [s.party for s in received.signers] == ["partnership:ECP-DIGI"]
    assert received.missing == ("visitor",)
    assert not received.now_signed
    assert "Still to sign: the visitor." in received.message
    papers = signature_check.signed_papers(demo_db, reference)
    assert [p.document for p in papers] == ["agreement"]
    with demo_db.unit() as session:
        assert signed_store.signed_paper_bytes(session, papers[0].id) == signed.read_bytes()
    # The visitor's signature added: the same exchange keeps both files.
    vera = ca.person(tmp_path, "Vera Visitor", visitor_email)
    both = tmp_path / "both.pdf"
    both.write_bytes(sign_field(signed.read_bytes(), "sig_visitor", vera))
    received = signature_check.receive_signed(demo_db, reference, both)
    assert received.missing == () and received.incomplete == ("commitment",)
    (line_one, line_two) = signature_check.signed_lines(demo_db, reference)
    assert "Vera Visitor (the visitor)" in line_two
    assert "Clara Coordinator (partnership ECP-DIGI)" in line_one
    assert signature_check.status_note(demo_db, reference) == f"{reference} stays approved."
