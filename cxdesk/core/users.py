"""Who is working: the name every change is recorded under (--user, CXDESK_USER, the login)."""

from __future__ import annotations

import getpass
import os

#: Longest name kept with a change (the audit column's width).
MAX_LENGTH = 120


def clean_user(name: str | None) -> str | None:
    """A name as it is stored: trimmed, one line, printable; None when nothing is left."""
    if name is None:
        return None
    text = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return text[:MAX_LENGTH] or None


def login_name() -> str:
    try:
        return clean_user(getpass.getuser()) or "unknown"
    except (OSError, KeyError, ImportError):  # no login name (a container, a service)
        return "unknown"


def default_user(option: str | None = None) -> str:
    """`--user`, else CXDESK_USER, else the login name."""
    return clean_user(option) or clean_user(os.environ.get("CXDESK_USER")) or login_name()
