"""Every record from the command line: list a table as its tab filters it, show one, add one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money
from cxdesk.db import browse as db_browse
from cxdesk.db import listing
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.rule_facts import facts_around
from cxdesk.db.store import Store
from cxdesk.domain.codes import ORG_KIND_LABELS, Status
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, PersonFilter, Sort
from cxdesk.domain.records import Change, Evidence, Exchange, Organisation, Person
from cxdesk.domain.rules import country_takes_part, kind_role
from cxdesk.services import operations
from cxdesk.services.editing import NOT_EDITABLE, parse_assignments, refuse_impossible
from cxdesk.services.exchanges import move_in, rates_in_force, save_in
from cxdesk.services.history import find_record, history
from cxdesk.services.members import save_organisation
from cxdesk.services.rule_report import RuleEvaluation
from cxdesk.sync.cells import format_cell
from cxdesk.sync.columns import RESOURCES, Column, ColumnType

#: What `list` lists.
LISTED = ("organisations", "people", "exchanges", "payments", "reports")
#: What `add` creates.
ADDED = ("organisations", "people", "exchanges")
#: The order each tab shows its rows in by default: `list` prints them in the same order.
TAB_SORT = {
    "organisations": Sort("name"),
    "people": Sort("last_name"),
    "exchanges": Sort("start_date", descending=True),
    "payments": None,
    "reports": None,
}
#: reports.csv's own columns (sync-package.md), as `list reports` and `show` print a report; its
#: `evidence` follows them, and never a bank detail.
REPORT_COLUMNS = (
    "uid",
    "revision",
    "updated_at",
    "deleted",
    "exchange_uid",
    "received_on",
    "actual_start",
    "actual_end",
    "activities",
    "results",
    "rating",
)


# -- values as scripts read them -------------------------------------------------------------


def json_value(column: Column, value: Any) -> Any:
    """A stored value for JSON: numbers of records as numbers, true/false, a list of codes, and
    the rest (dates, amounts as decimal strings, text) as a package cell writes it; null when
    empty."""
    if column.type is ColumnType.CODES:
        text = format_cell(column, value) if value is not None else ""
        return [code for code in text.split(";") if code]
    if value is None:
        return None
    if column.type is ColumnType.INTEGER:
        return int(value)
    if column.type is ColumnType.BOOLEAN:
        return bool(value)
    text = format_cell(column, value)
    return text if text != "" else None


def as_json(table: str, stored: dict[str, Any]) -> dict[str, Any]:
    """A row as stored → {package field: JSON value}, in the package's column order."""
    spec = RESOURCES[table]
    return {column.name: json_value(column, stored.get(column.name)) for column in spec.columns}


def _filter(table: str, text: str, status: str | None) -> listing.Filter:
    if table == "organisations":
        return OrgFilter(text=text)
    if table == "people":
        return PersonFilter(text=text)
    return ExchangeFilter(text=text, statuses=frozenset({status}) if status else frozenset())


# -- list ------------------------------------------------------------------------------------


