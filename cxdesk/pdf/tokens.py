"""Signing certificates on a PKCS#11 token (smart card, USB key) that the system offers.

python-pkcs11 is imported inside the functions: without it (or without a module) the desk
simply offers no token.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _

#: Where the system's p11-kit proxy usually is (it forwards to every token module configured).
PROXY_NAME = "p11-kit-proxy.so"
_LIB_DIRS = (
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
    "/usr/local/lib",
    "/usr/lib/p11-kit",
    "/usr/lib64/p11-kit",
)
URI_SCHEME = "pkcs11:"


def is_token_uri(text: str) -> bool:
    """Whether a --sign argument names a token object (RFC 7512) rather than a file."""
    return text.strip().lower().startswith(URI_SCHEME)


def module_path() -> Path | None:
    """The PKCS#11 module to load: CXDESK_PKCS11_MODULE, else the p11-kit proxy; None if none."""
    given = os.environ.get("CXDESK_PKCS11_MODULE", "").strip()
    if given:
        return Path(given)
    for folder in _LIB_DIRS:
        candidate = Path(folder) / PROXY_NAME
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class TokenUri:
    """The parts of a pkcs11: URI the desk uses: which token, which object (label or id)."""

    token: str | None
    label: str | None
    id: bytes | None
    pin: str | None = None


def parse_uri(text: str) -> TokenUri:
    """The token, object label and id of an RFC 7512 URI ("pkcs11:token=X;object=Y;id=%01")."""
    body = text.strip()[len(URI_SCHEME) :]
    path, _sep, query = body.partition("?")
    attrs: dict[str, str] = {}
    for part in path.split(";"):
        name, eq, value = part.partition("=")
        if eq:
            attrs[name.strip().lower()] = value
    pin = None
    for part in query.split("&"):
        name, eq, value = part.partition("=")
        if eq and name.strip().lower() == "pin-value":
            pin = unquote(value)
    raw_id = attrs.get("id")
    return TokenUri(
        unquote(attrs["token"]) if "token" in attrs else None,
        unquote(attrs["object"]) if "object" in attrs else None,
        unquote_to_bytes(raw_id) if raw_id is not None else None,
        pin,
    )


def unquote_to_bytes(value: str) -> bytes:
    from urllib.parse import unquote_to_bytes as raw

    return raw(value)


def make_uri(token: str, label: str | None, id_: bytes | None) -> str:
    """An RFC 7512 URI naming a certificate/key pair on a token."""
    parts = ["token=" + quote(token, safe="")]
    if label:
        parts.append("object=" + quote(label, safe=""))
    if id_:
        parts.append("id=" + "".join(f"%{b:02X}" for b in id_))
    return URI_SCHEME + ";".join(parts)


@dataclass(frozen=True)
class TokenCertificate:
    """A certificate on a token that has a private key next to it (so it can sign)."""

    token: str
    label: str | None
    id: bytes | None
    der: bytes

    @property
    def uri(self) -> str:
        return make_uri(self.token, self.label, self.id)


def token_certificates(module: Path | None = None) -> list[TokenCertificate]:
    """The certificates on every token present; empty without python-pkcs11 or a module.

    Listing reads only public objects: no PIN is asked for.
    """
    try:
        import pkcs11
        from pkcs11 import Attribute, ObjectClass
    except ImportError:
        return []
    path = module or module_path()
    if path is None or not path.is_file():
        return []
    try:
        lib = pkcs11.lib(str(path))
        slots = lib.get_slots(token_present=True)
    except Exception:  # noqa: BLE001  # a broken module must not break the window: no tokens
        return []
    found: list[TokenCertificate] = []
    for slot in slots:
        try:
            token = slot.get_token()
            with token.open() as session:
                for cert in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                    der = bytes(cert[Attribute.VALUE])
                    label = _attribute(cert, Attribute.LABEL)
                    id_ = _attribute(cert, Attribute.ID)
                    found.append(
                        TokenCertificate(
                            token.label.strip(),
                            str(label) if label else None,
                            bytes(id_) if id_ else None,
                            der,
                        )
                    )
        except Exception:  # noqa: BLE001, S112  # one unreadable token: list the others
            continue
    return found


def _attribute(obj: Any, attribute: Any) -> Any:
    try:
        return obj[attribute]
    except Exception:  # noqa: BLE001  # an attribute the token does not keep
        return None


