"""Find a host: eligible host organisations for a visitor, best first, each with its reasons."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import NotFound, UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.db import match_queries
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import OrgKind
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.geo import EARTH_RADIUS_KM, find_town, great_circle_km
from cxdesk.domain.quote import locate
from cxdesk.domain.rates import (
    HALVING_DISTANCE_KM,
    HALVING_WORKING_DAYS,
    MINIMUM_WORKING_DAYS,
    halve,
    money,
    rate_for,
)
from cxdesk.domain.records import Exchange, Organisation, Person, Rate
from cxdesk.domain.rules import (
    ExchangeContext,
    at_most_one_month,
    country_takes_part,
    dates_in_order,
    kind_role,
    kinds_may_take_part,
    sme_visitor_in_cluster,
)
from cxdesk.domain.workdays import working_days
from cxdesk.services.exchanges import place_of, rates_in_force
from cxdesk.services.match_reasons import match_reasons

DEFAULT_LIMIT = 20
#: Without dates, a match's lump sum is that of a standard stay of this many working days.
STANDARD_STAY = 5


@dataclass(frozen=True)
class Visitor:
    """Who travels: an organisation, the person when known, and the draft being matched."""

    organisation: Organisation
    person: Person | None
    people: tuple[Person, ...]  # the organisation's people, any of whom may travel
    exchange: Exchange | None = None  # a draft whose host is being looked for

    @property
    def label(self) -> str:
        if self.person is not None:
            return f"{self.person.full_name} ({self.organisation.name})"
        return self.organisation.name


@dataclass(frozen=True)
class Match:
    """One suggested host. `score` orders the matches as cli.md does (higher first)."""

    uid: str
    name: str
    country: str
    city: str
    kind: str
    score: int
    reasons: tuple[str, ...]
    distance_km: float
    lump_sum: Decimal
    shared: tuple[str, ...]  # the ecosystem codes shared with the visitor's organisation
    busy: int  # live exchanges at the host overlapping the dates (0 without dates)
    halved: bool

    def to_json(self) -> dict[str, Any]:
        """The `cxdesk match --json` object (cli.md)."""
        return {
            "uid": self.uid,
            "name": self.name,
            "country": self.country,
            "score": self.score,
            "reasons": list(self.reasons),
            "distance_km": self.distance_km,
            "lump_sum": f"{self.lump_sum:.2f}",
        }


@dataclass(frozen=True)
class Matches:
    visitor: Visitor
    start: date | None
    end: date | None
    matches: tuple[Match, ...]
    eligible: int  # how many eligible hosts there are in all
    unplaced: int  # eligible hosts left out: no coordinates and a city the gazetteer lacks


@dataclass(frozen=True)
class _Country:
    """What a host country gives every host in it: working days and the ceiling."""

    days: int
    rate: Rate


def find_visitor(store: Store, key: str) -> Visitor:
    """A person (uid or platform id) or an organisation; refused by name when neither."""
    try:
        person = store.person(key)
    except NotFound:
        person = None
    if person is not None:
        organisation = store.organisation(person.organisation_uid)
    else:
        try:
            organisation = store.organisation(key)
        except NotFound:
            raise UserError(
                _("No person or organisation with the key {key}.").format(key=key)
            ) from None
    return Visitor(organisation, person, tuple(store.people_of(organisation.uid)))


def next_standard_week(today: date | None = None) -> tuple[date, date]:
    """Monday to Friday of the next week: a draft's dates when none were given."""
    today = today or today_utc()
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=4)


def _refuse_visitor(visitor: Visitor, store: Store, on: date) -> None:
    """A visitor who cannot visit gets no host: the first rule it breaks, in one sentence."""
    org = visitor.organisation
    excluding = visitor.exchange.uid if visitor.exchange else None
    visits = store.visits_of(org.uid, excluding=excluding)
    if visits:
        raise UserError(
            ngettext(
                "{organisation} has already visited in exchange {references}: an organisation "
                "may visit only once, so no host is suggested.",
                "{organisation} has already visited in exchanges {references}: an organisation "
                "may visit only once, so no host is suggested.",
                len(visits),
            ).format(organisation=org.name, references=", ".join(visits))
        )
    context = ExchangeContext(visitor_kind=org.kind, visitor_in_cluster=bool(org.cluster_uid))
    reasons = (
        country_takes_part(org.country, on)
        + kinds_may_take_part(context, on)
        + sme_visitor_in_cluster(context)
    )
    if reasons:
        raise UserError(
            _("{organisation} cannot visit: {reason}.").format(
                organisation=org.name, reason=reasons[0]
            )
        )


