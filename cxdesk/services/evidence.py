"""Evidence files from disk: read whole, their kind told by their bytes, refused when too big."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_number
from cxdesk.domain.closing import MAX_EVIDENCE_BYTES, evidence_file_name, media_type_of
from cxdesk.domain.codes import EvidenceKind


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
