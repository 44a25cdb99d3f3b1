"""Sending the outbox over SMTP: what waits goes out, a refusal is kept with the server's words.

The server comes from CXDESK_SMTP (`smtp://user@host:port`, `smtps://…`) or the settings; the
password from the system keyring (service "cxdesk-smtp") or CXDESK_SMTP_PASSWORD, never from a
file the desk writes, and never logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.secrets import SMTP_SERVICE, stored_password
from cxdesk.core.settings import Settings
from cxdesk.db.engine import Database
from cxdesk.db.outbox_store import OutboxMessage, OutboxStore

log = logging.getLogger("cxdesk.outbox")

KEYRING_SERVICE = SMTP_SERVICE
TIMEOUT_SECONDS = 15
#: `smtp://`: STARTTLS when the server offers it (cli.md); the settings' starttls requires it.
SECURITIES = ("starttls", "tls", "none", "opportunistic")
USUAL_PORTS = {"starttls": 587, "tls": 465, "none": 25, "opportunistic": 587}


class ServerSilent(UserError):
    """The SMTP server does not answer: nothing was sent that was not sent; messages wait."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: str
    user: str
    sender: str

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Sent:
    """What one `outbox --send` did."""

    sent: tuple[OutboxMessage, ...]
    failed: tuple[tuple[OutboxMessage, str], ...]


def _from_url(url: str) -> SmtpServer:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("smtp", "smtps") or not parts.hostname:
        raise UserError(_("CXDESK_SMTP must read smtp://user@host:port or smtps://user@host:port."))
    security = "tls" if scheme == "smtps" else "opportunistic"
    try:
        port = parts.port or USUAL_PORTS[security]
    except ValueError as exc:
        raise UserError(_("CXDESK_SMTP names a port that is not a number.")) from exc
    user = unquote(parts.username or "")
    sender = os.environ.get("CXDESK_SMTP_FROM", "") or (user if "@" in user else "")
    return SmtpServer(parts.hostname, port, security, user, sender)


def smtp_server(settings: Settings | None = None) -> SmtpServer | None:
    """The SMTP server to send through: CXDESK_SMTP, else the settings; None when neither."""
    url = os.environ.get("CXDESK_SMTP", "")
    if url.strip():
        return _from_url(url)
    settings = settings or Settings.load()
    host = settings.smtp_host.strip()
    if not host:
        return None
    security = settings.smtp_security.strip().lower() or "starttls"
    if security not in ("starttls", "tls", "none"):
        raise UserError(
            _("The SMTP security “{value}” is not one of starttls, tls or none.").format(
                value=settings.smtp_security
            )
        )
    user = settings.smtp_user.strip()
    sender = settings.smtp_from.strip() or (user if "@" in user else "")
    port = int(settings.smtp_port or USUAL_PORTS[security])
    return SmtpServer(host, port, security, user, sender)


def password_for(user: str) -> str | None:
    """The SMTP user's password: the system keyring's, else CXDESK_SMTP_PASSWORD's."""
    found = stored_password(KEYRING_SERVICE, user)
    return found or os.environ.get("CXDESK_SMTP_PASSWORD") or None


def _words(answer: bytes | str) -> str:
    text = answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)
    return " ".join(text.split())


#: Headers unfolded up to SMTP's own limit: Python's folding of a subject before an encoded
#: word ("… subvention à signer") gives the reader an extra space; a subject is never that long.
_POLICY = policy.SMTP.clone(max_line_length=998)


def _email(message: OutboxMessage, sender: str, attachment: bytes | None) -> EmailMessage:
    mail = EmailMessage(policy=_POLICY)
    mail["From"] = sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    mail.set_content(message.body)
    if attachment is not None:
        mail.add_attachment(
            attachment,
            maintype="application",
            subtype="pdf",
            filename=message.attachment_name or "document.pdf",
        )
    return mail


def _silent(server: SmtpServer) -> ServerSilent:
    return ServerSilent(
        _("The SMTP server {server} does not answer: the messages wait in the outbox.").format(
            server=server.where
        )
    )


