"""Closing an exchange: the report and its evidence, the bank details, validation and payment.

Every write is one operation (`operations.run`); the `…_in(store, …)` functions are the same
steps inside an operation another service already runs (the lifecycle, a SEPA confirmation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.bank import bic_problem, compact, iban_problem, mask_iban
from cxdesk.domain.closing import (
    ChecklistLine,
    checklist,
    form_content,
)
from cxdesk.domain.codes import EvidenceKind, Status
from cxdesk.domain.lifecycle import payment_due
from cxdesk.domain.records import (
    BankDetails,
    Change,
    Commitment,
    Evidence,
    Exchange,
    Report,
    Waiver,
)
from cxdesk.services import operations
from cxdesk.services.evidence import (
    attach_evidence,
    attach_in,
    closing_change,
    evidence_kind,
    media_type,
    read_evidence,
    refuse_when_validated,
    remove_evidence,
    unwaive,
    waive,
)
from cxdesk.services.payment import (  # the money steps, in a module of their own
    amount_owed,
    open_batch_refusal,
    pay,
    pay_in,
    validate_in,
    validate_report,
    validation_reasons,
)

__all__ = [
    "ChecklistLine",
    "amount_owed",
    "open_batch_refusal",
    "ClosingState",
    "attach_evidence",
    "closing_state",
    "commitment_of",
    "evidence_bytes",
    "media_type",
    "pay",
    "pay_in",
    "receive_form",
    "remove_evidence",
    "save_commitment",
    "save_report",
    "set_bank_details",
    "unwaive",
    "validate_in",
    "validate_report",
    "waive",
]

#: What a closing step changes: the window refreshes these.
CLOSING_TABLES = frozenset({"exchanges", "reports", "evidence", "waivers", "bank_details"})


@dataclass(frozen=True)
class ClosingState:
    """Everything the window shows of an exchange's closing, as of one day."""

    exchange: Exchange
    report: Report | None
    evidence: tuple[Evidence, ...]
    waivers: tuple[Waiver, ...]
    checklist: tuple[ChecklistLine, ...]
    bank: BankDetails | None
    granted: Decimal | None
    amount_due: Decimal | None
    reduction_reason: str | None
    payment_due: date | None
    open_batch: str | None
    can_validate_reasons: tuple[str, ...]
    commitment: Commitment | None

    @property
    def masked_iban(self) -> str | None:
        return mask_iban(self.bank.iban) if self.bank is not None else None


# -- reading ---------------------------------------------------------------------------------


def closing_state(db: Database, key: str, today: date | None = None) -> ClosingState:
    """The exchange's report, evidence, waivers, bank details and what validating needs today."""
    today = today or today_utc()
    with db.unit() as session:
        store = Store(session)
        exchange = store.exchange(key)
        closing = ClosingStore(store)
        report = closing.report(exchange.uid)
        evidence = tuple(closing.evidence_of(exchange.uid))
        waivers = tuple(closing.waivers_of(exchange.uid))
        lines = checklist(evidence, waivers)
        return ClosingState(
            exchange=exchange,
            report=report,
            evidence=evidence,
            waivers=waivers,
            checklist=lines,
            bank=closing.bank_details(exchange.uid),
            granted=exchange.lump_sum,
            amount_due=report.amount_due if report is not None else None,
            reduction_reason=report.reduction_reason if report is not None else None,
            payment_due=payment_due(exchange),
            open_batch=closing.open_batch_of(exchange.uid),
            can_validate_reasons=tuple(validation_reasons(exchange, report, lines, today, today)),
            commitment=closing.commitment(exchange.uid),
        )


def evidence_bytes(db: Database, sha256: str) -> bytes:
    """An evidence file's bytes, by their hash."""
    with db.unit() as session:
        content = ClosingStore(Store(session)).blob(sha256)
    if content is None:
        raise UserError(_("No evidence file has the hash {sha256}.").format(sha256=sha256))
    return content


def commitment_of(db: Database, key: str) -> Commitment | None:
    with db.unit() as session:
        store = Store(session)
        return ClosingStore(store).commitment(store.exchange(key).uid)


# -- the report ------------------------------------------------------------------------------


def _report_values(
    received_on: date | None,
    actual_start: date | None,
    actual_end: date | None,
    activities: str | None,
    results: str | None,
    rating: int | None,
) -> dict[str, object]:
    if rating is not None and not 1 <= rating <= 5:
        raise UserError(_("A rating is a number from 1 to 5, not {rating}.").format(rating=rating))
    if actual_start is not None and actual_end is not None and actual_end < actual_start:
        raise UserError(
            _("The visit cannot end on {end}, before it starts on {start}.").format(
                end=actual_end.isoformat(), start=actual_start.isoformat()
            )
        )
    return {
        "received_on": received_on or today_utc(),
        "actual_start": actual_start,
        "actual_end": actual_end,
        "activities": (activities or "").strip() or None,
        "results": (results or "").strip() or None,
        "rating": rating,
    }


