"""Composing e-mails: a document of an exchange as PDF, in the recipient's language, queued.

`send` only queues (cli.md); services/outbox.py sends. The subject and body come from the
coordinator's template file when there is one, else from the catalog (mail_templates.py), in
the language of the document attached.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from cxdesk.core import i18n, paths
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_day, translate_in
from cxdesk.db.engine import Database
from cxdesk.db.outbox_store import OutboxMessage, OutboxStore
from cxdesk.db.store import Store
from cxdesk.services.mail_templates import TEMPLATES

if TYPE_CHECKING:
    from cxdesk.pdf.content import AgreementContent

log = logging.getLogger("cxdesk.mail")

#: The documents `send` attaches (cli.md), in the order the window offers them.
DOCUMENTS: tuple[str, ...] = ("agreement", "commitment", "report-form", "certificate")

#: Their names for people (the window's choice of document).
DOCUMENT_LABELS: dict[str, str] = {
    "agreement": i18n.N_("Grant agreement"),
    "commitment": i18n.N_("Commitment to Quality"),
    "report-form": i18n.N_("Closing-report form"),
    "certificate": i18n.N_("Certificate of participation"),
}


@dataclass(frozen=True)
class Draft:
    """A message before it is queued: the window shows subject and body to edit."""

    exchange_uid: str
    reference: str
    document: str
    to: str
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class Recipient:
    """Someone of the exchange the window offers to write to."""

    label: str  # "Visitor: Anna Novak"
    email: str


class _Kept(dict[str, str]):
    """Placeholders a template names that the desk does not know stay as they were written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def template_dir() -> Path:
    """Where the coordinator's own templates are: `<config dir>/mail/`."""
    return paths.config_dir() / "mail"


def _template(document: str, lang: str) -> tuple[str, str]:
    """(subject, body) with placeholders: the coordinator's file in the language, else the
    coordinator's file for every language, else the catalog's message in the language."""
    folder = template_dir()
    for candidate in (folder / f"{document}.{lang}.txt", folder / f"{document}.txt"):
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(
                _("The e-mail template {path} cannot be read: {reason}").format(
                    path=candidate, reason=exc
                )
            ) from exc
        first, _sep, rest = text.replace("\r\n", "\n").partition("\n")
        subject = first.removeprefix("Subject:").strip()
        return subject, rest.lstrip("\n").rstrip() + "\n"
    subject, body = TEMPLATES[document]
    return translate_in(lang, subject), translate_in(lang, body)


def _valid_address(address: str) -> str:
    name, found = parseaddr(address.strip())
    if not found or "@" not in found or " " in found or found.startswith("@"):
        raise UserError(_("“{address}” is not an e-mail address.").format(address=address))
    return found


def _kind(document: str) -> str:
    if document not in DOCUMENTS:
        raise UserError(
            _("Unknown document “{document}”: choose one of {choices}.").format(
                document=document, choices=", ".join(DOCUMENTS)
            )
        )
    return document


def _values(content: AgreementContent, lang: str) -> _Kept:
    return _Kept(
        reference=content.reference,
        visitor=content.visitor.full_name,
        host=content.host_organisation.name,
        start=format_day(content.start_date, lang, "long"),
        end=format_day(content.end_date, lang, "long"),
        coordinator=content.coordinator or "",
        partnership=content.partnership.name,
    )


def recipients(db: Database, key: str) -> list[Recipient]:
    """The visitor and the host contact, where the desk has their addresses."""
    with db.unit() as session:
        store = Store(session)
        exchange = store.exchange(key)
        found: list[Recipient] = []
        visitor = store.person(exchange.visitor_uid)
        if visitor.email:
            label = _("Visitor: {name}").format(name=visitor.full_name)
            found.append(Recipient(label, visitor.email))
        if exchange.host_contact_uid:
            contact = store.person(exchange.host_contact_uid)
            if contact.email:
                label = _("Host contact: {name}").format(name=contact.full_name)
                found.append(Recipient(label, contact.email))
        return found


def compose(db: Database, document: str, key: str, to: str | None = None) -> Draft:
    """The message `send` would queue: recipient, language, subject and body."""
    from cxdesk.services.agreements import agreement_content, coordinator_name

    document = _kind(document)
    with db.unit() as session:
        store = Store(session)
        exchange = store.exchange(key)
        visitor = store.person(exchange.visitor_uid)
        lang = visitor.language or "en"
        if to is None or not to.strip():
            if not visitor.email:
                raise UserError(
                    _(
                        "The visitor of {reference} has no e-mail address: give one with --to."
                    ).format(reference=exchange.reference)
                )
            address = _valid_address(visitor.email)
        else:
            address = _valid_address(to)
            # Someone on the desk reads their own language; anyone else the visitor's.
            lang = OutboxStore(session).person_language(address) or lang
        content = agreement_content(store, exchange.uid, coordinator=coordinator_name(db.user))
    language = i18n.document_language(lang)
    subject, body = _template(document, language)
    values = _values(content, language)
    return Draft(
        exchange_uid=exchange.uid,
        reference=exchange.reference,
        document=document,
        to=address,
        language=language,
        # One line; a no-break space (French before ":") stays what the translator wrote.
        subject=re.sub(r"[ \t\r\n]+", " ", subject.format_map(values)).strip(),
        body=body.format_map(values),
    )


def make_document(db: Database, document: str, key: str, lang: str) -> tuple[str, bytes]:
    """The document's PDF in `lang` (the services that write it to a file), as a name and
    bytes; refused as those services refuse (a certificate before the end, …)."""
    from cxdesk.pdf.agreement import file_name
    from cxdesk.services import agreements, papers

    with tempfile.TemporaryDirectory(prefix="cxdesk-mail-") as folder:
        out = Path(folder) / "document.pdf"
        if document == "agreement":
            agreements.write_document(db, key, out, lang)
        elif document == "commitment":
            agreements.write_document(db, key, out, lang, commitment=True)
        elif document == "report-form":
            papers.report_form(db, key, out, lang)
        else:
            papers.certificate(db, key, out, lang)
        content = out.read_bytes()
    with db.unit() as session:
        reference = Store(session).exchange(key).reference
    return f"{document}-{file_name(reference)}", content


def read_attachment(path: Path) -> tuple[str, bytes]:
    """A file to send as it is (a signed PDF): its name and bytes; refused in a sentence."""
    try:
        return path.name, path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            _(
                "There is no file {path} to attach: it was moved or deleted; sign the paper again."
            ).format(path=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("The file {path} cannot be read to attach: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def queue(
    db: Database,
    document: str,
    key: str,
    to: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    *,
    attachment: Path | None = None,
) -> OutboxMessage:
    """Make the document, and put the message carrying it in the outbox (waiting).

    `subject` and `body`: the window's edited text (None: the template's). `attachment`: a file
    sent as it is instead of a fresh document (the signed PDF: a new one would carry no
    signature), with its own name.
    """
    draft = compose(db, document, key, to)
    if attachment is not None:
        name, content = read_attachment(attachment)
    else:
        name, content = make_document(db, draft.document, draft.exchange_uid, draft.language)
    with db.write() as session:
        message = OutboxStore(session).queue(
            draft.exchange_uid,
            draft.document,
            draft.to,
            draft.language,
            subject.strip() if subject and subject.strip() else draft.subject,
            body if body and body.strip() else draft.body,
            (name, content),
        )
    log.info("queued %s of %s (message %d)", draft.document, draft.reference, message.id)
    return message
