"""Send… on the exchange pane queues a document as an e-mail; File → Outbox… lists and sends it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cxdesk.db.models import ExchangeRow, PersonRow
from cxdesk.services.outbox import list_outbox
from tests.smtp_server import smtp_server


def _french_visit(db: Any) -> tuple[str, str]:
    with db.unit() as session:
        found = session.execute(
            select(ExchangeRow.reference, PersonRow.email)
            .join(PersonRow, PersonRow.uid == ExchangeRow.visitor_uid)
            .where(PersonRow.language == "fr", PersonRow.email.is_not(None))
            .order_by(ExchangeRow.reference)
        ).first()
    assert found is not None
    return str(found[0]), str(found[1])


@pytest.fixture
def tab(window: Any) -> Any:
    window.show_tab("exchanges")
    return window.exchanges


def test_send_queues_the_document_to_the_visitor(window: Any, tab: Any, demo_db: Any) -> None:
    reference, address = _french_visit(demo_db)
    tab.filter_bar.text.setText(reference)
    tab.filter_bar.flush()
    tab.select_first()
    pane = tab.exchange_pane
    assert pane.title.text() == reference and pane.send_button.isEnabled()

    pane.send_button.click()
    dialog = tab.sending.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.address() == address  # the visitor first
    assert reference in dialog.subject.text()
    dialog.subject.setText(f"Votre convention {reference}")
    dialog.ok_button.click()
    assert not dialog.isVisible(), dialog.problem.text()

    [message] = list_outbox(demo_db)
    assert (message.to, message.document, message.status) == (address, "agreement", "waiting")
    assert message.subject == f"Votre convention {reference}" and message.language == "fr"
    assert "waits in the outbox" in window.statusBar().currentMessage()
    # The exchange's history says so at once.
    assert f"queued agreement to {address}" in pane.history.text()


def test_the_outbox_dialog_sends_now_and_the_timer_sends_by_itself(
    window: Any, tab: Any, demo_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.services import mail
    from cxdesk.ui.dialogs.outbox_dialog import open_outbox

    reference, _address = _french_visit(demo_db)
    for name in ("CXDESK_SMTP_PASSWORD",):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CXDESK_SMTP_FROM", "desk@example.org")
    mail.queue(demo_db, "agreement", reference)
    with smtp_server() as (server, port):
        monkeypatch.setenv("CXDESK_SMTP", f"smtp://127.0.0.1:{port}")
        dialog = open_outbox(window, window.context)
        assert dialog.table.rowCount() == 1 and dialog.send_button.isEnabled()
        dialog.send_button.click()
        assert dialog.said.text() == "1 message sent."
        assert not dialog.send_button.isEnabled()  # nothing left to send
        dialog.close()

        mail.queue(demo_db, "commitment", reference)
        window.mail.tick()  # what the timer does every minute
        assert len(server.received) == 2
    assert window.statusBar().currentMessage() == "1 message sent"
    assert [m.status for m in list_outbox(demo_db)] == ["sent", "sent"]
