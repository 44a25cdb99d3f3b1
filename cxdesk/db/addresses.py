"""A database's address as it may be shown (never its password), and how long to wait for it."""

from __future__ import annotations

import os

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """The busy timeout: CXDESK_BUSY_TIMEOUT_MS (tests make it short), else five seconds."""
    try:
        return max(0, int(os.environ.get("CXDESK_BUSY_TIMEOUT_MS", "")))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def make_url_safe(url: str) -> str:
    """The address without its password (after the colon or as ?password=), to be shown or
    logged."""
    if "://" not in url:
        return url
    try:
        parsed = make_url(url)
        if "password" in parsed.query:
            parsed = parsed.difference_update_query(["password"])
        return parsed.render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Unparsable: keep the scheme and what follows the user part, never the user part.
        scheme, _sep, rest = url.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2].split('?')[0]}"
