"""Electronic signatures: who signs which paper, and the coordinator signing one.

The grant agreement is signed by the visitor and the visitor's partnership; the Commitment to
Quality by the visitor, the host and both partnerships (once when they are the same). When both
carry all their signatures the exchange becomes signed (issue 21, cli.md); a returned paper is
verified and kept by services/signature_check.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.outputs import atomic_output, check_file
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.pdf import signature_places as fields
from cxdesk.pdf.agreement import file_name, render_agreement, render_commitment
from cxdesk.pdf.signature_places import Places
from cxdesk.services.agreements import agreement_content, coordinator_name, document_language
from cxdesk.services.coordinators import coordinator_emails_in
from cxdesk.services.tokens import TokenChoice, available_tokens

__all__ = ["TokenChoice", "available_tokens", "check_signable", "sign_document"]

AGREEMENT, COMMITMENT = "agreement", "commitment"
VISITOR, HOST = "visitor", "host"
PARTNERSHIP = "partnership:"  # + the partnership's code


def read_passphrase(path: Path | None) -> bytes | None:
    """The passphrase file's first line, without the line end (cli.md); None without a file."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UserError(_("The passphrase file {path} cannot be read.").format(path=path)) from None
    lines = text.splitlines()
    return (lines[0] if lines else "").encode("utf-8")


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("There is no file {path}.").format(path=path)) from None
    except OSError:
        raise UserError(_("{what} {path} cannot be read.").format(what=what, path=path)) from None


@dataclass(frozen=True)
class Parties:
    """Who must sign each paper of one exchange, and how each is known (party → e-mail)."""

    reference: str
    required: dict[str, tuple[str, ...]]  # document → parties
    emails: dict[str, str | None]  # party → e-mail address, None when the desk has none
    own: str  # the coordinator's party: the visitor's partnership


def parties_of(store: Store, key: str) -> Parties:
    exchange = store.exchange(key)
    visitor = store.person(exchange.visitor_uid)
    visiting = store.organisation(visitor.organisation_uid)
    host = store.organisation(exchange.host_organisation_uid)
    contact = store.person(exchange.host_contact_uid) if exchange.host_contact_uid else None
    own_partnership = store.partnership()
    visitors = own_partnership.acronym if own_partnership else (visiting.partnership or "")
    coordinators = coordinator_emails_in(store)
    own = PARTNERSHIP + visitors
    commitment = [VISITOR, HOST, own]
    if host.partnership and host.partnership != visitors:
        commitment.append(PARTNERSHIP + host.partnership)
    emails: dict[str, str | None] = {
        VISITOR: visitor.email,
        HOST: contact.email if contact else None,
    }
    for party in commitment:
        if party.startswith(PARTNERSHIP):
            emails[party] = coordinators.get(party[len(PARTNERSHIP) :])
    return Parties(
        exchange.reference,
        {AGREEMENT: (VISITOR, own), COMMITMENT: tuple(commitment)},
        {p: (e.strip().lower() if e else None) for p, e in emails.items()},
        own,
    )


def party_label(party: str) -> str:
    if party == VISITOR:
        return _("the visitor")
    if party == HOST:
        return _("the host organisation")
    return _("partnership {code}").format(code=party[len(PARTNERSHIP) :])


def document_label(document: str) -> str:
    return _("grant agreement") if document == AGREEMENT else _("Commitment to Quality")


# -- signing -------------------------------------------------------------------------------


def _refuse_unless_approved(store: Store, key: str) -> None:
    exchange = store.exchange(key)
    if exchange.status != Status.APPROVED:
        # Papers are signed once the exchange is approved: what they say is final then.
        raise UserError(
            _("{reference} is {status}: its papers are signed once it is approved.").format(
                reference=exchange.reference,
                status=_(STATUS_LABELS[Status(exchange.status)]).lower(),
            )
        )


def check_signable(db: Database, key: str) -> None:
    """Refused in a sentence unless the exchange's papers may be signed now (it is approved)."""
    with db.unit() as session:
        _refuse_unless_approved(Store(session), key)


def sign_document(
    db: Database,
    key: str,
    out: Path,
    certificate: Path | str,
    passphrase_file: Path | None = None,
    lang: str | None = None,
    commitment: bool = False,
    now: datetime | None = None,
    *,
    passphrase: bytes | None = None,
) -> Path:
    """The agreement (or Commitment to Quality) with a field per party, the coordinator's
    partnership's signed with the certificate; nothing is written when the signing is refused
    (an exchange not approved, a certificate not the coordinator's, a wrong passphrase).

    `certificate`: a PKCS#12 file (.p12/.pfx) or an RFC 7512 token URI ("pkcs11:…"); the
    passphrase (or the token's PIN) comes from `passphrase_file`, else from `passphrase`."""
    from cxdesk.pdf import signing, tokens

    check_file(out, file_name(key))
    # The exchange first: a paper that may not be signed asks for no certificate or passphrase.
    with db.unit() as session:
        store = Store(session)
        _refuse_unless_approved(store, key)
        content = agreement_content(store, key, coordinator=coordinator_name(db.user))
        language = document_language(store, key, lang)
        parties = parties_of(store, key)
    if passphrase_file is not None:
        passphrase = read_passphrase(passphrase_file)
    source: bytes | str
    if isinstance(certificate, str) and tokens.is_token_uri(certificate):
        source, label = certificate.strip(), certificate.strip()
    else:
        certificate = Path(certificate)
        source, label = read_file(certificate, _("The certificate file")), certificate.name
    expected = parties.emails.get(parties.own)
    code = parties.own[len(PARTNERSHIP) :]
    with signing.signing_key(source, passphrase, label) as signing_key:
        holder = signing_key[1]
        if not expected:
            raise UserError(
                _(
                    "The e-mail address of the coordinator of {code} is not set: give it in "
                    "File → Settings, so that the signature can be recognised."
                ).format(code=code)
            )
        if holder.email != expected:
            raise UserError(
                _(
                    "The certificate is {holder}'s, not that of the coordinator of {code} "
                    "({email})."
                ).format(holder=holder.label, code=code, email=expected)
            )
        places: Places = {}
        pdf = BytesIO()
        (render_commitment if commitment else render_agreement)(content, pdf, language, places)
        signed = signing.sign_with(
            pdf.getvalue(),
            places,
            fields.partnership_field(code),
            signing_key,
            reference=content.reference,
            document=COMMITMENT if commitment else AGREEMENT,
            lang=language,
            now=now,
        )
    with atomic_output(out, file_name(key)) as output:
        output.path.write_bytes(signed)
    return out
