"""Signing certificates on a PKCS#11 token (smart card, USB key) that the system offers.

python-pkcs11 is imported inside the functions: without it (or without a module) the desk
simply offers no token.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

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