def _host_countries(
    visitor_country: str, start: date | None, end: date | None, on: date, rates: list[Rate]
) -> dict[str, _Country]:
    """Participating countries other than the visitor's where such a stay is eligible."""
    found: dict[str, _Country] = {}
    for code in participating_countries(on):
        if code == visitor_country:
            continue
        days = working_days(start, end, code) if start and end else STANDARD_STAY
        rate = rate_for(code, on, rates)
        if days >= MINIMUM_WORKING_DAYS and rate is not None:
            found[code] = _Country(days, rate)
    return found


def _host_kinds(on: date) -> list[str]:
    roles = ((kind, kind_role(kind, on)) for kind in OrgKind)
    return [kind.value for kind, role in roles if role is not None and role.may_host]


def _score(shared: int, busy: int, distance: float) -> int:
    """The ranking as one number, term by term in its digits: shared ecosystems, then fewer
    overlapping visits (up to 99), then 200 km or more, then the shorter distance (whole km)."""
    far = 1 if distance >= HALVING_DISTANCE_KM else 0
    return (
        shared * 10**8
        + (99 - min(busy, 99)) * 10**6
        + far * 10**5
        + max(0, 99_999 - round(distance))
    )


#: A candidate's place in the ranking (smaller first): shared ecosystems, overlapping visits,
#: nearer than 200 km, distance, uid (a stable order between equals).
_Key = tuple[int, int, bool, float, str]


def _ranked(
    origin: tuple[float, float],
    rows: list[match_queries.Candidate],
    busy_by_host: dict[str, int],
    limit: int,
) -> tuple[list[tuple[match_queries.Candidate, float, int]], int]:
    """The best `limit` placeable candidates with distance and busy count, and how many could
    not be placed; one pass over the rows, keeping only the best (a heap, not a sort).

    The domain's haversine with the visitor's side computed once, distances to 0.1 km as
    `quote` rounds them: a few hundred thousand rows take a fraction of a second. A host
    without coordinates is placed by its city.
    """
    lat1 = math.radians(origin[0])
    lon1 = math.radians(origin[1])
    cos1 = math.cos(lat1)
    radians, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    diameter = 2 * EARTH_RADIUS_KM
    busy = busy_by_host.get
    unplaced = 0

    def keys() -> Iterator[tuple[_Key, match_queries.Candidate]]:
        nonlocal unplaced
        for row in rows:
            uid, country, city, lat, lon, shared = row
            if lat is None or lon is None:
                town = find_town(city, country)
                if town is None:
                    unplaced += 1
                    continue
                km = round(great_circle_km(*origin, town.latitude, town.longitude), 1)
            else:
                lat2 = radians(lat)
                a = (
                    sin((lat2 - lat1) / 2) ** 2
                    + cos1 * cos(lat2) * sin((radians(lon) - lon1) / 2) ** 2
                )
                km = round(diameter * asin(sqrt(a if a < 1.0 else 1.0)), 1)
            yield (-shared, busy(uid, 0), km < HALVING_DISTANCE_KM, km, uid), row

    best = heapq.nsmallest(limit, keys(), key=lambda pair: pair[0])
    return [(row, key[3], key[1]) for key, row in best], unplaced


