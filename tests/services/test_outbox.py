"""Sending the outbox: where the server and password come from, and what each answer leaves."""

from __future__ import annotations

from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from cxdesk.core.errors import UserError
from cxdesk.core.settings import Settings
from cxdesk.db.outbox_store import OutboxStore
from cxdesk.services import outbox
from cxdesk.services.outbox import ServerSilent, SmtpServer, password_for, send_waiting
from tests.smtp_server import free_port, smtp_server


class _Remembered(KeyringBackend):
    """A system keyring holding one password (the tests' stand-in for the real one)."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return "from-the-keyring" if (service, username) == ("cxdesk-smtp", "me@x.org") else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


class _Broken(_Remembered):
    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("the keyring daemon is gone")


@pytest.fixture
def no_smtp_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CXDESK_SMTP", "CXDESK_SMTP_FROM", "CXDESK_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def test_cxdesk_smtp_names_the_server(no_smtp_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXDESK_SMTP", "smtp://me%40x.org@mail.example.org:2525")
    server = outbox.smtp_server(Settings(smtp_host="ignored.example.org"))
    assert server == SmtpServer("mail.example.org", 2525, "opportunistic", "me@x.org", "me@x.org")
    monkeypatch.setenv("CXDESK_SMTP", "smtps://mail.example.org")
    monkeypatch.setenv("CXDESK_SMTP_FROM", "desk@x.org")
    assert outbox.smtp_server() == SmtpServer("mail.example.org", 465, "tls", "", "desk@x.org")
    monkeypatch.setenv("CXDESK_SMTP", "http://mail.example.org")
    with pytest.raises(UserError, match="smtp://user@host:port"):
        outbox.smtp_server()


def test_the_settings_name_the_server(no_smtp_env: None) -> None:
    assert outbox.smtp_server(Settings()) is None
    settings = Settings(smtp_host="mail.example.org", smtp_user="me", smtp_from="desk@x.org")
    assert outbox.smtp_server(settings) == SmtpServer(
        "mail.example.org", 587, "starttls", "me", "desk@x.org"
    )
    with pytest.raises(UserError, match="not one of starttls, tls or none"):
        outbox.smtp_server(Settings(smtp_host="h", smtp_security="ssl3"))


def test_the_password_comes_from_the_keyring_else_the_environment(
    no_smtp_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = keyring.get_keyring()
    monkeypatch.setenv("CXDESK_SMTP_PASSWORD", "from-the-environment")
    try:
        keyring.set_keyring(_Remembered())  # type: ignore[no-untyped-call]
        assert password_for("me@x.org") == "from-the-keyring"
        assert password_for("someone-else") == "from-the-environment"
        keyring.set_keyring(_Broken())  # type: ignore[no-untyped-call]  # failing: no error
        assert password_for("me@x.org") == "from-the-environment"
    finally:
        keyring.set_keyring(before)


def _queue(db: Any, *recipients: str) -> list[int]:
    with db.write() as session:
        store = OutboxStore(session)
        return [
            store.queue(None, "agreement", to, "en", f"To {to}", "Body", ("a.pdf", b"%PDF-1.7")).id
            for to in recipients
        ]


def test_a_silent_server_leaves_every_message_waiting(empty_db: Any) -> None:
    _queue(empty_db, "a@x.org")
    server = SmtpServer("127.0.0.1", free_port(), "none", "", "desk@x.org")
    with pytest.raises(ServerSilent, match=r"127\.0\.0\.1:\d+ does not answer"):
        send_waiting(empty_db, server)
    assert [m.status for m in outbox.list_outbox(empty_db)] == ["waiting"]
    assert outbox.waiting_count(empty_db) == 1


def test_what_failed_is_tried_again_by_hand_not_by_the_timer(empty_db: Any) -> None:
    _queue(empty_db, "gone@x.org", "here@x.org")
    with smtp_server(refused={"gone@x.org"}) as (collector, port):
        server = SmtpServer("127.0.0.1", port, "opportunistic", "", "desk@x.org")
        first = send_waiting(empty_db, server)
        assert [m.to for m in first.sent] == ["here@x.org"]
        [(refused, error)] = first.failed
        assert error == "The server refused the recipient gone@x.org: 550 No such user"
        assert send_waiting(empty_db, server, retry_failed=False).failed == ()
        collector.refused.clear()
        again = send_waiting(empty_db, server)
    assert [m.to for m in again.sent] == ["gone@x.org"]
    assert [m.status for m in outbox.list_outbox(empty_db)] == ["sent", "sent"]
    [first_mail, _second] = collector.messages()
    [attachment] = list(first_mail.iter_attachments())
    assert attachment.get_filename() == "a.pdf"
