"""Bank details and evidence are kept for the audit period after the payment, then erased.

The period (`audit_years`, 5 by default) is kept in the database like the partnership's account,
so a shared office database keeps one rule. Erasing leaves a line in the exchange's history (who
erased what, and when); the history itself is never erased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.db.engine import Database
from cxdesk.db.retention_queries import HeldRow, erase_held, held_after_payment, record_note
from cxdesk.db.store import Store
from cxdesk.domain.bank import mask_iban
from cxdesk.domain.records import Change
from cxdesk.services import operations

#: The desk_state key of the audit period, and its default: the programme's audits reach back
#: five years after the last payment.
YEARS_KEY = "audit_years"
DEFAULT_YEARS = 5


@dataclass(frozen=True)
class Expired:
    """An exchange whose audit period is over, and what personal data it still holds."""

    uid: str
    reference: str
    paid_on: date
    kept_until: date
    masked_iban: str | None
    files: tuple[str, ...]

    @property
    def what(self) -> str:
        """What is held, in words (the IBAN masked)."""
        parts = []
        if self.masked_iban:
            parts.append(_("bank details ({iban})").format(iban=self.masked_iban))
        if self.files:
            parts.append(
                ngettext("{n} evidence file", "{n} evidence files", len(self.files)).format(
                    n=len(self.files)
                )
            )
        return ", ".join(parts)


def years_in(store: Store) -> int:
    stored = store.state(YEARS_KEY)
    try:
        return int(stored) if stored else DEFAULT_YEARS
    except ValueError:
        return DEFAULT_YEARS


def audit_years(db: Database) -> int:
    """How many years after the payment bank details and evidence are kept."""
    with db.unit() as session:
        return years_in(Store(session))


def set_audit_years(db: Database, years: int, source: str = "editor") -> Change:
    """Keep bank details and evidence for `years` after the payment (1 to 30)."""
    if not 1 <= years <= 30:
        raise UserError(
            _("The audit period is {years} years; give a number of years from 1 to 30.").format(
                years=years
            )
        )

    def work(store: Store) -> Change:
        before = years_in(store)
        store.set_state(YEARS_KEY, str(years))
        record_note(
            store.session, "desk_state", YEARS_KEY, "audit_years", str(before), str(years), source
        )
        return Change(
            frozenset({"desk_state"}),
            frozenset(),
            ngettext(
                "Bank details and evidence are now kept {n} year after the payment.",
                "Bank details and evidence are now kept {n} years after the payment.",
                years,
            ).format(n=years),
        )

    return operations.run(db, work)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _expired(store: Store, today: date, uids: list[str] | None = None) -> list[Expired]:
    years = years_in(store)
    rows = held_after_payment(store.session, years_before(today, years), uids)
    return [_record(row, years) for row in rows]


def _record(row: HeldRow, years: int) -> Expired:
    kept_until = years_before(row.paid_on, -years)
    masked = mask_iban(row.iban) if row.iban else None
    return Expired(row.uid, row.reference, row.paid_on, kept_until, masked, row.files)


def expired(db: Database, today: date | None = None) -> list[Expired]:
    """Exchanges paid longer ago than the audit period that still hold bank details or evidence,
    the oldest payment first: what may now be erased."""
    with db.unit() as session:
        return _expired(Store(session), today or today_utc())


def erase_expired(
    db: Database, keys: Iterable[str], source: str = "editor", today: date | None = None
) -> Change:
    """Erase the bank details and evidence of these exchanges (uid or reference), each past its
    audit period; an exchange still within it is refused and nothing is erased."""
    wanted = list(dict.fromkeys(keys))
    day = today or today_utc()

    def work(store: Store) -> Change:
        uids = [store.exchange(key).uid for key in wanted]
        found = {e.uid: e for e in _expired(store, day, uids)}
        for uid in uids:
            if uid not in found:
                raise UserError(
                    _(
                        "{key} holds nothing past its audit period (bank details and evidence "
                        "are kept {years} years after the payment): nothing was erased."
                    ).format(key=store.exchange(uid).reference, years=years_in(store))
                )
        for uid in uids:
            item = found[uid]
            erase_held(store.session, uid)
            why = _("erased after the audit period (kept until {day})").format(
                day=item.kept_until.isoformat()
            )
            if item.masked_iban:
                record_note(
                    store.session, "exchanges", uid, "bank_details", item.masked_iban, why, source
                )
            if item.files:
                record_note(
                    store.session, "exchanges", uid, "evidence", "; ".join(item.files), why, source
                )
        references = ", ".join(found[uid].reference for uid in uids)
        return Change(
            frozenset({"exchanges", "bank_details", "evidence", "blobs"}),
            frozenset(uids),
            ngettext(
                "Bank details and evidence of {references} erased.",
                "Bank details and evidence of {n} exchanges erased: {references}.",
                len(uids),
            ).format(n=len(uids), references=references),
        )

    return operations.run(db, work)
