"""Editing one record by field name (`cxdesk set`), through the same validation as the editors."""

from __future__ import annotations

from typing import Any

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import VOID_STATUSES, Status
from cxdesk.domain.countries import is_participating
from cxdesk.domain.records import Change, Organisation
from cxdesk.domain.validation import field_problem, place_problem
from cxdesk.services import operations
from cxdesk.services.exchanges import edit_in, evaluate, move_in
from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.values import CellError, is_empty, parse_cell

#: Columns kept by the sync machinery or granted by the rules, never set by hand.
NOT_EDITABLE = {"uid", "revision", "updated_at", "deleted", "lump_sum"}


def parse_assignments(table: str, assignments: list[str]) -> dict[str, Any]:
    """FIELD=VALUE words as typed values; refuse an unknown field or a value that does not fit."""
    spec = RESOURCES[table]
    values: dict[str, Any] = {}
    for word in assignments:
        field, sep, text = word.partition("=")
        field = field.strip()
        if not sep:
            raise UserError(_("'{word}' is not FIELD=VALUE.").format(word=word))
        if not spec.has_column(field) or field in NOT_EDITABLE:
            editable = ", ".join(c for c in spec.column_names if c not in NOT_EDITABLE)
            hint = _(" (the lump sum follows from the rules)") if field == "lump_sum" else ""
            raise UserError(
                _("{table} have no field '{field}' to set{hint}; fields: {fields}.").format(
                    table=table, field=field, hint=hint, fields=editable
                )
            )
        column = spec.column(field)
        if is_empty(text):
            if column.required:
                raise UserError(_("{field} cannot be empty.").format(field=field))
            values[field] = [] if field in ("ecosystems", "purposes") else None
            continue
        try:
            values[field] = parse_cell(column, text)
        except CellError as exc:
            raise UserError(f"{field}: {exc}.") from exc
    return values


def _check_organisation(store: Store, key: str, values: dict[str, Any]) -> None:
    org = store.organisation(key)
    if "country" in values and not is_participating(values["country"], today_utc()):
        raise UserError(
            _("{country} does not take part in the programme.").format(country=values["country"])
        )
    if values.get("cluster_uid"):
        cluster = store.organisation(values["cluster_uid"])
        if cluster.uid == org.uid:
            raise UserError(_("An organisation cannot be a member of itself."))


def _read(db: Database, table: str, key: str, fields: list[str]) -> dict[str, Any]:
    """The fields as they are now: what this edit expects to find when it writes."""
    with db.unit() as session:
        row = Store(session).row(table, key)
        return {f: getattr(row, f) for f in fields}


def set_fields(
    db: Database, table: str, key: str, assignments: list[str], source: str = "cli"
) -> Change:
    """Apply FIELD=VALUE to one record as one operation; refuse the whole edit if a rule fails.

    Only the fields named are written. A field someone else changed between this command's read
    and its write is refused, naming who; edits of other fields meanwhile are kept.
    """
    values = parse_assignments(table, assignments)
    refuse_impossible(table, values)
    expected = _read(db, table, key, list(values))

    def work(store: Store) -> Change:
        if table == "exchanges":
            return _set_exchange(store, key, dict(values), expected, source)
        if table == "organisations":
            _check_organisation(store, key, values)
            check_place(store.organisation(key), values)
        if table == "people" and values.get("organisation_uid"):
            store.organisation(values["organisation_uid"])
        row = store.row(table, key)
        uid = row.uid
        watched = table == "organisations" and any(f in values for f in RULE_FIELDS)
        before = exchange_reasons(store, uid) if watched else {}
        changed = store.edit(table, key, values, source, expected=expected)
        warnings: tuple[str, ...] = ()
        if watched:
            warnings = recheck_exchanges(store, uid, before)
        message = (
            _("{key}: {fields} changed.").format(key=key, fields=", ".join(sorted(changed)))
            if changed
            else _("{key}: nothing changed.").format(key=key)
        )
        return Change(frozenset({table}), frozenset({uid}), message, warnings=warnings)

    return operations.run(db, work)


