"""What the window reads: table pages and lines, an organisation's detail, pickers, quotes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, country_name
from cxdesk.db import browse as db_browse
from cxdesk.db.browse import ExchangeLine, OrgLine, PersonLine
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import ORG_KIND_LABELS, OrgKind
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, Page, PersonFilter, Sort
from cxdesk.domain.records import Exchange, Organisation, Payment, Person
from cxdesk.services.history import Entry, history_of

if TYPE_CHECKING:
    from cxdesk.domain.quote import Quote

__all__ = ["ExchangeLine", "OrgLine", "PersonLine"]


@contextmanager
def _reading(db: Database) -> Iterator[Any]:
    """A short read-only session: the window never holds one open between events."""
    with db.sessions() as session:
        yield session


# -- table pages and lines ------------------------------------------------------------------


def organisation_page(
    db: Database, flt: OrgFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    with _reading(db) as session:
        return db_browse.organisation_page(session, flt, sort, limit)


def organisation_ids(
    db: Database, flt: OrgFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    with _reading(db) as session:
        return db_browse.organisation_ids(session, flt, sort, offset, limit)


def organisation_lines(db: Database, ids: Sequence[int]) -> dict[int, OrgLine]:
    with _reading(db) as session:
        return db_browse.organisation_lines(session, ids)


def exchange_page(
    db: Database, flt: ExchangeFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    with _reading(db) as session:
        return db_browse.exchange_page(session, flt, sort, limit)


def exchange_ids(
    db: Database, flt: ExchangeFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    with _reading(db) as session:
        return db_browse.exchange_ids(session, flt, sort, offset, limit)


def exchange_lines(db: Database, ids: Sequence[int]) -> dict[int, ExchangeLine]:
    with _reading(db) as session:
        return db_browse.exchange_lines(session, ids)


def person_page(
    db: Database, flt: PersonFilter, sort: Sort | None = None, limit: int | None = None
) -> Page:
    with _reading(db) as session:
        return db_browse.person_page(session, flt, sort, limit)


def person_ids(
    db: Database, flt: PersonFilter, sort: Sort | None, offset: int, limit: int
) -> list[int]:
    with _reading(db) as session:
        return db_browse.person_ids(session, flt, sort, offset, limit)


def person_lines(db: Database, ids: Sequence[int]) -> dict[int, PersonLine]:
    with _reading(db) as session:
        return db_browse.person_lines(session, ids)


def organisation_names(db: Database, uids: Sequence[str]) -> dict[str, str]:
    with _reading(db) as session:
        return {uid: org.name for uid, org in Store(session).organisations(uids).items()}


# -- one organisation at a glance -----------------------------------------------------------


@dataclass(frozen=True)
class GlanceItem:
    """One line of "eligibility at a glance": True good, False a blocker, None for information."""

    ok: bool | None
    text: str


@dataclass(frozen=True)
class OrganisationDetail:
    organisation: Organisation
    cluster_name: str | None
    glance: tuple[GlanceItem, ...]
    people: tuple[Person, ...]
    visiting: tuple[ExchangeLine, ...]
    hosting: tuple[ExchangeLine, ...]


def _glance(store: Store, org: Organisation, cluster: str | None, on: date) -> list[GlanceItem]:
    # The scheme's rules (and their holiday calendars) when a detail is first shown, not at start.
    from cxdesk.domain.rules import country_takes_part, kind_role

    items: list[GlanceItem] = []
    refused = country_takes_part(org.country, on)
    if refused:
        items.append(GlanceItem(False, refused[0]))
    else:
        items.append(
            GlanceItem(
                True,
                _("{country} takes part in the programme today").format(
                    country=country_name(org.country)
                ),
            )
        )
    role = kind_role(org.kind, on)
    kind = _(ORG_KIND_LABELS[org.kind])
    if role is None or not (role.may_visit or role.may_host):
        items.append(GlanceItem(False, _("A {kind} may not take part").format(kind=kind)))
    elif not role.may_visit:
        items.append(GlanceItem(None, _("A {kind} may host but not visit").format(kind=kind)))
    if org.kind is OrgKind.SME:
        if cluster:
            items.append(
                GlanceItem(True, _("Member of the cluster {cluster}").format(cluster=cluster))
            )
        else:
            items.append(
                GlanceItem(
                    False,
                    _(
                        "Not a member of a cluster: this SME may not visit, and hosts only by "
                        "exception"
                    ),
                )
            )
    visits = store.visits_of(org.uid)
    if visits:
        items.append(
            GlanceItem(
                False,
                _("Has already visited ({references}): an organisation visits only once").format(
                    references=", ".join(visits)
                ),
            )
        )
    elif role is not None and role.may_visit:
        items.append(GlanceItem(True, _("Has not visited yet: may visit once")))
    return items


def organisation_detail(
    db: Database, uid: str, today: date | None = None, exchange_limit: int = 200
) -> OrganisationDetail:
    """Everything the members pane shows about one organisation."""
    with _reading(db) as session:
        store = Store(session)
        org = store.organisation(uid)
        cluster_name = None
        if org.cluster_uid:
            found = store.organisations([org.cluster_uid]).get(org.cluster_uid)
            cluster_name = found.name if found else None
        glance = _glance(store, org, cluster_name, today or today_utc())
        people = store.people_of(org.uid)
        page = db_browse.exchange_page(
            session,
            ExchangeFilter(organisation_uid=org.uid),
            Sort("start_date", descending=True),
            limit=exchange_limit,
        )
        lines = db_browse.exchange_lines(session, page.ids)
        ordered = [lines[i] for i in page.ids if i in lines]
    return OrganisationDetail(
        organisation=org,
        cluster_name=cluster_name,
        glance=tuple(glance),
        people=tuple(people),
        visiting=tuple(x for x in ordered if x.visiting_organisation_uid == org.uid),
        hosting=tuple(x for x in ordered if x.host_organisation_uid == org.uid),
    )


def organisation(db: Database, uid: str) -> Organisation:
    with _reading(db) as session:
        return Store(session).organisation(uid)


# -- pickers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One entry of a searchable picker: what is stored, and what a person reads."""

    uid: str
    label: str


