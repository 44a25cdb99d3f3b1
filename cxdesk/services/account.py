"""The partnership's own bank account, the one SEPA transfers are paid from: kept in the database.

It lives in `desk_state` (not in the desk's settings file) so that an office sharing one database
shares it: every coordinator's transfer file names the same debtor.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.retention_queries import record_note
from cxdesk.db.store import Store
from cxdesk.domain.bank import bic_problem, compact, iban_problem, mask_iban
from cxdesk.domain.records import Change
from cxdesk.services import operations

#: The desk_state keys the account is kept under.
NAME_KEY, IBAN_KEY, BIC_KEY = "account_name", "account_iban", "account_bic"
#: How the audit names the account (desk_state rows have no uid of their own).
AUDIT_KEY = "partnership-account"
#: A SEPA debtor name is at most 70 characters (pain.001's Max70Text).
NAME_LENGTH = 70


@dataclass(frozen=True)
class Account:
    """The account transfers are paid from: the debtor of every SEPA file."""

    name: str
    iban: str
    bic: str | None = None

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)


def account_in(store: Store) -> Account | None:
    """The partnership's account inside a unit of work; None until one is set."""
    name, iban = store.state(NAME_KEY), store.state(IBAN_KEY)
    if not name or not iban:
        return None
    return Account(name, iban, store.state(BIC_KEY) or None)


def account(db: Database) -> Account | None:
    """The partnership's account; None until one is set (File → Settings, or `demo`)."""
    with db.unit() as session:
        return account_in(Store(session))


def checked_account(name: str, iban: str, bic: str | None) -> Account:
    """The account as typed, compact and checked; refused with what is wrong."""
    plain_name = " ".join((name or "").split())
    if not plain_name:
        raise UserError(_("The account holder's name is missing: give the partnership's name."))
    if len(plain_name) > NAME_LENGTH:
        raise UserError(
            _(
                "The account holder's name has {count} characters; a bank takes {limit} at most."
            ).format(count=len(plain_name), limit=NAME_LENGTH)
        )
    problem = iban_problem(iban)
    if problem:
        raise UserError(problem + ".")
    plain_bic = compact(bic or "") or None
    if plain_bic is not None:
        problem = bic_problem(plain_bic)
        if problem:
            raise UserError(problem + ".")
    return Account(plain_name, compact(iban), plain_bic)


def keep_account_in(store: Store, chosen: Account) -> None:
    """Write the account as it is, with no line in the audit (the demo's data has no history)."""
    store.set_state(NAME_KEY, chosen.name)
    store.set_state(IBAN_KEY, chosen.iban)
    store.set_state(BIC_KEY, chosen.bic or "")


def set_account_in(store: Store, chosen: Account, source: str) -> Change:
    """Keep the account inside an operation, and who changed it in the audit."""
    before = account_in(store)
    keep_account_in(store, chosen)
    record_note(
        store.session,
        "desk_state",
        AUDIT_KEY,
        "account",
        _describe(before) if before else None,
        _describe(chosen),
        source,
    )
    return Change(
        frozenset({"desk_state"}),
        frozenset(),
        _("The partnership's account is now {iban} ({name}).").format(
            iban=chosen.masked_iban, name=chosen.name
        ),
    )


def set_account(
    db: Database, name: str, iban: str, bic: str | None, source: str = "editor"
) -> Change:
    """Keep the partnership's account (IBAN and BIC checked) for every desk on this database."""
    chosen = checked_account(name, iban, bic)
    return operations.run(db, lambda store: set_account_in(store, chosen, source))


def _describe(chosen: Account) -> str:
    # The partnership's own account is no personal data, but the audit shows it masked as
    # every IBAN is shown: enough to recognise it.
    return f"{chosen.name}, {chosen.masked_iban}" + (f", {chosen.bic}" if chosen.bic else "")
