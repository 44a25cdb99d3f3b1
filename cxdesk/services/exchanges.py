"""Exchanges from draft to paid: one place that checks the rules, grants the amount and saves."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money
from cxdesk.db.engine import Database
from cxdesk.db.store import Store, new_uid
from cxdesk.domain.codes import GRANTED_STATUSES, STATUS_LABELS, VOID_STATUSES, PaymentKind, Status
from cxdesk.domain.lifecycle import check_transition
from cxdesk.domain.quote import Place, Quote, quote_exchange
from cxdesk.domain.rates import DEFAULT_RATES
from cxdesk.domain.records import Change, Exchange, Organisation, Payment, Rate
from cxdesk.domain.rules import ExchangeContext
from cxdesk.domain.validation import field_problem
from cxdesk.services import operations
from cxdesk.services.payment import amount_owed, open_batch_refusal, pay_in, validate_in

GRANT_COLUMNS = ("granted_ceiling", "granted_rates", "granted_halved_because")
#: Fields whose change can change the lump sum (the editor says so before saving).
AMOUNT_FIELDS = ("start_date", "end_date", "host_organisation_uid", "visitor_uid")


def place_of(org: Organisation) -> Place:
    return Place(org.city, org.country, org.latitude, org.longitude)


def rates_in_force(store: Store) -> list[Rate]:
    """The stored rate tables; the defaults while none is stored."""
    return store.today_rates_or(DEFAULT_RATES)


def evaluate(store: Store, exchange: Exchange, rates: list[Rate] | None = None) -> Quote:
    """The scheme's verdict on an exchange as it would be stored, with its amount and why."""
    visitor = store.person(exchange.visitor_uid)
    visiting = store.organisation(visitor.organisation_uid)
    host = store.organisation(exchange.host_organisation_uid)
    context = ExchangeContext.from_records(
        visiting,
        host,
        exchange=exchange,
        visiting_organisation_exchanges=store.exchanges_visiting(visiting.uid),
        visitor_exchanges=store.exchanges_of_visitor(exchange.visitor_uid),
    )
    return quote_exchange(
        place_of(visiting),
        place_of(host),
        exchange.start_date,
        exchange.end_date,
        rates if rates is not None else rates_in_force(store),
        context=context,
        distance_km=float(exchange.distance_km) if exchange.distance_km is not None else None,
    )


@dataclass(frozen=True)
class Saved:
    exchange: Exchange
    quote: Quote
    lump_sum_before: Decimal | None
    change: Change


def _grant(values: dict[str, object], quote: Quote) -> None:
    values["lump_sum"] = quote.lump_sum
    values["granted_ceiling"] = quote.ceiling
    # The table's own name (not the sentence, which is in the window's language): documents
    # print it in theirs.
    values["granted_rates"] = quote.rate.table if quote.rate else quote.rates
    values["granted_halved_because"] = "; ".join(quote.halved_because) or None


def _refuse(exchange: Exchange, reasons: tuple[str, ...] | list[str]) -> UserError:
    return UserError(
        _("{reference} was not saved: {reason}.").format(
            reference=exchange.reference, reason=reasons[0]
        ),
        problems=[f"{exchange.reference}: {r}" for r in reasons[1:]],
    )


#: Fields a person edits (the rest follow from the rules or the sync).
EDITABLE = tuple(
    f.name for f in dataclasses.fields(Exchange) if f.name not in ("id", "uid", "lump_sum")
)
#: Moving either organisation moves the distance the desk computed.
PLACE_FIELDS = ("host_organisation_uid", "visitor_uid")


def _create(store: Store, exchange: Exchange, source: str) -> Saved:
    quote = evaluate(store, exchange)
    if quote.reasons and exchange.status not in VOID_STATUSES:
        raise _refuse(exchange, quote.reasons)
    values: dict[str, object] = {}
    if exchange.status in GRANTED_STATUSES:
        _grant(values, quote)
    record = dataclasses.replace(
        exchange,
        uid=exchange.uid or new_uid(),
        distance_km=exchange.distance_km
        if exchange.distance_km is not None
        else Decimal(str(quote.distance_km)),
        lump_sum=values.get("lump_sum", exchange.lump_sum),  # type: ignore[arg-type]
    )
    extra = {k: values[k] for k in GRANT_COLUMNS if k in values}
    saved = store.add_exchange(record, source, extra)
    message = _("Exchange {reference} created.").format(reference=saved.reference)
    change = Change(frozenset({"exchanges"}), frozenset({saved.uid}), message)
    return Saved(saved, quote, None, change)