def _connect(server: SmtpServer) -> smtplib.SMTP:
    """A session with the server, secured and logged in as the settings say."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    try:
        if server.security == "tls":
            client = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
    except (OSError, smtplib.SMTPException) as exc:
        log.info("SMTP server %s does not answer: %s", server.where, exc)
        raise _silent(server) from exc
    try:
        client.ehlo()
        offered = client.has_extn("starttls")
        if server.security == "starttls" and not offered:
            raise UserError(
                _(
                    "The SMTP server {server} does not offer STARTTLS: choose tls or none in "
                    "the settings, or another server."
                ).format(server=server.where)
            )
        if server.security in ("starttls", "opportunistic") and offered:
            client.starttls(context=context)
            client.ehlo()
        if server.user:
            _login(client, server)
    except smtplib.SMTPServerDisconnected as exc:
        client.close()
        raise _silent(server) from exc
    except smtplib.SMTPException as exc:  # an answer, not silence (SMTPException is an OSError)
        client.close()
        raise UserError(
            _("The SMTP server {server} refused the connection: {answer}").format(
                server=server.where, answer=_words(str(exc))
            )
        ) from exc
    except OSError as exc:
        client.close()
        raise _silent(server) from exc
    except BaseException:
        client.close()
        raise
    return client


def _login(client: smtplib.SMTP, server: SmtpServer) -> None:
    password = password_for(server.user)
    if password is None:
        raise UserError(
            _(
                "No password for the SMTP user {user}: keep it in the system keyring (service "
                "cxdesk-smtp) or in CXDESK_SMTP_PASSWORD."
            ).format(user=server.user)
        )
    try:
        client.login(server.user, password)
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(
            _("The SMTP server {server} refused the login of {user}: {answer}").format(
                server=server.where,
                user=server.user,
                answer=f"{exc.smtp_code} {_words(exc.smtp_error)}",
            )
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise UserError(
            _("The SMTP server {server} does not accept a login.").format(server=server.where)
        ) from exc


def _refusal(exc: smtplib.SMTPException, message: OutboxMessage, sender: str) -> str:
    """The server's answer in words, for the outbox's error column."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(exc.recipients.values()), (0, b""))
        return _("The server refused the recipient {address}: {answer}").format(
            address=message.to, answer=f"{code} {_words(answer)}"
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _("The server refused the sender {address}: {answer}").format(
            address=sender, answer=f"{exc.smtp_code} {_words(exc.smtp_error)}"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _("The server refused the message: {answer}").format(
            answer=f"{exc.smtp_code} {_words(exc.smtp_error)}"
        )
    return _("The server refused the message: {answer}").format(answer=_words(str(exc)))


def send_waiting(db: Database, server: SmtpServer | None = None, retry_failed: bool = True) -> Sent:
    """Send every waiting message (and the failed ones again, unless `retry_failed` is False:
    the window's automatic sending); each one's outcome is kept as it goes.

    A server that does not answer: `ServerSilent`, and what was not sent waits.
    """
    server = server or smtp_server()
    if server is None:
        raise UserError(
            _(
                "No SMTP server is set: give its host in the settings (smtp_host) or "
                "CXDESK_SMTP=smtp://user@host:port."
            )
        )
    with db.unit() as session:
        todo = OutboxStore(session).to_send(retry_failed)
    if not todo:
        return Sent((), ())
    if not server.sender:
        raise UserError(
            _(
                "No sender address for the e-mails: set smtp_from in the settings or "
                "CXDESK_SMTP_FROM."
            )
        )
    log.info("sending %d message(s) through %s", len(todo), server.where)
    sent: list[OutboxMessage] = []
    failed: list[tuple[OutboxMessage, str]] = []
    client = _connect(server)
    try:
        for message in todo:
            with db.unit() as session:
                attachment = OutboxStore(session).attachment(message)
            mail = _email(message, server.sender, attachment)
            try:
                client.send_message(mail, from_addr=server.sender, to_addrs=[message.to])
            except smtplib.SMTPServerDisconnected as exc:
                log.info("SMTP server %s went away: %s", server.where, exc)
                raise _silent(server) from exc
            except smtplib.SMTPException as exc:  # an answer (an OSError too: caught first)
                error = _refusal(exc, message, server.sender)
                with db.write() as session:
                    OutboxStore(session).mark_failed(message.id, error)
                failed.append((message, error))
                continue  # smtplib has reset the transaction: the next message goes on
            except OSError as exc:
                log.info("SMTP server %s went away: %s", server.where, exc)
                raise _silent(server) from exc
            with db.write() as session:
                OutboxStore(session).mark_sent(message.id)
            sent.append(message)
    finally:
        with contextlib.suppress(OSError):  # a server gone at the end: the work is kept
            client.quit()
        client.close()
    log.info("sent %d, refused %d, through %s", len(sent), len(failed), server.where)
    return Sent(tuple(sent), tuple(failed))


def list_outbox(db: Database) -> list[OutboxMessage]:
    """Every message of the outbox, oldest first."""
    with db.unit() as session:
        return OutboxStore(session).messages()


def waiting_count(db: Database) -> int:
    with db.unit() as session:
        return OutboxStore(session).waiting_count()