def _set_exchange(
    store: Store, key: str, values: dict[str, Any], expected: dict[str, Any], source: str
) -> Change:
    exchange = store.exchange(key)
    status = values.pop("status", None)
    # `status=reported report_validated_on=DAY`: the validation on that day, through its rules.
    validated = values.pop("report_validated_on", None) if status == Status.REPORTED else None
    message = ""
    warnings: tuple[str, ...] = ()
    if values:
        for ref in ("visitor_uid", "host_contact_uid"):
            if values.get(ref):
                store.person(values[ref])
        if values.get("host_organisation_uid"):
            store.organisation(values["host_organisation_uid"])
        saved = edit_in(store, exchange.uid, values, source, expected)
        message = saved.change.message
        warnings = saved.change.warnings
    if status is not None and Status(status) is not exchange.status:
        moved = move_in(
            store,
            exchange.uid,
            Status(status),
            source=source,
            report_validated_on=validated,
            expected_status=expected.get("status"),
        )
        message = (message + " " + moved.message).strip()
    elif not message:
        message = _("Exchange {reference}: nothing changed.").format(reference=exchange.reference)
    return Change(
        frozenset({"exchanges", "payments"}), frozenset({exchange.uid}), message, warnings=warnings
    )


def refuse_impossible(table: str, values: dict[str, Any]) -> None:
    """Text that cannot be stored (control characters, a language that is none): one sentence."""
    for field, value in values.items():
        problem = field_problem(table, field, value)
        if problem:
            raise UserError(problem + ".")


#: An organisation's fields that place it.
PLACE_FIELDS = ("city", "country", "latitude", "longitude")


def check_place(org: Organisation | None, values: dict[str, Any]) -> None:
    """A new or moved organisation must be somewhere the gazetteer knows, its coordinates
    following its city and country (the distance, and so the lump sum, depends on it): a new
    city with the old coordinates is refused until the coordinates are given or cleared."""
    if org is not None and not any(f in values for f in PLACE_FIELDS):
        return
    place = {f: getattr(org, f) if org is not None else None for f in PLACE_FIELDS}
    place |= {f: values[f] for f in PLACE_FIELDS if f in values}
    problem = place_problem(place["city"], place["country"], place["latitude"], place["longitude"])
    moved = "city" in values or "country" in values
    if (
        not problem
        and org is not None
        and moved
        and not ("latitude" in values or "longitude" in values)
    ):
        # A new city keeps old coordinates only if they follow it, and must itself be one the
        # gazetteer knows: the old coordinates do not vouch for a new name.
        problem = place_problem(place["city"], place["country"], None, None)
    if problem:
        raise UserError(problem + ".")


#: An organisation's fields that the scheme's rules read.
RULE_FIELDS = ("country", "kind", "cluster_uid", "city", "latitude", "longitude")


def exchange_reasons(store: Store, organisation_uid: str) -> dict[str, set[str]]:
    """The failing rules of each live exchange the organisation takes part in, by uid."""
    return {
        exchange.uid: set(evaluate(store, exchange).reasons)
        for exchange in store.exchanges_of(organisation_uid)
        if exchange.status not in VOID_STATUSES and exchange.status is not Status.PAID
    }


def recheck_exchanges(
    store: Store, organisation_uid: str, before: dict[str, set[str]]
) -> tuple[str, ...]:
    """Refuse an organisation's change that breaks one of its exchanges, or makes it worse; the
    rules that failed before it and still fail come back as warnings."""
    store.session.flush()
    warnings: list[str] = []
    for exchange in store.exchanges_of(organisation_uid):
        if exchange.uid not in before:
            continue
        reasons = evaluate(store, exchange).reasons
        new = [r for r in reasons if r not in before[exchange.uid]]
        if new:
            raise UserError(
                _("The change would break exchange {reference}: {reason}.").format(
                    reference=exchange.reference, reason=new[0]
                )
            )
        warnings += [f"{exchange.reference}: {r}" for r in reasons]
    return tuple(warnings)