def edit_in(
    store: Store,
    key: str,
    changes: dict[str, object],
    source: str,
    expected: dict[str, object] | None = None,
) -> Saved:
    """Change some fields of a stored exchange, inside an operation.

    Only `changes` are written (with what follows from them: the distance when a place moved,
    the amount when a granted exchange's dates or places moved); a field changed by someone else
    since `expected` was read is refused. An edit is refused for a rule it breaks or makes
    worse; rules that failed before it still fail are warnings.
    """
    current = store.exchange(key)
    values = {k: v for k, v in changes.items() if getattr(current, k) != v}
    for name, value in values.items():
        problem = field_problem("exchanges", name, value)
        if problem:
            raise UserError(problem + ".")
    _refuse_closing_shortcut(current, values)
    candidate = dataclasses.replace(current, **values)  # type: ignore[arg-type]
    if "distance_km" not in values and any(f in values for f in PLACE_FIELDS):
        candidate = dataclasses.replace(candidate, distance_km=None)
    if "report_validated_on" in values or "end_date" in values:
        _check_validation_day(candidate)
    before = evaluate(store, current)
    after = evaluate(store, candidate)
    warnings: tuple[str, ...] = ()
    if candidate.status not in VOID_STATUSES:
        known = set(before.reasons) if current.status not in VOID_STATUSES else set()
        new = [r for r in after.reasons if r not in known]
        if new:
            raise _refuse(current, new)
        warnings = tuple(f"{current.reference}: {r}" for r in after.reasons if r in known)
    if candidate.distance_km is None:
        # Computed only where nobody gave one: the platform's figure is the platform's.
        values["distance_km"] = Decimal(str(after.distance_km))
    amount_moved = any(f in values for f in (*AMOUNT_FIELDS, "distance_km"))
    if candidate.status in GRANTED_STATUSES and (amount_moved or candidate.lump_sum is None):
        _grant(values, after)
    changed = store.edit("exchanges", current.uid, values, source, expected=expected)
    saved = store.exchange(current.uid)
    fields = sorted(f for f in changed if f in changes)
    message = (
        _("Exchange {reference} saved ({fields}).").format(
            reference=saved.reference, fields=", ".join(fields)
        )
        if changed
        else _("Exchange {reference}: nothing changed.").format(reference=saved.reference)
    )
    if current.lump_sum != saved.lump_sum and saved.lump_sum is not None:
        message += " " + _("Lump sum {old} → {new}.").format(
            old=format_money(current.lump_sum) if current.lump_sum is not None else "—",
            new=format_money(saved.lump_sum),
        )
    change = Change(frozenset({"exchanges"}), frozenset({saved.uid}), message, warnings=warnings)
    return Saved(saved, after, current.lump_sum, change)


def _refuse_closing_shortcut(exchange: Exchange, values: dict[str, object]) -> None:
    """Validating a report and paying have rules of their own (evidence, the amount due, the
    SEPA batches): no field edit goes around them."""
    status = values.get("status")
    if "report_validated_on" in values or status == Status.REPORTED:
        raise UserError(
            _(
                "{reference} was not saved: a report is validated with validate-report (the "
                "window's Validate report), which checks the report, its evidence and the amount "
                "due."
            ).format(reference=exchange.reference)
        )
    if status == Status.PAID:
        raise UserError(
            _(
                "{reference} was not saved: an exchange is paid with pay (the window's Mark "
                "paid), which records the payment of the amount due."
            ).format(reference=exchange.reference)
        )


def _check_validation_day(exchange: Exchange) -> None:
    """A report is validated after the visit, never before it ends nor in the future."""
    day = exchange.report_validated_on
    if day is None:
        return
    if day < exchange.end_date:
        raise UserError(
            _(
                "{reference} was not saved: the report cannot be validated on {date}, before the "
                "exchange ends on {end}."
            ).format(
                reference=exchange.reference,
                date=day.isoformat(),
                end=exchange.end_date.isoformat(),
            )
        )
    if day > today_utc():
        raise UserError(
            _(
                "{reference} was not saved: the report cannot be validated on {date}, a day still "
                "to come."
            ).format(reference=exchange.reference, date=day.isoformat())
        )


def save_in(
    store: Store, exchange: Exchange, source: str, original: Exchange | None = None
) -> Saved:
    """Create an exchange, or save the fields of `exchange` that differ from `original` (the
    record as the person read it; by default, as stored now)."""
    current = None
    if exchange.uid:
        try:
            current = store.exchange(exchange.uid)
        except UserError:
            current = None
    if current is None:
        return _create(store, exchange, source)
    seen = original or current
    changes = {
        f: getattr(exchange, f) for f in EDITABLE if getattr(exchange, f) != getattr(seen, f)
    }
    expected = {f: getattr(seen, f) for f in changes}
    return edit_in(store, current.uid, changes, source, expected)


