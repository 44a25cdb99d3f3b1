"""Electronic signatures: the coordinator signs a document; a returned one is verified and kept.

The grant agreement is signed by the visitor and the visitor's partnership; the Commitment to
Quality by the visitor, the host and both partnerships (once when they are the same). When both
carry all their signatures the exchange becomes signed (issue 21, cli.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.outputs import atomic_output, check_file
from cxdesk.db import signed_store
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.domain.records import Change
from cxdesk.pdf import signature_places as fields
from cxdesk.pdf.agreement import file_name, render_agreement, render_commitment
from cxdesk.pdf.signature_places import Places
from cxdesk.services import operations
from cxdesk.services.agreements import agreement_content, coordinator_name, document_language
from cxdesk.services.coordinators import coordinator_emails_in
from cxdesk.services.exchanges import move_in
from cxdesk.services.tokens import TokenChoice, available_tokens

__all__ = ["TokenChoice", "available_tokens", "sign_document", "receive_signed"]

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


def _read(path: Path, what: str) -> bytes:
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


def _parties(store: Store, key: str) -> Parties:
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
    partnership's signed with the certificate; nothing is written when the signing is refused.

    `certificate`: a PKCS#12 file (.p12/.pfx) or an RFC 7512 token URI ("pkcs11:…"); the
    passphrase (or the token's PIN) comes from `passphrase_file`, else from `passphrase`."""
    from cxdesk.pdf import signing, tokens

    check_file(out, file_name(key))
    if passphrase_file is not None:
        passphrase = read_passphrase(passphrase_file)
    source: bytes | str
    if isinstance(certificate, str) and tokens.is_token_uri(certificate):
        source, label = certificate.strip(), certificate.strip()
    else:
        certificate = Path(certificate)
        source, label = _read(certificate, _("The certificate file")), certificate.name
    with db.unit() as session:
        store = Store(session)
        content = agreement_content(store, key, coordinator=coordinator_name(db.user))
        language = document_language(store, key, lang)
        parties = _parties(store, key)
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


# -- verifying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    party: str
    name: str
    email: str
    signed_at: datetime | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "party": self.party,
            "name": self.name,
            "email": self.email,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
        }


@dataclass(frozen=True)
class Received:
    """A signed paper verified and kept: who signed, who still must, what the exchange became."""

    reference: str
    document: str
    signers: tuple[Signer, ...]
    missing: tuple[str, ...]  # parties of this document still to sign
    warnings: tuple[str, ...]
    now_signed: bool
    change: Change = field(default_factory=Change)
    #: The exchange's papers that do not yet carry all their signatures.
    incomplete: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        names = ", ".join(f"{s.name} <{s.email}>" for s in self.signers)
        lines = [
            _("The {document} of {reference} is signed by {names}.").format(
                document=document_label(self.document), reference=self.reference, names=names
            )
        ]
        if self.missing:
            lines.append(
                _("Still to sign: {parties}.").format(
                    parties=", ".join(party_label(p) for p in self.missing)
                )
            )
        others = [d for d in self.incomplete if d != self.document]
        if others and not self.missing:
            lines.append(
                _("Still to come: the signed {document}.").format(
                    document=document_label(others[0])
                )
            )
        if self.now_signed:
            lines.append(_("{reference} is now signed.").format(reference=self.reference))
        return "\n".join(lines)


def _changed(file_label: str, signer: str) -> UserError:
    return UserError(
        _("{file} was changed after {signer} signed it.").format(file=file_label, signer=signer)
    )


def _verify(
    pdf: bytes, file_label: str, parties: Parties
) -> tuple[str, tuple[Signer, ...], tuple[str, ...]]:
    """The paper's kind, its signers matched to parties, and warnings; refused in a sentence."""
    from cxdesk.pdf import signature_check, signing

    paper = signature_check.read_signed(pdf, file_label)
    if not paper.signatures:
        raise UserError(_("{file} carries no signature.").format(file=file_label))
    if paper.reference != parties.reference or paper.document not in (AGREEMENT, COMMITMENT):
        if paper.reference and paper.document in (AGREEMENT, COMMITMENT):
            raise UserError(
                _("{file} is the {document} of {other}, not of {reference}.").format(
                    file=file_label,
                    document=document_label(paper.document),
                    other=paper.reference,
                    reference=parties.reference,
                )
            )
        raise UserError(
            _(
                "{file} is not an agreement or Commitment to Quality the desk made for {reference}."
            ).format(file=file_label, reference=parties.reference)
        )
    document = paper.document
    by_email: dict[str, list[str]] = {}
    for party, email in parties.emails.items():
        if email:
            by_email.setdefault(email, []).append(party)
    signers: list[Signer] = []
    warnings: list[str] = []
    for found in paper.signatures:
        holder = found.holder
        if holder is None:
            raise UserError(
                _("A signature in {file} carries no certificate: it cannot be verified.").format(
                    file=file_label
                )
            )
        if not found.intact or found.changed_after:
            raise _changed(file_label, holder.label)
        problem = signing.validity_problem(holder, found.signed_at or datetime.now(UTC))
        if problem:
            raise UserError(problem)
        matches = by_email.get(holder.email or "", [])
        if not matches:
            raise UserError(
                _("{name} <{email}> signed it but is not a party to {reference}.").format(
                    name=holder.name, email=holder.email or "?", reference=parties.reference
                )
            )
        # One person may be two parties (a visitor who coordinates): the field they signed tells.
        party = next((p for p in matches if _field_of(p) == found.field), matches[0])
        signers.append(Signer(party, holder.name, holder.email or "", found.signed_at))
        if not found.trusted:
            warnings.append(
                _(
                    "The certificate of {holder} is not vouched for by any trust store "
                    "(self-signed or from an unknown authority)."
                ).format(holder=holder.label)
            )
    return document, tuple(signers), tuple(warnings)