@contextmanager
def token_signer(uri: str, pin: bytes | None) -> Iterator[tuple[Any, bytes]]:
    """pyHanko's signer for the key and certificate `uri` names, and the certificate (DER),
    while the token's session is open; each failure refused in one sentence with the way out."""
    try:
        import pkcs11
        from pkcs11 import Attribute, ObjectClass
        from pkcs11 import exceptions as p11
        from pyhanko.sign.general import SigningError
        from pyhanko.sign.pkcs11 import PKCS11Signer
    except ImportError:
        raise UserError(
            _(
                "Signing with a token needs the python-pkcs11 package: run scripts/setup.sh "
                "again, or sign with a .p12 file."
            )
        ) from None
    wanted = parse_uri(uri)
    path = module_path()
    if path is None:
        raise UserError(
            _(
                "No PKCS#11 module is installed to reach the token: install p11-kit "
                "(p11-kit-modules) or the token maker's driver, or set CXDESK_PKCS11_MODULE "
                "to the module's file."
            )
        )
    if not path.is_file():
        raise UserError(
            _(
                "The PKCS#11 module {path} does not exist: set CXDESK_PKCS11_MODULE to the "
                "token maker's module file."
            ).format(path=path)
        )
    try:
        lib = pkcs11.lib(str(path))
    except Exception:  # noqa: BLE001  # any failure to load a foreign library is the same to a person
        raise UserError(
            _(
                "The PKCS#11 module {path} cannot be loaded: check CXDESK_PKCS11_MODULE "
                "(a 64-bit module for this system)."
            ).format(path=path)
        ) from None
    name = wanted.token or "?"
    try:
        if wanted.token is not None:
            token = lib.get_token(token_label=wanted.token)
        else:
            token = lib.get_token()
    except (p11.NoSuchToken, p11.TokenNotPresent):
        raise UserError(
            _(
                "The token {token} is not plugged in: insert it (or check the token's label "
                "in the pkcs11: address) and sign again."
            ).format(token=name)
        ) from None
    except p11.MultipleTokensReturned:
        raise UserError(
            _(
                "Several tokens are plugged in: name the one to use with token=… in the "
                "pkcs11: address."
            )
        ) from None
    name = token.label.strip()
    secret = wanted.pin if wanted.pin is not None else (pin.decode("utf-8") if pin else None)
    if not secret:
        raise UserError(
            _(
                "The token {token} needs its PIN: type it in the PIN field, or give it in the "
                "passphrase file."
            ).format(token=name)
        )
    try:
        session = token.open(user_pin=secret)
    except p11.PinLocked:
        raise UserError(
            _(
                "The token {token} is locked after too many wrong PINs: unlock it with its "
                "PUK or security officer PIN (the token maker's tool), then sign again."
            ).format(token=name)
        ) from None
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise UserError(
            _(
                "The PIN does not open the token {token}: check the PIN (a few "
                "more wrong PINs lock the token)."
            ).format(token=name)
        ) from None
    except p11.PinExpired:
        raise UserError(
            _(
                "The PIN of the token {token} has expired: set a new one with the token "
                "maker's tool, then sign again."
            ).format(token=name)
        ) from None
    except (p11.TokenNotPresent, p11.DeviceRemoved):
        raise UserError(
            _("The token {token} was removed: insert it and sign again.").format(token=name)
        ) from None
    except p11.PKCS11Error as error:
        raise UserError(
            _(
                "The token {token} refused to open ({error}): check it with its maker's tool."
            ).format(token=name, error=type(error).__name__)
        ) from None
    try:
        criteria: dict[Any, Any] = {Attribute.CLASS: ObjectClass.CERTIFICATE}
        if wanted.label is not None:
            criteria[Attribute.LABEL] = wanted.label
        if wanted.id is not None:
            criteria[Attribute.ID] = wanted.id
        certs = list(session.get_objects(criteria))
        if not certs:
            raise UserError(
                _(
                    "The token {token} holds no certificate {object}: choose one it holds "
                    "(object=… in the pkcs11: address)."
                ).format(token=name, object=wanted.label or (wanted.id or b"").hex() or "")
            )
        cert = certs[0]
        der = bytes(cert[Attribute.VALUE])
        label = _attribute(cert, Attribute.LABEL)
        id_ = _attribute(cert, Attribute.ID)
        from asn1crypto import x509 as asn1_x509

        signing_cert = asn1_x509.Certificate.load(der)
        signer = PKCS11Signer(
            session,
            signing_cert=signing_cert,
            key_id=bytes(id_) if id_ else None,
            key_label=None if id_ else (str(label) if label else None),
            # Many tokens (SoftHSM2, smart cards) offer only raw ECDSA: hash here, sign there.
            use_raw_mechanism=signing_cert.public_key.algorithm == "ec",
        )
        try:
            yield signer, der
        except (p11.PKCS11Error, SigningError) as error:
            raise UserError(
                _(
                    "The token {token} refused to sign ({error}): check that the key next to "
                    "the certificate may sign, with the token maker's tool."
                ).format(token=name, error=type(error.__cause__ or error).__name__)
            ) from None
    finally:
        session.close()
