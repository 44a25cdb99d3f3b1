"""The scheme's eligibility rules: each a small function that says, in words, what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from cxdesk.core.i18n import _, country_name, ngettext
from cxdesk.domain.codes import ORG_KIND_LABELS, VOID_STATUSES, OrgKind
from cxdesk.domain.countries import (
    country_entries,
    normalise_country,
    parse_optional_date,
    read_data_csv,
)
from cxdesk.domain.rates import MINIMUM_WORKING_DAYS
from cxdesk.domain.records import Exchange, Organisation
from cxdesk.domain.workdays import latest_end, working_days

# --- which kinds of organisation may visit, and which may only host (dated data) -----------------


@dataclass(frozen=True)
class KindRole:
    """What one kind of organisation may do in exchanges starting within a period."""

    kind: OrgKind
    may_visit: bool
    may_host: bool
    valid_from: date
    valid_to: date | None
    source: str

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def _load_kind_roles() -> tuple[KindRole, ...]:
    return tuple(
        KindRole(
            kind=OrgKind(row["kind"].strip()),
            may_visit=row["may_visit"].strip().lower() == "true",
            may_host=row["may_host"].strip().lower() == "true",
            valid_from=date.fromisoformat(row["valid_from"].strip()),
            valid_to=parse_optional_date(row["valid_to"]),
            source=row["source"].strip(),
        )
        for row in read_data_csv("org_kinds.csv")
    )


#: data/org_kinds.csv. `other` stands for training providers, large companies and public
#: authorities: hosts only, from the second set of partnerships (2022) on.
ORG_KIND_ROLES: tuple[KindRole, ...] = _load_kind_roles()


@cache
def kind_role(kind: OrgKind, on: date) -> KindRole | None:
    """The role of a kind of organisation for an exchange starting on `on` (latest period wins)."""
    found = [r for r in ORG_KIND_ROLES if r.kind == kind and r.covers(on)]
    return max(found, key=lambda r: r.valid_from) if found else None


# --- the facts about the organisations, when the caller knows them -------------------------------


@dataclass(frozen=True)
class ExchangeContext:
    """What the rules need to know beyond countries and dates; None/empty means "not known"."""

    visitor_kind: OrgKind | None = None  # the visiting organisation's kind
    visitor_in_cluster: bool | None = None  # the visiting organisation has a cluster_uid
    host_kind: OrgKind | None = None
    host_in_cluster: bool | None = None
    #: references of the visiting organisation's other live (not rejected/cancelled) exchanges
    other_visits: tuple[str, ...] = ()
    #: references of the same visitor's other live exchanges overlapping this one in time
    visitor_overlaps: tuple[str, ...] = ()
    #: this exchange's own reference, never counted against itself
    reference: str | None = None

    @classmethod
    def from_records(
        cls,
        visiting_organisation: Organisation | None,
        host_organisation: Organisation | None,
        *,
        exchange: Exchange | None = None,
        visiting_organisation_exchanges: Iterable[Exchange] = (),
        visitor_exchanges: Iterable[Exchange] = (),
    ) -> ExchangeContext:
        """Build the context from stored records.

        `visiting_organisation_exchanges`: every exchange whose visitor belongs to the visiting
        organisation; `visitor_exchanges`: every exchange of the same visitor. Rejected and
        cancelled ones, and `exchange` itself, are left out here.
        """
        own_uid = exchange.uid if exchange else None

        def live(items: Iterable[Exchange]) -> list[Exchange]:
            return [e for e in items if e.status not in VOID_STATUSES and e.uid != own_uid]

        overlaps: tuple[str, ...] = ()
        if exchange is not None:
            overlaps = tuple(
                sorted(
                    e.reference
                    for e in live(visitor_exchanges)
                    if e.start_date <= exchange.end_date and exchange.start_date <= e.end_date
                )
            )
        return cls(
            visitor_kind=visiting_organisation.kind if visiting_organisation else None,
            visitor_in_cluster=(
                bool(visiting_organisation.cluster_uid) if visiting_organisation else None
            ),
            host_kind=host_organisation.kind if host_organisation else None,
            host_in_cluster=bool(host_organisation.cluster_uid) if host_organisation else None,
            other_visits=tuple(sorted(e.reference for e in live(visiting_organisation_exchanges))),
            visitor_overlaps=overlaps,
            reference=exchange.reference if exchange else None,
        )


@dataclass(frozen=True)
class RuleResult:
    """Refusals (`reasons`) and things to look at that do not refuse (`warnings`)."""

    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons


# --- the rules ------------------------------------------------------------------------------------


def _country(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _kind(kind: OrgKind) -> str:
    return _(ORG_KIND_LABELS[kind])


def _references(refs: Iterable[str]) -> str:
    return ", ".join(refs)


def country_takes_part(code: str, on: date) -> list[str]:
    """The country (ISO code) takes part in the programme on the start date."""
    entries = country_entries(code)
    if any(e.covers(on) for e in entries):
        return []
    if not entries:
        return [_("{country} does not take part in the programme").format(country=_country(code))]
    if all(e.valid_from > on for e in entries):
        first = min(e.valid_from for e in entries)
        return [
            _("{country} takes part in the programme only from {date}").format(
                country=_country(code), date=first.isoformat()
            )
        ]
    last = max(e.valid_to for e in entries if e.valid_to is not None and e.valid_to < on)
    return [
        _("{country} took part in the programme only until {date}").format(
            country=_country(code), date=last.isoformat()
        )
    ]


def countries_take_part(visitor_country: str, host_country: str, on: date) -> list[str]:
    """Both organisations' countries take part on the start date (each country named once)."""
    reasons = country_takes_part(visitor_country, on)
    if host_country != visitor_country:
        reasons += country_takes_part(host_country, on)
    return reasons


