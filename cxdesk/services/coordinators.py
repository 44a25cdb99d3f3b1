"""Each partnership's coordinator e-mail address: how a signature is known to be a partnership's.

Kept in `desk_state` (one key per partnership), like the partnership's account, so that an office
sharing one database matches signatures alike; set in File → Settings, filled by `demo`.
"""

from __future__ import annotations

import re

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db import signed_store
from cxdesk.db.engine import Database
from cxdesk.db.retention_queries import record_note
from cxdesk.db.store import Store
from cxdesk.domain.records import Change
from cxdesk.services import operations

#: How the audit names these settings (desk_state rows have no uid of their own).
AUDIT_KEY = "coordinator-emails"
#: Enough to tell a typing slip: one @, something either side, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def coordinator_emails_in(store: Store) -> dict[str, str]:
    """Partnership code → its coordinator's e-mail address, inside a unit of work."""
    return signed_store.coordinator_emails(store.session)


def coordinator_emails(db: Database) -> dict[str, str]:
    """Partnership code → its coordinator's e-mail address (those set)."""
    with db.unit() as session:
        return signed_store.coordinator_emails(session)


def known_partnerships(db: Database) -> list[str]:
    """The partnerships one may give a coordinator for: the desk's own and its organisations'."""
    with db.unit() as session:
        return signed_store.partnership_codes(session)


def checked_emails(emails: dict[str, str]) -> dict[str, str]:
    """The addresses as typed, trimmed and lower-cased; refused with the first wrong one."""
    plain: dict[str, str] = {}
    for code, email in emails.items():
        value = (email or "").strip().lower()
        if value and not _EMAIL.match(value):
            raise UserError(
                _("{email} is not an e-mail address (the coordinator of {code}).").format(
                    email=value, code=code
                )
            )
        plain[code.strip()] = value
    return plain


def keep_emails_in(store: Store, emails: dict[str, str]) -> None:
    """Write the addresses as they are, with no line in the audit (the demo's data)."""
    for code, email in emails.items():
        store.set_state(signed_store.COORDINATOR_KEY + code, email)


def set_coordinator_emails(
    db: Database, emails: dict[str, str], source: str = "editor"
) -> Change | None:
    """Keep the coordinators' addresses that changed (an empty one forgets it); None when none
    changed. Who changed them goes in the audit."""
    chosen = checked_emails(emails)

    def work(store: Store) -> Change | None:
        before = coordinator_emails_in(store)
        changed = {c: e for c, e in chosen.items() if before.get(c, "") != e}
        if not changed:
            return None
        keep_emails_in(store, changed)
        for code, email in changed.items():
            record_note(
                store.session, "desk_state", AUDIT_KEY, code, before.get(code), email, source
            )
        return Change(
            frozenset({"desk_state"}),
            frozenset(),
            _("The coordinators' e-mail addresses are saved."),
        )

    found: list[Change | None] = []

    def run(store: Store) -> Change:
        found.append(work(store))
        return found[-1] or Change()

    change = operations.run(db, run)
    return change if found and found[-1] is not None else None
