"""The coordinator's PAdES signature on a document, with an empty visible field for each party.

pyHanko is imported inside the functions: the window's cold start never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.pdf.signature_places import Places
from cxdesk.pdf.stamp import stamp_style

if TYPE_CHECKING:
    from cryptography import x509

#: Where the desk notes, in the document's catalog, which exchange and which paper it is.
MARK_KEY = "/CXDesk"


@dataclass(frozen=True)
class Holder:
    """Whom a certificate names, and when it may sign."""

    name: str
    email: str | None
    not_before: datetime
    not_after: datetime

    @property
    def label(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


def holder_of(cert: x509.Certificate) -> Holder:
    """The name and e-mail address a certificate gives (the SAN's first, else the subject's)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    def first(oid: x509.ObjectIdentifier) -> str | None:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else None

    email = None
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        emails = san.value.get_values_for_type(x509.RFC822Name)
        email = emails[0] if emails else None
    except x509.ExtensionNotFound:
        pass
    email = email or first(NameOID.EMAIL_ADDRESS)
    name = first(NameOID.COMMON_NAME) or email or cert.subject.rfc4514_string()
    return Holder(
        name,
        email.strip().lower() if email else None,
        cert.not_valid_before_utc,
        cert.not_valid_after_utc,
    )


def validity_problem(holder: Holder, at: datetime) -> str | None:
    """Why the certificate could not sign at `at` (expired, not yet valid); None when it could."""
    day = "%Y-%m-%d"
    if at > holder.not_after:
        return _(
            "The certificate of {holder} expired on {end} (valid from {start} to {end})."
        ).format(
            holder=holder.label,
            start=holder.not_before.strftime(day),
            end=holder.not_after.strftime(day),
        )
    if at < holder.not_before:
        return _(
            "The certificate of {holder} is not valid before {start} (valid from {start} to {end})."
        ).format(
            holder=holder.label,
            start=holder.not_before.strftime(day),
            end=holder.not_after.strftime(day),
        )
    return None


def _load(p12: bytes, passphrase: bytes | None, file_label: str) -> tuple[Any, Holder]:
    """The key and certificate of a PKCS#12 file as pyHanko's signer, and whom it names."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers

    try:  # only to tell a file that is no PKCS#12 at all from a wrong passphrase
        readable = asn1_pkcs12.Pfx.load(p12).native is not None
    except (ValueError, TypeError, OSError):
        readable = False
    if not readable:
        raise UserError(
            _("{file} is not a certificate file (PKCS#12, .p12 or .pfx).").format(file=file_label)
        ) from None
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(p12, passphrase or None)
    except (ValueError, TypeError):
        if not passphrase:
            raise UserError(
                _("{file} is locked by a passphrase: give its passphrase to sign with it.").format(
                    file=file_label
                )
            ) from None
        raise UserError(
            # Said by the window (a typed passphrase) and the command (a file's first line) alike.
            _("The passphrase does not open {file}: check the passphrase or PIN.").format(
                file=file_label
            )
        ) from None
    if key is None or cert is None:
        raise UserError(
            _("{file} holds no private key and certificate to sign with.").format(file=file_label)
        )
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, (), passphrase=passphrase or None)
    except ValueError:
        raise UserError(
            _("{file} holds a key pyHanko cannot sign with.").format(file=file_label)
        ) from None
    return signer, holder_of(cert)


def certificate_holder(p12: bytes, passphrase: bytes | None, file_label: str) -> Holder:
    """Whom the PKCS#12 file's certificate names; refused as `sign` would refuse the file."""
    return _load(p12, passphrase, file_label)[1]


def _add_fields(writer: Any, places: Places) -> None:
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    for name, place in sorted(places.items(), key=lambda item: (item[1].page, item[1].box)):
        append_signature_field(writer, SigFieldSpec(name, on_page=place.page, box=place.box))


def _mark(writer: Any, reference: str, document: str) -> None:
    """Note the exchange and the paper in the catalog, where a signature covers them."""
    from pyhanko.pdf_utils import generic

    writer.root[generic.NameObject(MARK_KEY)] = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            generic.NameObject("/Reference"): generic.TextStringObject(reference),
            generic.NameObject("/Document"): generic.NameObject("/" + document),
        }
    )
    writer.update_root()


@contextmanager
def signing_key(
    source: bytes | str, passphrase: bytes | None, file_label: str
) -> Iterator[tuple[Any, Holder]]:
    """pyHanko's signer and whom its certificate names, from a PKCS#12 file's bytes or from a
    token (`source`: an RFC 7512 "pkcs11:" URI, the PIN in `passphrase`), while it can sign."""
    from cryptography import x509

    from cxdesk.pdf import tokens

    if isinstance(source, bytes):
        yield _load(source, passphrase, file_label)
        return
    with tokens.token_signer(source, passphrase) as (signer, der):
        yield signer, holder_of(x509.load_der_x509_certificate(der))


def sign_with(
    pdf: bytes,
    places: Places,
    field: str,
    key: tuple[Any, Holder],
    *,
    reference: str,
    document: str,
    lang: str = "en",
    now: datetime | None = None,
) -> bytes:
    """The document with a signature field per party (`places`), `field` signed (PAdES) with
    `key` (from `signing_key`), incrementally: the other fields stay empty for the others.

    Refused in one sentence: a certificate that is expired or not yet valid.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer, holder = key
    problem = validity_problem(holder, now or datetime.now(UTC))
    if problem:
        raise UserError(problem)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _add_fields(writer, places)
    _mark(writer, reference, document)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=holder.name,
    )
    out = BytesIO()
    style = stamp_style(holder.name, lang, now or datetime.now(UTC))
    signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
    return out.getvalue()


def sign(
    pdf: bytes,
    places: Places,
    field: str,
    p12: bytes | str,
    passphrase: bytes | None,
    *,
    reference: str,
    document: str,
    file_label: str,
    lang: str = "en",
    now: datetime | None = None,
) -> bytes:
    """`sign_with` a PKCS#12 file's key (its bytes) or a token's ("pkcs11:" URI).

    Refused in one sentence: a file that is no PKCS#12, a wrong passphrase or PIN, a
    certificate that is expired or not yet valid.
    """
    with signing_key(p12, passphrase, file_label) as key:
        return sign_with(pdf, places, field, key, reference=reference, document=document, now=now)
