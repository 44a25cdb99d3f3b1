"""Sign… on the exchange pane: an approved exchange's paper signed with a certificate file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxdesk.core.settings import Settings
from cxdesk.pdf.signature_check import read_signed
from cxdesk.services.agreements import matching_references
from cxdesk.ui.dialogs import sign_dialog
from tests.pdf.certs import PASSPHRASE, TestCA
from tests.ui.test_accessibility import unnamed
from tests.ui.test_closing_pane import select_reference

COORDINATOR = "coordinator@ecp-digi.eu"  # the demo desk's partnership's, filled by demo


@pytest.fixture
def tab(window: Any) -> Any:
    window.show_tab("exchanges")
    return window.exchanges


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The coordinator's certificate, the one Browse… picks."""
    p12 = TestCA().person(tmp_path, "Clara Coordinator", COORDINATOR)
    monkeypatch.setattr(sign_dialog, "choose_certificate", lambda _parent, _start: str(p12))
    return p12


@pytest.fixture
def tokens(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The tokens the system offers (none unless a test adds one)."""
    import cxdesk.services.signatures as signatures

    offered: list[Any] = []
    monkeypatch.setattr(signatures, "available_tokens", lambda: list(offered))
    return offered


def _open(tab: Any, db: Any) -> Any:
    """Sign… clicked on the first approved exchange; the dialog it opened."""
    select_reference(tab, matching_references(db, "approved")[0])
    assert tab.exchange_pane.sign_button.isEnabled()
    tab.exchange_pane.sign_button.click()
    dialog = tab.signing.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_sign_saves_the_agreement_signed_by_the_coordinator(
    window: Any, tab: Any, demo_db: Any, certificate: Path, tmp_path: Path, tokens: list[Any]
) -> None:
    window.remember = True  # the settings file is written, as on a desk
    dialog = _open(tab, demo_db)
    reference = tab.exchange_pane.title.text()
    assert not unnamed(dialog), unnamed(dialog)
    assert dialog.no_token.isVisible() and not dialog.use_token.isEnabled()
    assert dialog.target.text().endswith(f"{reference}-signed.pdf")  # the printed name
    dialog.browse.click()
    assert dialog.certificate.text() == str(certificate)
    dialog.passphrase.setText(PASSPHRASE)
    out = tmp_path / "out" / "signed.pdf"
    dialog.target.setText(str(out))
    dialog.ok_button.click()

    assert dialog.isVisible() and not dialog.problem.isVisible(), dialog.problem.text()
    assert str(out) in dialog.saved.text() and "is signed and saved" in dialog.saved.text()
    assert dialog.passphrase.text() == ""
    paper = read_signed(out.read_bytes(), out.name)
    assert (paper.reference, paper.document) == (reference, "agreement")
    [signature] = paper.signatures
    assert signature.holder is not None and signature.holder.email == COORDINATOR
    assert signature.intact and not signature.changed_after

    dialog.ok_button.click()  # now Close
    assert not dialog.isVisible()
    assert str(out) in window.statusBar().currentMessage()
    saved = Settings.path().read_text(encoding="utf-8")
    assert Settings.load().last_certificate == str(certificate)
    assert PASSPHRASE not in saved

    # Next time the certificate is offered again; the passphrase is asked again.
    again = _open(tab, demo_db)
    assert again.certificate.text() == str(certificate) and again.passphrase.text() == ""
    again.close()


def test_a_wrong_passphrase_is_said_in_the_dialog_and_nothing_is_written(
    tab: Any, demo_db: Any, certificate: Path, tmp_path: Path, tokens: list[Any]
) -> None:
    dialog = _open(tab, demo_db)
    dialog.browse.click()
    dialog.passphrase.setText("not the passphrase")
    out = tmp_path / "signed.pdf"
    dialog.target.setText(str(out))
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.signed is None
    assert "The passphrase does not open" in dialog.problem.text()
    assert certificate.name in dialog.problem.text()
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []


def test_the_commitment_and_a_token_to_choose(
    tab: Any, demo_db: Any, certificate: Path, tmp_path: Path, tokens: list[Any]
) -> None:
    from cxdesk.services.tokens import TokenChoice

    token = TokenChoice("Card: Clara Coordinator", "pkcs11:token=Card;object=Clara")
    tokens.append(token)
    dialog = _open(tab, demo_db)
    assert not unnamed(dialog), unnamed(dialog)
    assert dialog.token.isVisible() and dialog.use_token.isChecked()  # no file used before
    assert dialog.token.currentText() == token.label
    dialog.paper.setCurrentIndex(dialog.paper.findData("commitment"))
    assert dialog.target.text().endswith("-commitment-signed.pdf")

    # The certificate file instead: the commitment, signed.
    dialog.browse.click()
    assert dialog.use_file.isChecked() and not dialog.use_token.isChecked()
    dialog.passphrase.setText(PASSPHRASE)
    out = tmp_path / "commitment.pdf"
    dialog.target.setText(str(out))
    dialog.ok_button.click()
    assert dialog.signed == out, dialog.problem.text()
    assert read_signed(out.read_bytes(), out.name).document == "commitment"


def test_sign_waits_for_the_approval(tab: Any, demo_db: Any) -> None:
    select_reference(tab, matching_references(demo_db, "submitted")[0])
    pane = tab.exchange_pane
    assert not pane.sign_button.isEnabled()
    assert "approved" in pane.sign_button.toolTip()


def test_the_exchange_menu_signs_too(
    window: Any, tab: Any, demo_db: Any, tokens: list[Any]
) -> None:
    select_reference(tab, matching_references(demo_db, "submitted")[0])
    action = window.actions_by_id["sign_paper"]
    assert not action.isEnabled()
    select_reference(tab, matching_references(demo_db, "approved")[0])
    assert action.isEnabled()
    action.trigger()
    dialog = tab.signing.dialog
    assert dialog is not None and dialog.isVisible()
    assert tab.exchange_pane.title.text() in dialog.windowTitle()
    dialog.close()


def test_a_paper_of_an_exchange_not_approved_is_not_signed(
    tab: Any, demo_db: Any, answers: Any
) -> None:
    reference = matching_references(demo_db, "submitted")[0]
    select_reference(tab, reference)
    tab.signing.sign()  # as a menu left enabled would
    assert answers.told == [f"{reference} is submitted: its papers are signed once it is approved."]
    assert tab.signing.dialog is None


def test_an_exchange_cancelled_while_the_dialog_is_open_is_not_signed(
    tab: Any, demo_db: Any, certificate: Path, tmp_path: Path, tokens: list[Any]
) -> None:
    from cxdesk.domain.codes import Status
    from cxdesk.services.exchanges import move

    dialog = _open(tab, demo_db)
    reference = tab.exchange_pane.title.text()
    move(demo_db, reference, Status.CANCELLED)  # elsewhere: another coordinator, the CLI
    dialog.browse.click()
    dialog.passphrase.setText(PASSPHRASE)
    out = tmp_path / "signed.pdf"
    dialog.target.setText(str(out))
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.signed is None
    assert dialog.problem.text() == (
        f"{reference} is cancelled: its papers are signed once it is approved."
    )
    assert not out.exists()


def test_send_after_signing_mails_the_signed_file(
    window: Any,
    tab: Any,
    demo_db: Any,
    certificate: Path,
    tmp_path: Path,
    tokens: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.smtp_server import smtp_server

    dialog = _open(tab, demo_db)
    reference = tab.exchange_pane.title.text()
    assert not dialog.send_button.isVisible()  # nothing signed yet
    dialog.browse.click()
    dialog.passphrase.setText(PASSPHRASE)
    out = tmp_path / "signed.pdf"
    dialog.target.setText(str(out))
    dialog.ok_button.click()
    assert dialog.signed == out, dialog.problem.text()
    assert dialog.send_button.isVisible() and not unnamed(dialog), unnamed(dialog)

    dialog.send_button.click()
    assert not dialog.isVisible()
    send = tab.sending.dialog
    assert send is not None and send.isVisible()
    assert send.attached.isVisible() and send.attached.text() == "signed.pdf"
    assert send.kind() == "agreement" and not send.document.isEnabled()
    assert not unnamed(send), unnamed(send)
    to = send.address()
    send.ok_button.click()
    assert not send.isVisible(), send.problem.text()
    assert "waits in the outbox" in window.statusBar().currentMessage()

    monkeypatch.delenv("CXDESK_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("CXDESK_SMTP_FROM", "desk@example.org")
    with smtp_server() as (server, port):
        monkeypatch.setenv("CXDESK_SMTP", f"smtp://127.0.0.1:{port}")
        window.mail.tick()  # what the timer does every minute
        [message] = server.messages()
    assert message["To"] == to and reference in message["Subject"]
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "signed.pdf"
    assert attached.get_content() == out.read_bytes()  # the signed file itself, not a new one
