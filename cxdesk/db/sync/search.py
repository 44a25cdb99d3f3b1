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
    if statements == TRIGGER_0005:
        return JOINED_0005
    return statements


#: The fill derived from the insert trigger migration 0005 writes: each exchange's visitor and
#: host looked up once per value taken (five look-ups for the keys, four for the words).
TRIGGER_0005 = [
    "INSERT OR REPLACE INTO exchange_keys (id, visitor, visiting_organisation, "
    "visiting_country, host_organisation, host_country) SELECT e.id, "
    "(SELECT last_name FROM people p WHERE p.uid = e.visitor_uid), "
    "(SELECT o.name FROM people p JOIN organisations o ON o.uid = p.organisation_uid "
    "WHERE p.uid = e.visitor_uid), "
    "(SELECT o.country FROM people p JOIN organisations o ON o.uid = p.organisation_uid "
    "WHERE p.uid = e.visitor_uid), "
    "(SELECT name FROM organisations h WHERE h.uid = e.host_organisation_uid), "
    "(SELECT country FROM organisations h WHERE h.uid = e.host_organisation_uid) "
    "FROM exchanges e WHERE 1 = 1",
    "INSERT INTO exchanges_fts (rowid, words) SELECT e.id, coalesce(e.reference, '') || ' ' || "
    "coalesce((SELECT first_name || ' ' || last_name || ' ' || coalesce(email, '') "
    "FROM people p WHERE p.uid = e.visitor_uid), '') || ' ' || "
    "coalesce((SELECT o.name || ' ' || o.city FROM people p JOIN organisations o "
    "ON o.uid = p.organisation_uid WHERE p.uid = e.visitor_uid), '') || ' ' || "
    "coalesce((SELECT name || ' ' || city FROM organisations h "
    "WHERE h.uid = e.host_organisation_uid), '') FROM exchanges e WHERE 1 = 1",
]
_JOINED = (
    "FROM exchanges e LEFT JOIN people p ON p.uid = e.visitor_uid "
    "LEFT JOIN organisations o ON o.uid = p.organisation_uid "
    "LEFT JOIN organisations h ON h.uid = e.host_organisation_uid"
)
#: The same rows, in the same order (exchanges scanned by id, the outer side of each LEFT
#: JOIN), with the visitor, their organisation and the host each looked up once: a uid is
#: unique in people and in organisations, so a join finds the one row a sub-select finds, and
#: NULL where it finds none. A third less work on 50,000 exchanges.
JOINED_0005 = [
    "INSERT OR REPLACE INTO exchange_keys (id, visitor, visiting_organisation, "
    "visiting_country, host_organisation, host_country) "
    f"SELECT e.id, p.last_name, o.name, o.country, h.name, h.country {_JOINED}",
    "INSERT INTO exchanges_fts (rowid, words) SELECT e.id, coalesce(e.reference, '') || ' ' || "
    "coalesce(p.first_name || ' ' || p.last_name || ' ' || coalesce(p.email, ''), '') || ' ' || "
    "coalesce(o.name || ' ' || o.city, '') || ' ' || coalesce(h.name || ' ' || h.city, '') "
    f"{_JOINED}",
]
