"""Evidence of a visit: files read from disk (told by their bytes), attached, removed, waived."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_number
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.closing import MAX_EVIDENCE_BYTES, evidence_file_name, media_type_of
from cxdesk.domain.codes import STATUS_LABELS, EvidenceKind, Status
from cxdesk.domain.records import Change, Exchange, Waiver
from cxdesk.services import operations


@dataclass(frozen=True)
class EvidenceFile:
    """A file read from disk, ready to attach."""

    kind: EvidenceKind
    file_name: str
    content: bytes
    media_type: str


def evidence_kind(text: str | EvidenceKind) -> EvidenceKind:
    """A kind of evidence by its code; refused with the codes there are."""
    try:
        return EvidenceKind(str(text).strip().lower())
    except ValueError:
        raise UserError(
            _("{kind} is not a kind of evidence; the kinds are {kinds}.").format(
                kind=text, kinds=", ".join(k.value for k in EvidenceKind)
            )
        ) from None


def media_type(path: Path) -> str:
    """The file's media type told by its first bytes: PDF, PNG or JPEG; any other refused."""
    return read_evidence(EvidenceKind.OTHER, path).media_type


def read_evidence(kind: EvidenceKind, path: Path) -> EvidenceFile:
    """Read one evidence file; refused, naming it, when missing, too big, or not PDF/PNG/JPEG."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UserError(
                _("{file} is a folder: give an evidence file (PDF, PNG or JPEG).").format(file=path)
            )
        if size > MAX_EVIDENCE_BYTES:
            raise UserError(
                _(
                    "{file} is {size} MB: an evidence file may be at most {limit} MB; scan it "
                    "at a lower resolution or as a PDF."
                ).format(
                    file=path,
                    size=format_number(round(size / 1024 / 1024, 1)),
                    limit=MAX_EVIDENCE_BYTES // 1024 // 1024,
                )
            )
        content = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            _("The evidence file {file} does not exist: nothing was changed.").format(file=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("The evidence file {file} could not be read: {reason}.").format(
                file=path, reason=exc.strerror or exc
            )
        ) from exc
    found = media_type_of(content[:16])
    if found is None:
        raise UserError(
            _(
                "{file} is not a PDF, PNG or JPEG file: evidence must be one of these (a scan or "
                "a photo)."
            ).format(file=path)
        )
    return EvidenceFile(kind, evidence_file_name(path.name), content, found)


# -- a closing step's change ----------------------------------------------------------------


def closing_change(exchange: Exchange, message: str, *tables: str) -> Change:
    """What a closing step changed: the exchange, its report, and the tables named."""
    return Change(frozenset({"exchanges", "reports", *tables}), frozenset({exchange.uid}), message)


def refuse_when_validated(exchange: Exchange) -> None:
    """A validated report is what the amount due was worked out from: it no longer changes."""
    if exchange.status in (Status.REPORTED, Status.PAID):
        raise UserError(
            _(
                "The report of {reference} is validated already ({status}): it can no longer "
                "change."
            ).format(reference=exchange.reference, status=_(STATUS_LABELS[exchange.status]))
        )


# -- evidence and waivers --------------------------------------------------------------------


def attach_in(closing: ClosingStore, exchange: Exchange, file: EvidenceFile) -> int:
    _evidence, new = closing.add_evidence(
        exchange.uid, file.kind, file.file_name, file.content, file.media_type
    )
    return 1 if new else 0


def attach_evidence(
    db: Database, key: str, kind: EvidenceKind | str, path: Path, source: str = "editor"
) -> Change:
    """Attach one evidence file (PDF, PNG or JPEG); the same bytes are kept only once."""
    file = read_evidence(evidence_kind(kind), Path(path))

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        refuse_when_validated(exchange)
        new = attach_in(ClosingStore(store), exchange, file)
        message = (
            _("{file} attached to {reference}.")
            if new
            else _("{file} was attached to {reference} already.")
        ).format(file=file.file_name, reference=exchange.reference)
        return closing_change(exchange, message, "evidence", "blobs")

    return operations.run(db, work)


def remove_evidence(db: Database, key: str, evidence_id: int, source: str = "editor") -> Change:
    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        refuse_when_validated(exchange)
        removed = ClosingStore(store).remove_evidence(exchange.uid, evidence_id)
        return closing_change(
            exchange,
            _("{file} removed from {reference}.").format(
                file=removed.file_name, reference=exchange.reference
            ),
            "evidence",
            "blobs",
        )

    return operations.run(db, work)


def waive_in(closing: ClosingStore, exchange: Exchange, kind: EvidenceKind, reason: str) -> Waiver:
    if not reason.strip():
        raise UserError(
            _("Waiving the {kind} evidence of {reference} needs a reason.").format(
                kind=kind.value, reference=exchange.reference
            )
        )
    return closing.waive(exchange.uid, kind, reason.strip())


def waive(
    db: Database, key: str, kind: EvidenceKind | str, reason: str, source: str = "editor"
) -> Change:
    """Waive a kind of evidence for one exchange, with the reason (required)."""
    chosen = evidence_kind(kind)

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        refuse_when_validated(exchange)
        waive_in(ClosingStore(store), exchange, chosen, reason)
        message = _("{kind} evidence waived for {reference}.").format(
            kind=chosen.value, reference=exchange.reference
        )
        return closing_change(exchange, message, "waivers")

    return operations.run(db, work)


def unwaive(db: Database, key: str, kind: EvidenceKind | str, source: str = "editor") -> Change:
    chosen = evidence_kind(kind)

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        refuse_when_validated(exchange)
        removed = ClosingStore(store).unwaive(exchange.uid, chosen)
        message = (
            _("{kind} evidence of {reference} is needed again.")
            if removed
            else _("{kind} evidence of {reference} was not waived.")
        ).format(kind=chosen.value, reference=exchange.reference)
        return closing_change(exchange, message, "waivers")

    return operations.run(db, work)
