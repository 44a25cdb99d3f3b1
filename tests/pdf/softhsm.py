"""A SoftHSM2 token made in a temporary folder, holding a key and certificate from certs.py."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from tests.pdf.certs import PASSPHRASE

#: Where Debian's softhsm2 package puts the module.
MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
LABEL, PIN, SO_PIN, OBJECT = "cxdesk", "1234", "5678", "sign"


@dataclass(frozen=True)
class Token:
    conf: Path  # SOFTHSM2_CONF
    uri: str

    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf), "CXDESK_PKCS11_MODULE": str(MODULE)}


def need_softhsm() -> None:
    if shutil.which("softhsm2-util") is None or not MODULE.is_file():
        pytest.skip("softhsm2 is not installed (apt-get install softhsm2; scripts/setup.sh)")


def make_token(folder: Path, p12: Path) -> Token:
    """A token `cxdesk` (PIN 1234) in `folder` holding the .p12's key and certificate as `sign`."""
    need_softhsm()
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    key, cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSPHRASE.encode())
    assert key is not None and cert is not None
    key_pem = folder / "key.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_der = folder / "cert.der"
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    env = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}

    def util(*args: str) -> None:
        done = subprocess.run(
            ["softhsm2-util", *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stdout + done.stderr

    util("--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN)
    util("--import", str(key_pem), "--token", LABEL, "--label", OBJECT, "--id", "01", "--pin", PIN)
    # softhsm2-util imports keys only: the certificate goes in with python-pkcs11, in a child
    # process so that this one keeps no PKCS#11 library loaded with another configuration.
    script = (
        "import sys, pkcs11\n"
        "from pkcs11 import Attribute as A, ObjectClass, CertificateType\n"
        "from cryptography import x509\n"
        "der = open(sys.argv[2], 'rb').read()\n"
        "subject = x509.load_der_x509_certificate(der).subject.public_bytes()\n"
        "token = pkcs11.lib(sys.argv[1]).get_token(token_label=sys.argv[3])\n"
        "with token.open(rw=True, user_pin=sys.argv[4]) as s:\n"
        "    s.create_object({A.CLASS: ObjectClass.CERTIFICATE,\n"
        "        A.CERTIFICATE_TYPE: CertificateType.X_509, A.TOKEN: True, A.VALUE: der,\n"
        "        A.LABEL: sys.argv[5], A.ID: b'\\x01', A.SUBJECT: subject})\n"
    )
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script, str(MODULE), str(cert_der), LABEL, PIN, OBJECT],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    key_pem.unlink()  # the key now lives on the token only
    return Token(conf, f"pkcs11:token={LABEL};object={OBJECT}")
