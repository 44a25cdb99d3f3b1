"""What the signatures of a returned PDF say: who signed, when, and whether it is unchanged since.

pyHanko validates each signature (digest, signature, coverage, changes after signing); pyHanko
and pypdf are imported inside the functions that need them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.pdf.signing import MARK_KEY, Holder, holder_of


@dataclass(frozen=True)
class FoundSignature:
    """One signature as the validation found it."""

    field: str
    holder: Holder | None  # None: the signature carries no certificate one can read
    signed_at: datetime | None
    #: The signed bytes are as signed and the signature is the certificate key's.
    intact: bool
    #: Something other than further signatures was changed after this signature.
    changed_after: bool
    #: A trust store vouches for the certificate (False: self-signed or an unknown CA).
    trusted: bool


@dataclass(frozen=True)
class SignedPaper:
    """The signatures of a PDF, the fields still empty, and the exchange the desk noted in it."""

    reference: str | None
    document: str | None  # "agreement" | "commitment", as the desk noted it when signing
    signatures: tuple[FoundSignature, ...]
    empty_fields: tuple[str, ...]


def _quiet() -> None:
    # pyHanko logs an untrusted chain as a warning with its traceback; with no handler of its
    # own Python would print it on standard error. The verdict is told to the person instead.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _trust_roots() -> list[Any]:
    """The system's trust store; none where it cannot be read (every signer is then untrusted,
    which is said, not refused)."""
    try:
        from oscrypto import trust_list

        return [entry[0] for entry in trust_list.get_list()]
    except Exception as exc:  # noqa: BLE001 - a platform without a readable store: said as untrusted
        logging.getLogger("cxdesk.pdf").info("no system trust store: %s", exc)
        return []


def has_signatures(pdf: bytes) -> bool:
    """Whether the PDF carries a signed signature field (a signed paper, not a report form)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(pdf))
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return False
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())


def _unchanged_since(status: Any) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    # Later revisions may only fill in the other fields: the other parties' signatures.
    allowed = (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    return status.modification_level in allowed and status.docmdp_ok is not False


def _signed_at(status: Any) -> datetime | None:
    stamp = getattr(status, "timestamp_validity", None)
    if stamp is not None and getattr(stamp, "timestamp", None) is not None:
        return stamp.timestamp  # type: ignore[no-any-return]
    return status.signer_reported_dt  # type: ignore[no-any-return]


def _holder(embedded: Any) -> Holder | None:
    from cryptography import x509

    cert = embedded.signer_cert
    if cert is None:
        return None
    return holder_of(x509.load_der_x509_certificate(cert.dump()))


def _mark(reader: Any) -> tuple[str | None, str | None]:
    mark = reader.root.get(MARK_KEY)
    if mark is None:
        return None, None
    mark = mark.get_object()
    reference = mark.get("/Reference")
    document = mark.get("/Document")
    return (
        str(reference) if reference is not None else None,
        str(document).lstrip("/") if document is not None else None,
    )


def read_signed(pdf: bytes, file_label: str) -> SignedPaper:
    """Every signature of the PDF validated, with the fields left to sign.

    Refused in one sentence when the file is no PDF one can read.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    _quiet()
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
        empty = tuple(name for name, value, _ref in enumerate_sig_fields(reader) if value is None)
        reference, document = _mark(reader)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise UserError(
            _("{file} cannot be read as a PDF document.").format(file=file_label)
        ) from exc
    # A signing certificate marked for signatures or for non-repudiation will do.
    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    roots = _trust_roots()
    found = []
    for sig in embedded:
        try:
            status = validate_pdf_signature(
                sig,
                ValidationContext(trust_roots=roots, allow_fetching=False),
                key_usage_settings=usage,
            )
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            logging.getLogger("cxdesk.pdf").info("signature %s unreadable: %s", sig, exc)
            found.append(FoundSignature(sig.field_name, _holder(sig), None, False, True, False))
            continue
        found.append(
            FoundSignature(
                field=sig.field_name,
                holder=_holder(sig),
                signed_at=_signed_at(status),
                intact=bool(status.intact and status.valid),
                changed_after=not _unchanged_since(status),
                trusted=bool(status.trusted),
            )
        )
    return SignedPaper(reference, document, tuple(found), empty)