def list_records(
    db: Database, table: str, text: str = "", status: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every live record the tab's filter selects, in the tab's order, as package fields; read
    a chunk at a time."""
    if table == "reports":
        yield from _report_records(db, text, status)
        return
    columns = RESOURCES[table].column_names
    with db.sessions() as session:
        flt = _filter(table, text, status)
        for ids in listing.id_chunks(session, table, flt, TAB_SORT[table]):
            for stored in listing.rows_by_id(session, table, ids, columns):
                yield as_json(table, stored)


def list_lines(
    db: Database, table: str, text: str = "", status: str | None = None
) -> Iterator[str]:
    """The same records as readable lines: what the tab's columns show."""
    with db.sessions() as session:
        flt = _filter(table, text, status)
        for ids in listing.id_chunks(session, table, flt, TAB_SORT[table]):
            yield from _lines(session, table, ids)


def _lines(session: Any, table: str, ids: list[int]) -> Iterator[str]:
    if table == "organisations":
        orgs = db_browse.organisation_lines(session, ids)
        for org in (orgs[i] for i in ids if i in orgs):
            yield f"{org.uid}  {org.name} — {org.city} ({org.country}), {org.kind}"
    elif table == "people":
        people = db_browse.person_lines(session, ids)
        for p in (people[i] for i in ids if i in people):
            extra = ", ".join(x for x in (p.email, p.role, p.language) if x)
            yield f"{p.uid}  {p.first_name} {p.last_name}" + (f" — {extra}" if extra else "")
    elif table == "exchanges":
        lines = db_browse.exchange_lines(session, ids)
        for x in (lines[i] for i in ids if i in lines):
            amount = f"  {format_money(x.lump_sum)}" if x.lump_sum is not None else ""
            yield (
                f"{x.reference}  {x.status}  {x.start_date}..{x.end_date}  {x.visitor} "
                f"({x.visiting_country}) → {x.host_organisation} ({x.host_country}){amount}"
            )
    elif table == "reports":
        yield from _report_lines(session, ids)
    else:
        for pay in listing.payment_lines(session, ids):
            bank = f"  {pay.bank_reference}" if pay.bank_reference else ""
            yield (
                f"{pay.uid}  {pay.reference}  {pay.paid_on}  {format_money(pay.amount)}  "
                f"{pay.kind}{bank}"
            )


# -- reports ---------------------------------------------------------------------------------


def _plain_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def report_json(stored: dict[str, Any], evidence: list[Evidence]) -> dict[str, Any]:
    """A report as reports.csv names its fields, its evidence as {kind, file_name, sha256}."""
    record = {name: _plain_json(stored.get(name)) for name in REPORT_COLUMNS}
    record["deleted"] = bool(record["deleted"])
    record["evidence"] = [
        {"kind": e.kind.value, "file_name": e.file_name, "sha256": e.sha256} for e in evidence
    ]
    return record


def _report_records(db: Database, text: str, status: str | None) -> Iterator[dict[str, Any]]:
    with db.sessions() as session:
        closing = ClosingStore(Store(session))
        flt = _filter("reports", text, status)
        for ids in listing.id_chunks(session, "reports", flt):
            rows = listing.rows_by_id(session, "reports", ids, REPORT_COLUMNS)
            evidence = closing.evidence_of_many(r["exchange_uid"] for r in rows)
            for stored in rows:
                yield report_json(stored, evidence[stored["exchange_uid"]])


def _report_lines(session: Any, ids: list[int]) -> Iterator[str]:
    rows = listing.rows_by_id(session, "reports", ids, (*REPORT_COLUMNS, "amount_due"))
    uids = [r["exchange_uid"] for r in rows]
    references = listing.exchange_references(session, uids)
    evidence = ClosingStore(Store(session)).evidence_of_many(uids)
    for r in rows:
        stay = f"{r['actual_start'] or '?'}..{r['actual_end'] or '?'}"
        rating = f"  rating {r['rating']}" if r["rating"] is not None else ""
        due = f"  due {format_money(r['amount_due'])}" if r["amount_due"] is not None else ""
        files = len(evidence[r["exchange_uid"]])
        yield (
            f"{r['uid']}  {references.get(r['exchange_uid'], r['exchange_uid'])}  "
            f"received {r['received_on']}  {stay}{rating}  {files} evidence{due}"
        )


def _exchange_report(session: Any, store: Store, uid: str) -> dict[str, Any] | None:
    """`show`'s "report": the report's fields and evidence, what it was settled at; no bank
    detail."""
    closing = ClosingStore(store)
    report = closing.report(uid)
    meta = closing.report_meta(uid)
    if report is None or meta is None:
        return None
    stored = meta | dataclasses.asdict(report)
    record = report_json(stored, closing.evidence_of(uid))
    record["amount_due"] = _plain_json(report.amount_due)
    record["reduction_reason"] = report.reduction_reason
    return record


# -- show ------------------------------------------------------------------------------------


def _exchange_rules(session: Any, store: Store, uid: str, today: date) -> list[str]:
    """The reasons the rules refuse the exchange today: the evaluation `check` prints."""
    evaluation = RuleEvaluation(rates_in_force(store), today)
    return [
        f.reason
        for f in evaluation.findings(facts_around(session, [uid]))
        if f.uid == uid and f.failure
    ]


def _organisation_rules(org: Organisation, today: date) -> list[str]:
    """Why the organisation could take part in no exchange today."""
    reasons = list(country_takes_part(org.country, today))
    role = kind_role(org.kind, today)
    if role is None or not (role.may_visit or role.may_host):
        reasons.append(_("A {kind} may not take part").format(kind=_(ORG_KIND_LABELS[org.kind])))
    return reasons


def show_record(db: Database, key: str, today: date | None = None) -> dict[str, Any]:
    """One record (uid, platform id, an exchange's reference) as package fields, with the rules
    that fail today; an exchange with its report, payments and history too."""
    today = today or today_utc()
    with db.sessions() as session:
        store = Store(session)
        table, uid, _label = find_record(store, key)
        record = as_json(
            table, listing.row_values(session, table, uid, RESOURCES[table].column_names)
        )
        record["table"] = table
        if table == "exchanges":
            record["rules"] = _exchange_rules(session, store, uid, today)
            record["report"] = _exchange_report(session, store, uid)
            record["payments"] = [
                as_json("payments", row)
                for row in listing.payment_rows(session, uid, RESOURCES["payments"].column_names)
            ]
        elif table == "organisations":
            record["rules"] = _organisation_rules(store.organisation(uid), today)
        else:
            record["rules"] = []
    if table == "exchanges":
        record["history"] = [entry.to_json() for entry in history(db, uid)[1]]
    return record


# -- add -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    table: str
    uid: str
    reference: str | None
    change: Change


def required_fields(table: str) -> list[str]:
    """What a new record needs (an exchange's reference is made when not given)."""
    return [
        c.name
        for c in RESOURCES[table].columns
        if c.required and c.name not in NOT_EDITABLE and c.name != "reference"
    ]


def add_record(db: Database, table: str, assignments: list[str], source: str = "cli") -> Added:
    """Create one record from FIELD=VALUE words, through the validation `set` and the editors
    use, as one operation (its history says who created it)."""
    if table not in ADDED:
        raise ValueError(table)  # the command's choices stop any other before this
    values = parse_assignments(table, assignments)
    missing = [f for f in required_fields(table) if values.get(f) in (None, "", [])]
    if missing:
        raise UserError(
            _("A new record of {table} needs {fields}: give them as FIELD=VALUE.").format(
                table=table, fields=", ".join(missing)
            )
        )
    refuse_impossible(table, values)
    if table == "organisations":
        return _add_organisation(db, values, source)
    if table == "people":
        return _add_person(db, values, source)
    return _add_exchange(db, values, source)


def _add_organisation(db: Database, values: dict[str, Any], source: str) -> Added:
    for f in ("latitude", "longitude"):
        if values.get(f) is not None:
            values[f] = float(values[f])
    org = Organisation(uid="", **values)
    saved = save_organisation(db, org, source)
    return Added("organisations", saved.organisation.uid, None, saved.change)


def _add_person(db: Database, values: dict[str, Any], source: str) -> Added:
    def work(store: Store) -> Change:
        store.organisation(values["organisation_uid"])  # refused by name when unknown
        person = store.add_person(Person(uid="", **values), source)
        message = _("{name} added.").format(name=person.full_name)
        return Change(frozenset({"people"}), frozenset({person.uid}), message)

    change = operations.run(db, work)
    (uid,) = change.uids
    return Added("people", uid, None, change)


def _add_exchange(db: Database, values: dict[str, Any], source: str) -> Added:
    if values["end_date"] < values["start_date"]:
        raise UserError(
            _("The end date {end} is before the start date {start}.").format(
                end=values["end_date"].isoformat(), start=values["start_date"].isoformat()
            )
        )
    status = values.pop("status", None) or Status.DRAFT

    def work(store: Store) -> Change:
        reference = values.pop("reference", None)
        if reference is None:
            reference = store.next_reference(values["start_date"].year)
        elif _taken(store, reference):
            raise UserError(
                _("The reference {reference} is taken already.").format(reference=reference)
            )
        if values.get("host_contact_uid"):
            store.person(values["host_contact_uid"])
        draft = Exchange(uid="", reference=reference, **values)
        saved = save_in(store, draft, source)
        message = saved.change.message
        if status is not Status.DRAFT:
            # Along the lifecycle, as `set status=` moves it: approved grants the amount.
            message += (
                " " + move_in(store, saved.exchange.uid, Status(status), source=source).message
            )
        return dataclasses.replace(
            saved.change, message=message, tables=frozenset({"exchanges", "payments"})
        )

    change = operations.run(db, work)
    (uid,) = change.uids
    with db.sessions() as session:
        reference = Store(session).exchange(uid).reference
    return Added("exchanges", uid, reference, change)


def _taken(store: Store, reference: str) -> bool:
    try:
        store.exchange(reference)
    except UserError:
        return False
    return True
