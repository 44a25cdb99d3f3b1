"""Grant agreements and Commitments to Quality from stored exchanges, in the visitor's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from cxdesk.core import i18n
from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, normalise_language
from cxdesk.core.outputs import (
    atomic_output,
    check_file,
    check_folder,
    make_folders,
    remove_folders,
)
from cxdesk.core.progress import Progress
from cxdesk.core.users import login_name
from cxdesk.db import browse
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES, Status
from cxdesk.domain.filters import ExchangeFilter, Sort
from cxdesk.domain.records import Partnership
from cxdesk.domain.workdays import calendar_days, working_days
from cxdesk.pdf.agreement import file_name, render_agreement, render_commitment
from cxdesk.pdf.content import (
    AgreementContent,
    OrganisationInfo,
    PartnershipInfo,
    VisitorInfo,
)
from cxdesk.services.exchanges import evaluate, rates_in_force


def coordinator_name(user: str | None) -> str | None:
    """The desk user's name to print as the Partnership's signatory; None for a login name.

    A name chosen in the window, `--user` or CXDESK_USER is a person's; the login name the desk
    falls back to ("jdoe", "root") is not one to print on a legal document: a line is left.
    """
    if not user or user == login_name() or user == "unknown":
        return None
    return user


def agreement_content(
    store: Store, key: str, issued_on: date | None = None, coordinator: str | None = None
) -> AgreementContent:
    """What the documents of one exchange print, as stored (granted amount) or as quoted.

    `coordinator` is the name printed for the Partnership's signatory (None: a line to write).
    """
    exchange = store.exchange(key)
    commitment = ClosingStore(store).commitment(exchange.uid)
    visitor = store.person(exchange.visitor_uid)
    visiting = store.organisation(visitor.organisation_uid)
    host = store.organisation(exchange.host_organisation_uid)
    contact = store.person(exchange.host_contact_uid) if exchange.host_contact_uid else None
    partnership = store.partnership()
    in_force = rates_in_force(store)
    if exchange.status in GRANTED_STATUSES and exchange.lump_sum is not None:
        row = store.exchange_row(exchange.uid)
        ceiling = row.granted_ceiling or exchange.lump_sum
        lump_sum, rates = exchange.lump_sum, row.granted_rates or ""
    else:
        quote = evaluate(store, exchange, in_force)
        ceiling, lump_sum = quote.ceiling, quote.lump_sum
        rates = quote.rate.table if quote.rate else ""
    # The date the table took effect for this host country, printed beside its name.
    valid_from = next(
        (
            r.valid_from
            for r in sorted(in_force, key=lambda r: r.valid_from, reverse=True)
            if r.table == rates
            and r.host_country == host.country
            and r.valid_from <= exchange.start_date
        ),
        None,
    )
    days = working_days(exchange.start_date, exchange.end_date, host.country)
    acronym = partnership.acronym if partnership else (visiting.partnership or "")
    return AgreementContent(
        reference=exchange.reference,
        status=exchange.status,
        partnership=PartnershipInfo(acronym, partnership.name if partnership else acronym),
        visitor=VisitorInfo(visitor.full_name, visitor.email, visitor.role),
        visiting_organisation=OrganisationInfo(visiting.name, visiting.city, visiting.country),
        host_organisation=OrganisationInfo(host.name, host.city, host.country),
        start_date=exchange.start_date,
        end_date=exchange.end_date,
        working_days=days,
        calendar_days=calendar_days(exchange.start_date, exchange.end_date),
        purposes=tuple(exchange.purposes),
        travel_mode=exchange.travel_mode,
        ceiling=ceiling,
        halved=lump_sum < ceiling,
        lump_sum=lump_sum,
        rates=rates,
        rates_valid_from=valid_from,
        issued_on=issued_on or today_utc(),
        host_contact=contact.full_name if contact else None,
        host_partnership=_host_partnership(host.partnership, acronym, partnership),
        ecosystem=exchange.ecosystem,
        distance_km=exchange.distance_km if exchange.distance_km is not None else None,
        goals=commitment.goals if commitment else None,
        objectives=commitment.objectives if commitment else None,
        agenda=commitment.agenda if commitment else None,
        coordinator=coordinator,
    )


def wanted_language(store: Store, key: str, lang: str | None) -> str:
    """The language asked for, else the visitor's, else English."""
    if lang:
        return normalise_language(lang)
    visitor = store.person(store.exchange(key).visitor_uid)
    return normalise_language(visitor.language or "en")


def document_language(store: Store, key: str, lang: str | None) -> str:
    """The language a document of this exchange is written in: the wanted one, else English."""
    return i18n.document_language(wanted_language(store, key, lang))


def english_instead(db: Database, key: str, lang: str | None) -> str | None:
    """The sentence to say when the documents cannot be in the wanted language (None when they
    can): they are then wholly in English, never a mix."""
    with db.unit() as session:
        wanted = wanted_language(Store(session), key, lang)
    if i18n.has_documents(wanted):
        return None
    return _(
        "The documents are not yet translated into {language}: they are written wholly in English."
    ).format(language=i18n.language_name(wanted.split("_")[0]))


def write_document(
    db: Database, key: str, out: Path, lang: str | None = None, commitment: bool = False
) -> Path:
    """One exchange's grant agreement (or Commitment to Quality) as a PDF; return the file.

    Missing folders are made; the PDF is written beside `out` and renamed into place only when
    complete (a link's target gets it, a device is written into).
    """
    check_file(out, file_name(key))  # a bad path is told before the database is read
    with db.unit() as session:
        store = Store(session)
        content = agreement_content(store, key, coordinator=coordinator_name(db.user))
        language = document_language(store, key, lang)
    with atomic_output(out, file_name(key)) as output:
        (render_commitment if commitment else render_agreement)(content, output.path, language)
    return out


def matching_references(db: Database, status: str | None) -> list[str]:
    statuses = frozenset({Status(status).value}) if status else frozenset()
    with db.unit() as session:
        page = browse.exchange_page(session, ExchangeFilter(statuses=statuses), Sort("reference"))
        lines = browse.exchange_lines(session, page.ids)
    return [lines[i].reference for i in page.ids]


def _distinct(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`… when this batch already wrote a file of that name.

    Two references may clean to one name (CX/2027/0008 and CX_2027_0008); each keeps its own
    file. Case is ignored, as some file systems do.
    """
    stem, suffix = name.rsplit(".", 1) if "." in name else (name, "")
    dot = "." if suffix else ""
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def write_documents(
    db: Database,
    out_dir: Path,
    references: list[str],
    lang: str | None = None,
    commitment: bool = False,
    progress: Progress | None = None,
) -> Iterator[Path]:
    """One PDF per exchange into a folder, named by reference; stops when progress says so.

    The folder (and its missing parents) is made; if no file could be written, it goes again.
    """
    if not references:
        raise UserError(_("No exchange matches: no agreement was written."))
    check_folder(out_dir)
    made = make_folders(out_dir)
    taken: set[str] = set()
    written = 0
    try:
        for index, reference in enumerate(references):
            if progress and not progress(_("Making agreements"), index, len(references)):
                return
            name = _distinct(file_name(reference), taken)
            yield write_document(db, reference, out_dir / name, lang, commitment)
            written += 1
    finally:
        if not written:
            remove_folders(made)


def _host_partnership(
    code: str | None, own: str, partnership: Partnership | None
) -> PartnershipInfo | None:
    """The host's partnership: named in full when it is the desk's own, else by its code."""
    if not code:
        return None
    if code == own and partnership is not None:
        return PartnershipInfo(own, partnership.name)
    return PartnershipInfo(code, code)
