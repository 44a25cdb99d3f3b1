"""The signing certificates that the system's tokens (PKCS#11) offer, for the window's choice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TokenChoice:
    """One certificate on a token: what the coordinator sees, and the URI `sign_document` takes."""

    label: str  # the token's label and the certificate holder's name and e-mail
    uri: str  # RFC 7512: "pkcs11:token=…;object=…"


def available_tokens() -> list[TokenChoice]:
    """The signing certificates on the tokens present; empty when there is no PKCS#11 module
    or no python-pkcs11 (the window then offers certificate files only)."""
    from cryptography import x509

    from cxdesk.pdf import signing, tokens

    choices = []
    for found in tokens.token_certificates():
        try:
            holder = signing.holder_of(x509.load_der_x509_certificate(found.der))
        except ValueError:
            continue  # not an X.509 certificate the desk can read: nothing to sign with
        choices.append(TokenChoice(f"{found.token}: {holder.label}", found.uri))
    return choices