def _field_of(party: str) -> str:
    if party == VISITOR:
        return fields.VISITOR
    if party == HOST:
        return fields.HOST
    return fields.partnership_field(party[len(PARTNERSHIP) :])


def _complete(papers: list[signed_store.SignedPaper], parties: Parties, document: str) -> bool:
    needed = set(parties.required[document])
    return any(
        needed <= {s.get("party") for s in paper.signers}
        for paper in papers
        if paper.document == document
    )


def receive_signed(db: Database, key: str, path: Path, source: str = "editor") -> Received:
    """Verify a returned signed paper and keep it with the exchange's papers; when both papers
    carry all their signatures, the exchange moves to signed (one undoable operation)."""
    pdf = _read(path, _("The signed document"))
    with db.unit() as session:
        parties = _parties(Store(session), key)
    document, signers, warnings = _verify(pdf, path.name, parties)
    signed_parties = {s.party for s in signers}
    missing = tuple(p for p in parties.required[document] if p not in signed_parties)
    moved: list[bool] = []
    incomplete: list[str] = []

    def work(store: Store) -> Change:
        moved.clear()  # an operation tried again decides again
        incomplete.clear()
        exchange = store.exchange(key)
        signed_store.add_signed_paper(
            store.session,
            exchange.uid,
            document,
            path.name,
            pdf,
            [s.as_json() for s in signers],
        )
        papers = signed_store.signed_papers_of(store.session, exchange.uid)
        incomplete.extend(d for d in (AGREEMENT, COMMITMENT) if not _complete(papers, parties, d))
        if not incomplete and exchange.status == Status.APPROVED:
            move_in(store, key, Status.SIGNED, source=source, expected_status=Status.APPROVED)
            moved.append(True)
        return Change(
            frozenset({"signed_papers", "exchanges"}),
            frozenset({exchange.uid}),
            _("Signed {document} of {reference} received.").format(
                document=document_label(document), reference=exchange.reference
            ),
        )

    change = operations.run(db, work)
    return Received(
        parties.reference,
        document,
        signers,
        missing,
        warnings,
        bool(moved),
        change,
        tuple(incomplete),
    )


def status_note(db: Database, key: str) -> str | None:
    """What the exchange's status is when signing did not move it (None when it is signed)."""
    with db.unit() as session:
        exchange = Store(session).exchange(key)
    if exchange.status == Status.SIGNED:
        return None
    return _("{reference} stays {status}.").format(
        reference=exchange.reference, status=_(STATUS_LABELS[exchange.status]).lower()
    )


def signed_papers(db: Database, key: str) -> list[signed_store.SignedPaper]:
    """The exchange's signed papers, first received first."""
    with db.unit() as session:
        return signed_store.signed_papers_of(session, Store(session).exchange(key).uid)


def is_signed_paper(path: Path) -> bool:
    """Whether a file is a PDF with a signed signature field (a signed paper, not a form)."""
    from cxdesk.pdf.signature_check import has_signatures

    if path.suffix.lower() != ".pdf":
        return False
    try:
        return has_signatures(path.read_bytes())
    except OSError:
        return False


def signed_lines(db: Database, key: str) -> list[str]:
    """A line per signed paper kept for the exchange: which paper, when, and who signed it."""
    lines = []
    for paper in signed_papers(db, key):
        who = ", ".join(
            _("{name} ({party})").format(
                name=s.get("name") or s.get("email") or "?",
                party=party_label(str(s.get("party") or "")),
            )
            for s in paper.signers
        )
        lines.append(
            _("{document}, received {day}: {signers}").format(
                document=document_label(paper.document).capitalize()
                if paper.document == AGREEMENT
                else document_label(paper.document),
                day=paper.received_at.date().isoformat(),
                signers=who or "—",
            )
        )
    return lines
