"""Signed papers dropped on an exchange's row: verified, kept, listed, and the exchange signed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxdesk.db.store import Store
from cxdesk.domain.codes import Status
from cxdesk.services import browse
from cxdesk.services.agreements import matching_references
from cxdesk.services.signatures import sign_document
from tests.pdf.certs import PASSPHRASE, TestCA, add_text, sign_field
from tests.ui.test_closing_pane import drop_on_row, select_reference


def _same_partnership_exchange(db: Any) -> tuple[str, str, str]:
    """An approved exchange hosted in the desk's partnership: reference, visitor's and host
    contact's e-mail addresses (three signatures on its commitment)."""
    for reference in matching_references(db, "approved"):
        with db.unit() as session:
            store = Store(session)
            exchange = store.exchange(reference)
            if not exchange.host_contact_uid:
                continue
            host = store.organisation(exchange.host_organisation_uid)
            visitor = store.person(exchange.visitor_uid).email
            contact = store.person(exchange.host_contact_uid).email
        if host.partnership == "ECP-DIGI" and visitor and contact:
            return reference, visitor, contact
    raise AssertionError("the demo desk has no approved exchange hosted in its partnership")


@pytest.fixture
def tab_window(window: Any) -> Any:
    window.show_tab("exchanges")
    return window.exchanges


def test_signed_papers_dropped_on_the_row_make_the_exchange_signed(
    tab_window: Any, demo_db: Any, answers: Any, tmp_path: Path
) -> None:
    tab = tab_window
    reference, visitor, host = _same_partnership_exchange(demo_db)
    ca = TestCA()
    coordinator = ca.person(tmp_path, "Clara Coordinator", "coordinator@ecp-digi.eu")
    vera = ca.person(tmp_path, "Vera Visitor", visitor)
    hugo = ca.person(tmp_path, "Hugo Host", host)
    phrase = tmp_path / "phrase.txt"
    phrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    agreement = sign_document(demo_db, reference, tmp_path / "a.pdf", coordinator, phrase)
    commitment = sign_document(
        demo_db, reference, tmp_path / "c.pdf", coordinator, phrase, commitment=True
    )
    signed_agreement = tmp_path / "agreement-signed.pdf"
    signed_agreement.write_bytes(sign_field(agreement.read_bytes(), "sig_visitor", vera))
    both = sign_field(commitment.read_bytes(), "sig_visitor", vera)
    signed_commitment = tmp_path / "commitment-signed.pdf"
    signed_commitment.write_bytes(sign_field(both, "sig_host", hugo))
    said: list[str] = []
    tab.context.status.connect(said.append)

    select_reference(tab, reference)
    # A paper changed after signing: refused in a sentence, nothing kept.
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(add_text(signed_agreement.read_bytes(), "99 999 EUR"))
    drop_on_row(tab, [changed])
    assert any("was changed after" in text for text in answers.told), answers.told
    assert not tab.exchange_pane.signed.text()

    drop_on_row(tab, [signed_agreement])
    assert browse.exchange(demo_db, reference).status is Status.APPROVED
    assert any("Still to come: the signed Commitment to Quality" in t for t in said), said
    assert "Vera Visitor" in tab.exchange_pane.signed.text()

    drop_on_row(tab, [signed_commitment])
    assert browse.exchange(demo_db, reference).status is Status.SIGNED, answers.told
    assert any(f"{reference} is now signed" in text for text in said), said
    pane_text = tab.exchange_pane.signed.text()
    assert "Hugo Host" in pane_text and "Clara Coordinator" in pane_text
    # The move is one undoable step with the paper kept.
    tab.context.undo_stack.undo()
    assert browse.exchange(demo_db, reference).status is Status.APPROVED
