"""Certificates made for the signature tests: a test CA and people's certificates as .p12 files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "correct horse battery staple"


class TestCA:
    """A certification authority no trust store knows: its certificates sign, untrusted."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cxdesk test CA")])
        now = datetime.now(UTC)
        self.name = name
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )

    def person(
        self,
        folder: Path,
        name: str,
        email: str,
        *,
        passphrase: str = PASSPHRASE,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> Path:
        """A .p12 file in `folder` for `name <email>`, valid now unless dates are given."""
        now = datetime.now(UTC)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, name),
                x509.NameAttribute(NameOID.EMAIL_ADDRESS, email),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - timedelta(days=30))
            .not_valid_after(not_after or now + timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        data = pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            cert,
            [self.cert],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        path = folder / (email.split("@")[0] + ".p12")
        path.write_bytes(data)
        return path

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def sign_field(pdf: bytes, field: str, p12: Path, passphrase: str = PASSPHRASE) -> bytes:
    """`pdf` with its empty signature field `field` signed by the .p12's holder, incrementally,
    as a party's PDF reader would."""
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(
        p12.read_bytes(), (), passphrase=passphrase.encode()
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = BytesIO()
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


def add_text(pdf: bytes, text: str) -> bytes:
    """`pdf` with a line of text drawn on its first page in an incremental update: a change
    made after signing."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.NameObject("/Font"): generic.DictionaryObject(
                {generic.NameObject("/Fx9"): writer.add_object(font)}
            )
        }
    )
    stream = generic.StreamObject(stream_data=f"BT /Fx9 14 Tf 60 60 Td ({text}) Tj ET".encode())
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