def save_report(
    db: Database,
    key: str,
    *,
    received_on: date | None,
    actual_start: date | None,
    actual_end: date | None,
    activities: str | None,
    results: str | None,
    rating: int | None,
    source: str = "editor",
) -> Change:
    """Create the exchange's closing report as typed, or save the fields that changed."""
    values = _report_values(received_on, actual_start, actual_end, activities, results, rating)

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        refuse_when_validated(exchange)
        ClosingStore(store).save_report(exchange.uid, values, source)
        return closing_change(
            exchange, _("Closing report of {reference} saved.").format(reference=exchange.reference)
        )

    return operations.run(db, work)


def receive_form(
    db: Database,
    key: str,
    form: Path,
    evidence: Sequence[tuple[EvidenceKind, Path]] = (),
    source: str = "cli",
) -> Change:
    """Read the visitor's filled form: store the report and the bank details and attach each
    evidence file, all in one operation (a bad IBAN or a missing file changes nothing)."""
    # pypdf is imported when a form is read, not with the window.
    from cxdesk.pdf.form_reading import read_form

    form = Path(form)
    content = form_content(read_form(form), str(form))
    files = [read_evidence(evidence_kind(kind), path) for kind, path in evidence]
    bank = None
    if content.iban or content.account_holder or content.bic:
        bank = _checked_bank(content.iban or "", content.bic, content.account_holder or "", form)

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        if content.reference not in (exchange.reference, exchange.uid, exchange.platform_id):
            raise UserError(
                _(
                    "{file} is the form of {other}, not of {reference}: read it in for "
                    "{other}, or give {reference}'s own form."
                ).format(file=form, other=content.reference, reference=exchange.reference)
            )
        refuse_when_validated(exchange)
        closing = ClosingStore(store)
        values = _report_values(
            today_utc(),
            content.actual_start,
            content.actual_end,
            content.activities,
            content.results,
            content.rating,
        )
        closing.save_report(exchange.uid, values, source)
        said = [_("Closing report of {reference} read in.").format(reference=exchange.reference)]
        if bank is not None:
            iban, bic, holder = bank
            closing.set_bank_details(exchange.uid, iban, bic, holder, today_utc())
            said.append(_("Bank account {iban} kept.").format(iban=mask_iban(iban)))
        added = sum(attach_in(closing, exchange, f) for f in files)
        if files:
            said.append(
                ngettext(
                    "{n} evidence file attached.", "{n} evidence files attached.", added
                ).format(n=added)
            )
        return closing_change(exchange, " ".join(said), "evidence", "blobs", "bank_details")

    return operations.run(db, work)


# -- bank details ----------------------------------------------------------------------------


def _checked_bank(
    iban: str, bic: str | None, holder: str, form: Path | None = None
) -> tuple[str, str | None, str]:
    """The bank details compact and checked; refused with what is wrong (the IBAN never whole)."""
    where = f"{form}: " if form is not None else ""
    problem = iban_problem(iban)
    if problem:
        raise UserError(where + problem + ".")
    plain_bic = compact(bic or "") or None
    if plain_bic is not None:
        problem = bic_problem(plain_bic)
        if problem:
            raise UserError(where + problem + ".")
    if not holder.strip():
        raise UserError(where + _("The account holder's name is missing."))
    return compact(iban), plain_bic, holder.strip()


def set_bank_details(
    db: Database,
    key: str,
    *,
    iban: str,
    bic: str | None,
    account_holder: str,
    source: str = "editor",
) -> Change:
    """Keep where the visitor is paid (IBAN checked; BIC when given)."""
    checked = _checked_bank(iban, bic, account_holder)

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        if exchange.status is Status.PAID:
            raise UserError(
                _("{reference} is paid: its bank details no longer change.").format(
                    reference=exchange.reference
                )
            )
        ClosingStore(store).set_bank_details(exchange.uid, *checked, today_utc())
        message = _("Bank account {iban} kept for {reference}.").format(
            iban=mask_iban(checked[0]), reference=exchange.reference
        )
        return closing_change(exchange, message, "bank_details")

    return operations.run(db, work)


# -- validation ------------------------------------------------------------------------------


# -- the Commitment to Quality ---------------------------------------------------------------


def save_commitment(
    db: Database,
    key: str,
    *,
    goals: str | None,
    objectives: str | None,
    agenda: str | None,
    source: str = "editor",
) -> Change:
    """Keep the Commitment to Quality's content (goals, objectives, one agenda line a day)."""

    def clean(text: str | None) -> str | None:
        return (text or "").strip() or None

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        ClosingStore(store).save_commitment(
            Commitment(exchange.uid, clean(goals), clean(objectives), clean(agenda))
        )
        return Change(
            frozenset({"exchanges", "commitments"}),
            frozenset({exchange.uid}),
            _("Commitment to Quality of {reference} saved.").format(reference=exchange.reference),
        )

    return operations.run(db, work)


def form_reference(path: Path) -> str | None:
    """The exchange a filled closing-report form names (its `reference` field); None for any
    other file (a ticket, an invoice). Reading the whole form is the service's: this only tells
    a form from evidence."""
    if path.suffix.lower() != ".pdf":
        return None
    from cxdesk.pdf.form_reading import read_form

    try:
        fields = read_form(path)
    except UserError:
        return None
    return (fields.get("reference") or "").strip() or None
