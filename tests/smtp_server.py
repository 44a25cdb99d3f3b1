"""A real SMTP server on 127.0.0.1 for the outbox's tests (aiosmtpd), collecting what arrives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A port nothing listens on (yet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Collector:
    """aiosmtpd's handler: keeps every message; refuses the recipients in `refused` (550)."""

    refused: set[str] = field(default_factory=set)
    received: list[bytes] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refused:
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        self.received.append(bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(raw) for raw in self.received]


def _authenticator(user: str, password: str, collector: Collector) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, given = data.login.decode(), data.password.decode()
            collector.logins.append((login, given))
            return AuthResult(success=login == user and given == password)
        return AuthResult(success=False, handled=False)

    return check


@contextmanager
def smtp_server(
    port: int | None = None,
    refused: set[str] | None = None,
    login: tuple[str, str] | None = None,
) -> Iterator[tuple[Collector, int]]:
    """An SMTP server on 127.0.0.1:`port` while the block runs; AUTH required with `login`."""
    collector = Collector(refused=set(refused or ()))
    port = port or free_port()
    options: dict[str, Any] = {}
    if login is not None:
        options = {
            "authenticator": _authenticator(login[0], login[1], collector),
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(collector, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()
