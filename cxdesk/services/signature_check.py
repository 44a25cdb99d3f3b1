"""Signed papers back: a returned PDF verified against the exchange's parties, kept, and the
exchange signed when both papers carry all their signatures (issue 21, cli.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db import signed_store
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.domain.records import Change
from cxdesk.pdf import signature_places as fields
from cxdesk.services import operations
from cxdesk.services.exchanges import move_in
from cxdesk.services.signatures import (
    AGREEMENT,
    COMMITMENT,
    HOST,
    PARTNERSHIP,
    VISITOR,
    Parties,
    document_label,
    parties_of,
    party_label,
    read_file,
)

__all__ = [
    "Received",
    "Signer",
    "is_signed_paper",
    "receive_signed",
    "signed_lines",
    "signed_papers",
    "status_note",
]


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
    pdf = read_file(path, _("The signed document"))
    with db.unit() as session:
        parties = parties_of(Store(session), key)
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
