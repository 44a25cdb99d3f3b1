"""Passwords from the system keyring: never in the settings file, never in the log."""

from __future__ import annotations

import logging

log = logging.getLogger("cxdesk.secrets")

#: The keyring's service names, one per kind of server the desk logs in to.
SMTP_SERVICE = "cxdesk-smtp"
POSTGRESQL_SERVICE = "cxdesk-postgresql"


def stored_password(service: str, account: str) -> str | None:
    """The password the system keyring keeps for `account`, or None (no keyring, no entry, or
    a keyring that fails: none of them is an error, the caller has other sources)."""
    try:
        import keyring  # lazily: a keyring backend may be slow to load, or missing

        found = keyring.get_password(service, account)
    except Exception:  # noqa: BLE001 - a missing or broken keyring is not an error here
        log.debug("no password from the system keyring", exc_info=True)
        return None
    return found or None


def store_password(service: str, account: str, password: str) -> bool:
    """Keep a password in the system keyring; False where there is none that works."""
    try:
        import keyring

        keyring.set_password(service, account, password)
    except Exception:  # noqa: BLE001 - no keyring, a locked one, a broken one: the caller says so
        log.info("the system keyring did not take the password", exc_info=True)
        return False
    return True