def save_exchange(
    db: Database, exchange: Exchange, source: str = "editor", original: Exchange | None = None
) -> Saved:
    """Create or edit an exchange as one operation (see `edit_in`)."""
    found: list[Saved] = []

    def work(store: Store) -> Change:
        found[:] = [save_in(store, exchange, source, original)]
        return found[0].change

    change = operations.run(db, work)
    return dataclasses.replace(found[0], change=change)


def move(
    db: Database,
    key: str,
    new_status: Status,
    *,
    source: str = "editor",
    report_validated_on: date | None = None,
    today: date | None = None,
    expected_status: Status | None = None,
) -> Change:
    """Move an exchange along its lifecycle, granting the amount when it is approved."""
    return operations.run(
        db,
        lambda store: move_in(
            store,
            key,
            new_status,
            source=source,
            report_validated_on=report_validated_on,
            today=today,
            expected_status=expected_status,
        ),
    )


def move_in(
    store: Store,
    key: str,
    new_status: Status,
    *,
    source: str,
    report_validated_on: date | None = None,
    today: date | None = None,
    expected_status: Status | None = None,
) -> Change:
    today = today or today_utc()
    exchange = store.exchange(key)
    changes: dict[str, object] = {"status": new_status}
    candidate = dataclasses.replace(exchange, status=new_status)
    if new_status is Status.APPROVED:
        quote = evaluate(store, exchange)
        if quote.reasons:
            raise _refuse(exchange, quote.reasons)
        _grant(changes, quote)
        candidate = dataclasses.replace(candidate, lump_sum=quote.lump_sum)
    if new_status is Status.REPORTED:
        validated = report_validated_on or exchange.report_validated_on or today
        changes["report_validated_on"] = validated
        candidate = dataclasses.replace(candidate, report_validated_on=validated)
    reasons = check_transition(
        dataclasses.replace(candidate, status=exchange.status), new_status, today=today
    )
    if reasons:
        raise _refuse(exchange, reasons)
    expected = {"status": expected_status} if expected_status is not None else None
    # Validating and paying have their own rules (closing.py): the lifecycle goes through them.
    if new_status in (Status.REPORTED, Status.PAID):
        if expected_status is not None and exchange.status != expected_status:
            # Moved by someone else since it was read: Store.edit refuses (writing nothing, as
            # the status is neither the one read nor the new one), naming who and when.
            store.edit("exchanges", exchange.uid, {"status": new_status}, source, expected)
        if new_status is Status.REPORTED:
            return validate_in(
                store, exchange.uid, on=candidate.report_validated_on, source=source, today=today
            )
        return pay_in(store, exchange.uid, on=today, source=source)
    store.edit("exchanges", exchange.uid, changes, source, expected=expected)
    return Change(
        frozenset({"exchanges", "payments"}),
        frozenset({exchange.uid}),
        _("{reference} is now {status}.").format(
            reference=exchange.reference, status=_(STATUS_LABELS[new_status])
        ),
    )


def record_payment(
    db: Database,
    key: str,
    amount: Decimal,
    paid_on: date,
    bank_reference: str | None = None,
    kind: PaymentKind = PaymentKind.LUMP_SUM,
    source: str = "editor",
) -> Change:
    """Record a payment; the exchange is paid once its payments reach the granted lump sum."""
    if amount <= 0:
        raise UserError(_("A payment must be more than 0."))

    def work(store: Store) -> Change:
        exchange = store.exchange(key)
        if exchange.status is not Status.REPORTED and exchange.status is not Status.PAID:
            raise UserError(
                _("{reference} cannot be paid yet: its report is not validated.").format(
                    reference=exchange.reference
                )
            )
        refusal = open_batch_refusal(store, exchange)
        if refusal is not None:
            raise refusal
        owed = amount_owed(store, exchange)
        if owed is not None and owed <= 0:
            raise UserError(
                _("{reference} is not eligible after its report: nothing is due.").format(
                    reference=exchange.reference
                )
            )
        store.add_payment(
            Payment(new_uid(), exchange.uid, kind, amount, paid_on, bank_reference), source
        )
        paid = sum((p.amount for p in store.payments_of(exchange.uid)), Decimal(0))
        # Paid once the payments reach what is owed: the validated amount due, else the grant.
        if owed is not None and paid >= owed:
            store.edit("exchanges", exchange.uid, {"status": Status.PAID}, source)
        return Change(
            frozenset({"exchanges", "payments"}),
            frozenset({exchange.uid}),
            _("Payment of {amount} to {reference} recorded.").format(
                amount=format_money(amount), reference=exchange.reference
            ),
        )

    return operations.run(db, work)