def transnational(visitor_country: str, host_country: str) -> list[str]:
    """The two organisations are in different countries."""
    if visitor_country != host_country:
        return []
    return [
        _("Both organisations are in {country}: an exchange must cross a border").format(
            country=_country(host_country)
        )
    ]


def dates_in_order(start: date, end: date) -> list[str]:
    """The exchange does not end before it starts."""
    if start <= end:
        return []
    return [
        _("The exchange ends on {end}, before it starts on {start}").format(
            end=end.isoformat(), start=start.isoformat()
        )
    ]


def enough_working_days(days: int, start: date, end: date) -> list[str]:
    """At least 3 working days at the host (not repeated when the dates are out of order)."""
    if days >= MINIMUM_WORKING_DAYS or start > end:
        return []
    return [
        ngettext(
            "{days} working day at the host: the minimum is {minimum}",
            "{days} working days at the host: the minimum is {minimum}",
            days,
        ).format(days=days, minimum=MINIMUM_WORKING_DAYS)
    ]


def at_most_one_month(start: date, end: date) -> list[str]:
    """The exchange ends at most one calendar month after it starts, less a day."""
    last = latest_end(start)
    if end <= last:
        return []
    return [
        _(
            "The exchange ends on {end}, more than one month after it starts: "
            "the last possible day is {last}"
        ).format(end=end.isoformat(), last=last.isoformat())
    ]


def visits_once(context: ExchangeContext) -> list[str]:
    """An organisation visits only once; rejected and cancelled exchanges do not count."""
    others = [r for r in context.other_visits if r != context.reference]
    if not others:
        return []
    return [
        ngettext(
            "The visiting organisation already visits in exchange {references}: "
            "an organisation may visit only once",
            "The visiting organisation already visits in exchanges {references}: "
            "an organisation may visit only once",
            len(others),
        ).format(references=_references(others))
    ]


def visitor_free(context: ExchangeContext) -> list[str]:
    """The visitor is not on another exchange at the same time."""
    others = [r for r in context.visitor_overlaps if r != context.reference]
    if not others:
        return []
    return [
        ngettext(
            "The visitor is on exchange {references} at the same time",
            "The visitor is on exchanges {references} at the same time",
            len(others),
        ).format(references=_references(others))
    ]


def sme_visitor_in_cluster(context: ExchangeContext) -> list[str]:
    """An SME visits only as a member of a cluster."""
    if context.visitor_kind is OrgKind.SME and context.visitor_in_cluster is False:
        return [_("The visiting SME is not a member of a cluster: an SME may visit only as one")]
    return []


def kinds_may_take_part(context: ExchangeContext, on: date) -> list[str]:
    """The visiting organisation's kind may visit, the host's may host, on the start date."""
    reasons: list[str] = []
    if context.visitor_kind is not None:
        role = kind_role(context.visitor_kind, on)
        if role is not None and role.may_host and not role.may_visit:
            reasons.append(
                _("An organisation of the kind “{kind}” may host but not visit").format(
                    kind=_kind(context.visitor_kind)
                )
            )
        elif role is None or not role.may_visit:
            reasons.append(
                _(
                    "An organisation of the kind “{kind}” may not visit in an exchange starting on "
                    "{date}"
                ).format(kind=_kind(context.visitor_kind), date=on.isoformat())
            )
    if context.host_kind is not None:
        role = kind_role(context.host_kind, on)
        if role is None or not role.may_host:
            reasons.append(
                _(
                    "An organisation of the kind “{kind}” may not host an exchange starting on "
                    "{date}"
                ).format(kind=_kind(context.host_kind), date=on.isoformat())
            )
    return reasons


def sme_host_in_cluster(context: ExchangeContext) -> list[str]:
    """A warning, not a refusal: an SME outside any cluster hosts only by prior exception."""
    if context.host_kind is OrgKind.SME and context.host_in_cluster is False:
        return [
            _(
                "The host SME is not a member of a cluster: it may host only as an exception "
                "the partnership approved beforehand"
            )
        ]
    return []


def check_exchange(
    visitor_country: str,
    host_country: str,
    start: date,
    end: date,
    context: ExchangeContext | None = None,
    *,
    days: int | None = None,
) -> RuleResult:
    """Every rule of the scheme for one exchange: the reasons it is refused and the warnings.

    Countries may be given as EL/UK; a code that is not a country is itself a reason. `days`
    (working days at the host) is computed when not given.
    """
    reasons: list[str] = []
    codes: list[str] = []
    for code in (visitor_country, host_country):
        try:
            codes.append(normalise_country(code))
        except ValueError as exc:
            reasons.append(str(exc))
    if len(codes) == 2:
        visitor, host = codes
        reasons += countries_take_part(visitor, host, start)
        reasons += transnational(visitor, host)
    reasons += dates_in_order(start, end)
    if len(codes) == 2 or days is not None:
        if days is None:
            days = working_days(start, end, codes[1])
        reasons += enough_working_days(days, start, end)
    reasons += at_most_one_month(start, end)
    warnings: list[str] = []
    if context is not None:
        reasons += kinds_may_take_part(context, start)
        reasons += sme_visitor_in_cluster(context)
        reasons += visits_once(context)
        reasons += visitor_free(context)
        warnings += sme_host_in_cluster(context)
    return RuleResult(tuple(reasons), tuple(warnings))