def find_people(db: Database, text: str, limit: int = 40) -> list[Choice]:
    """People whose names start with the typed words, labelled with their organisation."""
    with _reading(db) as session:
        page = db_browse.person_page(session, PersonFilter(text=text), limit=limit)
        lines = db_browse.person_lines(session, page.ids)
        orgs = Store(session).organisations(x.organisation_uid for x in lines.values())
    choices = []
    for pid in page.ids:
        line = lines[pid]
        org = orgs.get(line.organisation_uid)
        where = f"{org.name} ({org.country})" if org else "?"
        choices.append(Choice(line.uid, f"{line.first_name} {line.last_name} — {where}"))
    return choices


def find_organisations(
    db: Database, text: str, limit: int = 40, clusters_only: bool = False
) -> list[Choice]:
    with _reading(db) as session:
        page = db_browse.organisation_page(
            session, OrgFilter(text=text, clusters_only=clusters_only), limit=limit
        )
        lines = db_browse.organisation_lines(session, page.ids)
    return [
        Choice(lines[i].uid, f"{lines[i].name} — {lines[i].city} ({lines[i].country})")
        for i in page.ids
    ]


def person_choice(db: Database, uid: str) -> Choice:
    with _reading(db) as session:
        store = Store(session)
        person = store.person(uid)
        org = store.organisation(person.organisation_uid)
    return Choice(person.uid, f"{person.full_name} — {org.name} ({org.country})")


def organisation_choice(db: Database, uid: str) -> Choice:
    with _reading(db) as session:
        org = Store(session).organisation(uid)
    return Choice(org.uid, f"{org.name} — {org.city} ({org.country})")


def contacts_of(db: Database, organisation_uid: str) -> list[Choice]:
    with _reading(db) as session:
        people = Store(session).people_of(organisation_uid)
    return [Choice(p.uid, p.full_name + (f" ({p.role})" if p.role else "")) for p in people]


# -- exchanges in the editor ----------------------------------------------------------------


def exchange(db: Database, key: str) -> Exchange:
    with _reading(db) as session:
        return Store(session).exchange(key)


def next_reference(db: Database, year: int) -> str:
    with _reading(db) as session:
        return Store(session).next_reference(year)


@dataclass(frozen=True)
class Verdict:
    """The rules on an exchange being edited: the quote when one can be made, and why not."""

    quote: Quote | None
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.quote is not None and not self.reasons


def judge(db: Database, draft: Exchange) -> Verdict:
    """Apply the scheme's rules to an exchange as typed, without storing anything."""
    from cxdesk.services.exchanges import evaluate

    try:
        with _reading(db) as session:
            quote = evaluate(Store(session), draft)
    except UserError as exc:  # a visitor or host that does not exist (any more)
        return Verdict(None, (exc.message.rstrip("."),))
    except ValueError as exc:  # a city the gazetteer does not know
        return Verdict(None, (str(exc),))
    return Verdict(quote, quote.reasons, quote.warnings)


@dataclass(frozen=True)
class ExchangeDetail:
    """One exchange as the side pane shows it: names, the granted amount and how it was made."""

    exchange: Exchange
    visitor: str
    visiting_organisation: str
    visiting_country: str
    host_organisation: str
    host_country: str
    host_contact: str | None
    granted_ceiling: Decimal | None
    granted_rates: str | None
    granted_halved_because: str | None
    payments: tuple[Payment, ...]
    verdict: Verdict
    #: The newest changes, oldest first: who changed what and when.
    history: tuple[Entry, ...] = ()
    #: Fields edited on the desk that the platform has not carried back yet.
    pending: tuple[str, ...] = ()


def exchange_detail(db: Database, key: str) -> ExchangeDetail:
    with _reading(db) as session:
        store = Store(session)
        row = store.exchange_row(key)
        record = store.exchange(key)
        visitor = store.person(record.visitor_uid)
        visiting = store.organisation(visitor.organisation_uid)
        host = store.organisation(record.host_organisation_uid)
        contact = (
            store.people([record.host_contact_uid]).get(record.host_contact_uid)
            if record.host_contact_uid
            else None
        )
        granted = (row.granted_ceiling, row.granted_rates, row.granted_halved_because)
        payments = tuple(store.payments_of(record.uid))
        pending = tuple(sorted((row.base or {}) if row.revision else ()))
    return ExchangeDetail(
        exchange=record,
        visitor=visitor.full_name,
        visiting_organisation=visiting.name,
        visiting_country=visiting.country,
        host_organisation=host.name,
        host_country=host.country,
        host_contact=contact.full_name if contact else None,
        granted_ceiling=granted[0],
        granted_rates=granted[1],
        granted_halved_because=granted[2],
        payments=payments,
        verdict=judge(db, record),
        history=tuple(history_of(db, record.uid, limit=8)),
        pending=pending,
    )


def is_empty(db: Database) -> bool:
    """Whether the database holds no organisation yet (a first start)."""
    with _reading(db) as session:
        return Store(session).count("organisations") == 0