def match_hosts(
    db: Database,
    visitor_key: str | None = None,
    *,
    exchange_key: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = DEFAULT_LIMIT,
    today: date | None = None,
) -> Matches:
    """The best `limit` eligible hosts for a visitor (a person's or organisation's key), or for
    the visitor of a draft exchange (`exchange_key`, its dates unless others are given).

    Eligible: a participating country other than the visitor's, a kind that may host, a stay of
    at least 3 working days there and a ceiling for it. Ranked (cli.md): more ecosystems shared,
    then fewer live exchanges at the host overlapping the dates, then 200 km or more before
    nearer, then the shorter distance. Refused: a visitor whose organisation has already visited,
    or that may not visit at all, and dates the scheme refuses.
    """
    if (start is None) != (end is None):
        raise UserError(_("Give both the start and the end date, or neither."))
    with db.sessions() as session:
        store = Store(session)
        exchange = store.exchange(exchange_key) if exchange_key else None
        if exchange is not None:
            person = store.person(exchange.visitor_uid)
            org = store.organisation(person.organisation_uid)
            visitor = Visitor(org, person, tuple(store.people_of(org.uid)), exchange)
            if start is None and end is None:
                start, end = exchange.start_date, exchange.end_date
        elif visitor_key:
            visitor = find_visitor(store, visitor_key)
        else:
            raise UserError(_("Name the visitor: a person or an organisation."))
        if start is not None and end is not None:
            problems = dates_in_order(start, end) or at_most_one_month(start, end)
            if problems:
                raise UserError(problems[0] + ".")
        on = start or today or today_utc()
        _refuse_visitor(visitor, store, on)
        try:
            origin = locate(place_of(visitor.organisation))
        except ValueError as exc:
            raise UserError(str(exc)) from None
        countries = _host_countries(
            visitor.organisation.country, start, end, on, rates_in_force(store)
        )
        kinds = _host_kinds(on)
        ecosystems = [e.value for e in visitor.organisation.ecosystems]
        levels = match_queries.shared_levels(session, countries, kinds, ecosystems)
        eligible = sum(levels.values())
        busy_by_host = (
            match_queries.busy_hosts(
                session, start, end, excluding=exchange.uid if exchange else None
            )
            if start is not None and end is not None
            else {}
        )
        ranked, unplaced = _rank(
            session, origin, countries, kinds, ecosystems, levels, busy_by_host, limit
        )
        facts = match_queries.host_facts(session, [row[0] for row, _d, _b in ranked])
    matches = tuple(
        _match(facts[row[0]], distance, busy, countries[row[1]], ecosystems, start)
        for row, distance, busy in ranked
        if row[0] in facts
    )
    return Matches(visitor, start, end, matches, eligible, unplaced)


def _rank(
    session: Any,
    origin: tuple[float, float],
    countries: dict[str, _Country],
    kinds: list[str],
    ecosystems: list[str],
    levels: dict[int, int],
    busy_by_host: dict[str, int],
    limit: int,
) -> tuple[list[tuple[match_queries.Candidate, float, int]], int]:
    """The best `limit` candidates and how many could not be placed.

    Only the hosts that share the most ecosystems are read: the first term of the ranking
    decides before the others, so the levels below the one that fills `limit` cannot reach it.
    A level is lowered again when hosts that cannot be placed leave it short.
    """
    order = sorted(levels, reverse=True)
    # The highest level at which the hosts sharing that many ecosystems or more fill `limit`.
    index, total = 0, 0
    while index < len(order) - 1 and total + levels[order[index]] < limit:
        total += levels[order[index]]
        index += 1
    while True:
        threshold = order[index] if order else 0
        rows = match_queries.candidates(session, countries, kinds, ecosystems, threshold)
        best, unplaced = _ranked(origin, rows, busy_by_host, limit)
        if len(rows) - unplaced >= limit or index >= len(order) - 1:
            return best, unplaced
        index += 1  # hosts that cannot be placed left the levels short: one more level


def _match(
    host: match_queries.HostFacts,
    distance: float,
    busy: int,
    country: _Country,
    ecosystems: list[str],
    start: date | None,
) -> Match:
    shared = tuple(code for code in host.ecosystems.split(";") if code in ecosystems)
    far = distance >= HALVING_DISTANCE_KM
    ceiling = money(country.rate.ceiling)
    halved = not far or country.days < HALVING_WORKING_DAYS
    lump_sum = halve(ceiling) if halved else ceiling
    reasons = match_reasons(
        shared,
        busy if start is not None else None,
        distance,
        country.days,
        ceiling,
        lump_sum,
        host.country,
        ExchangeContext(host_kind=OrgKind(host.kind), host_in_cluster=host.in_cluster),
    )
    return Match(
        uid=host.uid,
        name=host.name,
        country=host.country,
        city=host.city,
        kind=host.kind,
        score=_score(len(shared), busy, distance),
        reasons=tuple(reasons),
        distance_km=distance,
        lump_sum=lump_sum,
        shared=shared,
        busy=busy,
        halved=halved,
    )
