"""The exchanges' search tables (words, sort keys) filled for every exchange at once."""

from __future__ import annotations

import sqlite3

EXCHANGES = "exchanges"
#: The triggers of migration 0005 (and later ones) keeping `exchanges_fts` and `exchange_keys`.
EXCHANGE_TRIGGERS = "exchange_search_"
EXCHANGE_INSERT_TRIGGER = "exchange_search_ai"
#: How the insert trigger picks the one exchange it was fired for.
THE_NEW_ONE = "e.id = new.id"


def exchange_fill(trigger: str | None) -> list[str] | None:
    """The statements of the exchanges' insert trigger with every exchange picked instead of
    the new one: the search tables filled exactly as row by row, whatever migration wrote the
    trigger last. None when the trigger is not of that shape (then it stays on)."""
    if not trigger:
        return None
    upper = trigger.upper()
    start, end = upper.find(" BEGIN "), upper.rfind(" END")
    if start < 0 or end <= start:
        return None
    body = trigger[start + len(" BEGIN ") : end]
    if THE_NEW_ONE not in body:
        return None
    body = body.replace(THE_NEW_ONE, "1 = 1")
    if "new." in body.lower():
        return None
    statements = [part.strip() for part in body.split(";") if part.strip()]
    # A `;` inside a quoted string would cut a statement in two: then no fill, the trigger stays.
    if not statements or not all(sqlite3.complete_statement(s + ";") for s in statements):
        return None
    return statements
