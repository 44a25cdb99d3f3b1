"""Editing one record by field name (`cxdesk set`), through the same validation as the editors."""

from __future__ import annotations

import dataclasses
from typing import Any

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import Status
from cxdesk.domain.countries import is_participating
from cxdesk.domain.records import Change
from cxdesk.services.exchanges import move_in, save_in, today_utc
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


def set_fields(
    db: Database, table: str, key: str, assignments: list[str], source: str = "cli"
) -> Change:
    """Apply FIELD=VALUE to one record; refuse the whole edit if any rule fails."""
    values = parse_assignments(table, assignments)
    with db.unit() as session:
        store = Store(session)
        if table == "exchanges":
            exchange = store.exchange(key)
            status = values.pop("status", None)
            message = ""
            if values:
                for ref in ("visitor_uid", "host_contact_uid"):
                    if values.get(ref):
                        store.person(values[ref])
                if values.get("host_organisation_uid"):
                    store.organisation(values["host_organisation_uid"])
                candidate = dataclasses.replace(exchange, **values)
                message = save_in(store, candidate, source).change.message
            if status is not None and Status(status) is not exchange.status:
                message = (
                    message
                    + " "
                    + move_in(store, exchange.uid, Status(status), source=source).message
                ).strip()
            return Change(frozenset({"exchanges"}), frozenset({exchange.uid}), message)
        if table == "organisations":
            _check_organisation(store, key, values)
        if table == "people" and values.get("organisation_uid"):
            store.organisation(values["organisation_uid"])
        row = store.row(table, key)
        changed = store.edit(table, key, values, source)
        if table == "organisations":
            _recheck_exchanges(store, row.uid)
        message = (
            _("{key}: {fields} changed.").format(key=key, fields=", ".join(sorted(changed)))
            if changed
            else _("{key}: nothing changed.").format(key=key)
        )
        return Change(frozenset({table}), frozenset({row.uid}), message)


def _recheck_exchanges(store: Store, organisation_uid: str) -> None:
    """An organisation's new country or kind must not break the exchanges it takes part in."""
    from cxdesk.domain.codes import VOID_STATUSES
    from cxdesk.services.exchanges import evaluate

    session = store.session
    session.flush()
    for exchange in store.exchanges_of(organisation_uid):
        if exchange.status in VOID_STATUSES or exchange.status is Status.PAID:
            continue
        quote = evaluate(store, exchange)
        if quote.reasons:
            raise UserError(
                _("The change would break exchange {reference}: {reason}.").format(
                    reference=exchange.reference, reason=quote.reasons[0]
                )
            )
