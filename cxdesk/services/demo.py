"""Realistic, reproducible demo data: organisations in real cities, people in their own scripts."""

from __future__ import annotations

import random
import unicodedata
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.progress import Progress
from cxdesk.db import bulk
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import Ecosystem, OrgKind, Purpose, Status
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.geo import cities_of
from cxdesk.domain.quote import Place, quote_exchange
from cxdesk.domain.rates import DEFAULT_RATES
from cxdesk.domain.records import Change
from cxdesk.services.coordinators import keep_emails_in
from cxdesk.services.demo_closing import Closing
from cxdesk.services.demo_names import (
    CLUSTER_WORD,
    KIND_NAMES,
    PEOPLE,
    SECTOR_WORDS,
)

SIZES = {"small": (200, 60), "large": (20_000, 6_000), "platform": (300_000, 100_000)}
PARTNERSHIP = ("ECP-DIGI", "European Cluster Partnership for Digital Transformation")
OTHER_PARTNERSHIPS = (
    "ECP-AGRI",
    "ECP-HEALTH",
    "ECP-MOBIL",
    "ECP-TEXT",
    "ECP-TOUR",
    "ECP-ENER",
    "ECP-AERO",
    "ECP-CONS",
    "ECP-CREA",
    "ECP-ELEC",
    "ECP-SOC",
    "ECP-RET",
)
OTHER_KINDS = [
    k for k in OrgKind if k not in (OrgKind.CLUSTER_ORGANISATION, OrgKind.SME, OrgKind.OTHER)
]
#: (status, days from today to the start) of the first exchanges, so every status is shown.
FORCED: tuple[tuple[Status, int], ...] = (
    (Status.DRAFT, 120),
    (Status.SUBMITTED, 90),
    (Status.APPROVED, 60),
    (Status.SIGNED, 0),
    (Status.COMPLETED, -60),
    (Status.REPORTED, -70),
    (Status.REPORTED, -55),
    (Status.PAID, -200),
    (Status.REJECTED, 40),
    (Status.CANCELLED, -30),
)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, datetime.min.time())
        # Countries in CX_PEOPLE with their gazetteer cities (the 40 largest, weighted by size).
        self.countries = [c for c in participating_countries(today) if c in PEOPLE]
        self.cities = {c: cities_of(c)[:40] for c in self.countries}
        self.countries = [c for c in self.countries if self.cities[c]]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def city(self, country: str) -> Any:
        cities = self.cities[country]
        weights = [max(c.population, 1) ** 0.5 for c in cities]
        return self.rng.choices(cities, weights)[0]

    def organisations(self, count: int) -> list[dict[str, Any]]:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        clusters: dict[str, list[str]] = {c: [] for c in self.countries}
        n_clusters = max(len(self.countries), count // 20)
        for index in range(count):
            country = (
                self.countries[index % len(self.countries)]
                if index < n_clusters
                else rng.choice(self.countries)
            )
            lang, _, last_names, legal = PEOPLE[country]
            city = self.city(country)
            ecosystems = rng.sample([e.value for e in Ecosystem], rng.randint(1, 3))
            sector = SECTOR_WORDS[ecosystems[0]]
            cluster_uid = None
            if index < n_clusters:
                kind = OrgKind.CLUSTER_ORGANISATION.value
                name = f"{CLUSTER_WORD.get(lang, 'Cluster')} {sector} {city.name}"
            elif rng.random() < 0.62 and clusters[country]:
                kind = OrgKind.SME.value
                name = f"{rng.choice(last_names)} {sector} {legal}"
                cluster_uid = rng.choice(clusters[country])
            else:
                kind = rng.choice(OTHER_KINDS).value
                name = f"{sector} {KIND_NAMES[kind]} {city.name}"
            uid = self.uid()
            if kind == OrgKind.CLUSTER_ORGANISATION.value:
                clusters[country].append(uid)
            # Organisations sit a few km from the city centre, not on one point.
            lat = round(city.latitude + rng.uniform(-0.04, 0.04), 5)
            lon = round(city.longitude + rng.uniform(-0.06, 0.06), 5)
            slug = _ascii(name)[:20] or f"org{index}"
            rows.append(
                {
                    "uid": uid,
                    "platform_id": f"ECCP-{100000 + index}",
                    "name": name,
                    "kind": kind,
                    "country": country,
                    "city": city.name,
                    "latitude": lat,
                    "longitude": lon,
                    "ecosystems": ";".join(ecosystems),
                    "cluster_uid": cluster_uid,
                    "partnership": PARTNERSHIP[0]
                    if rng.random() < 0.5
                    else rng.choice(OTHER_PARTNERSHIPS),
                    "website": f"https://www.{slug}.example.eu",
                    "email": f"info@{slug}.example.eu",
                    "phone": None,
                    "revision": 1,
                    "updated_at": self.now,
                    "deleted": False,
                    "dirty": False,
                    "base": None,
                }
            )
        return rows

    def people(self, orgs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        roles = (
            "Cluster manager",
            "Project manager",
            "CEO",
            "Innovation officer",
            "Researcher",
            "International cooperation officer",
        )
        for index, org in enumerate(orgs):
            lang, first_names, last_names, _ = PEOPLE[org["country"]]
            for n in range(1 if rng.random() < 0.7 else 2):
                first, last = rng.choice(first_names), rng.choice(last_names)
                local = _ascii(f"{first}.{last}") or f"person{index}x{n}"
                domain = org["email"].split("@", 1)[1]
                rows.append(
                    {
                        "uid": self.uid(),
                        "platform_id": None,
                        "organisation_uid": org["uid"],
                        "first_name": first,
                        "last_name": last,
                        "email": f"{local}@{domain}",
                        "phone": None,
                        "role": rng.choice(roles),
                        "language": lang,
                        "revision": 1,
                        "updated_at": self.now,
                        "deleted": False,
                        "dirty": False,
                        "base": None,
                    }
                )
        return rows

    def status_for(self, start: date, end: date) -> Status:
        rng, today = self.rng, self.today
        roll = rng.random()
        if roll < 0.04:
            return Status.CANCELLED
        if roll < 0.08:
            return Status.REJECTED
        if start > today + timedelta(days=60):
            return rng.choice((Status.DRAFT, Status.SUBMITTED, Status.SUBMITTED, Status.APPROVED))
        if start > today:
            return rng.choice((Status.SUBMITTED, Status.APPROVED, Status.SIGNED, Status.SIGNED))
        if end >= today:
            return Status.SIGNED
        if end > today - timedelta(days=45):
            return rng.choice((Status.COMPLETED, Status.REPORTED, Status.REPORTED, Status.PAID))
        # Long past: paid, but for the odd closing report still missing (never a stale "reported").
        return rng.choice((Status.PAID,) * 19 + (Status.COMPLETED,))


def _exchange_rows(
    maker: _Maker,
    orgs: list[dict[str, Any]],
    people: list[dict[str, Any]],
    count: int,
    progress: Progress | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = maker.rng
    by_org: dict[str, list[dict[str, Any]]] = {}
    for person in people:
        by_org.setdefault(person["organisation_uid"], []).append(person)
    org_by_uid = {o["uid"]: o for o in orgs}
    # Every organisation visits at most once: draw the visiting organisations without repeats.
    visiting = rng.sample(orgs, min(count, len(orgs)))
    exchanges: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    per_year: dict[int, int] = {}
    first_day = maker.today - timedelta(days=700)
    for index, visitor_org in enumerate(visiting):
        if progress and index % 2000 == 0 and not progress("exchanges", index, count):
            raise UserError("Demo data cancelled; nothing was stored.")
        host = rng.choice(orgs)
        while host["country"] == visitor_org["country"]:
            host = rng.choice(orgs)
        # The first exchanges take every status once, with dates that fit it; then chance decides.
        forced = FORCED[index] if index < len(FORCED) else None
        if forced is None:
            start = first_day + timedelta(days=rng.randint(0, 1000))
        else:
            jitter = rng.randint(0, 20)
            # The signed visit starts within the week (`due` shows it); the same draw as the
            # others, so every later exchange stays as it was.
            start = maker.today + timedelta(
                days=forced[1] + (jitter % 6 if forced[0] is Status.SIGNED else jitter)
            )
        while start.weekday() >= 5:
            start += timedelta(days=1)
        end = start + timedelta(days=rng.choice((2, 3, 4, 4, 7, 8, 9, 11, 13, 17, 20, 24)))
        origin = Place(
            visitor_org["city"],
            visitor_org["country"],
            visitor_org["latitude"],
            visitor_org["longitude"],
        )
        destination = Place(host["city"], host["country"], host["latitude"], host["longitude"])
        quote = quote_exchange(origin, destination, start, end, DEFAULT_RATES)
        if not quote.eligible:  # holidays ate the stay: lengthen it by a week
            end += timedelta(days=7)
            quote = quote_exchange(origin, destination, start, end, DEFAULT_RATES)
            if not quote.eligible:
                continue
        visitor = rng.choice(by_org[visitor_org["uid"]])
        contact = rng.choice(by_org[host["uid"]])
        status = forced[0] if forced is not None else maker.status_for(start, end)
        granted = status not in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.CANCELLED)
        validated = None
        if status in (Status.REPORTED, Status.PAID):
            validated = min(end + timedelta(days=rng.randint(3, 30)), maker.today)
        per_year[start.year] = per_year.get(start.year, 0) + 1
        uid = maker.uid()
        exchanges.append(
            {
                "uid": uid,
                "platform_id": f"CXP-{500000 + index}",
                "reference": f"CX-{start.year}-{per_year[start.year]:04d}",
                "visitor_uid": visitor["uid"],
                "host_organisation_uid": host["uid"],
                "host_contact_uid": contact["uid"],
                "start_date": start,
                "end_date": end,
                "purposes": ";".join(rng.sample([p.value for p in Purpose], rng.randint(1, 2))),
                "ecosystem": rng.choice(host["ecosystems"].split(";")),
                "travel_mode": "green" if rng.random() < 0.3 else "standard",
                "status": status.value,
                "distance_km": Decimal(str(round(quote.distance_km, 1))),
                "lump_sum": quote.lump_sum if granted else None,
                "granted_ceiling": quote.ceiling if granted else None,
                "granted_rates": quote.rate.table if granted and quote.rate else None,
                "granted_halved_because": "; ".join(quote.halved_because) if granted else None,
                "report_validated_on": validated,
                "notes": rng.choice(
                    (
                        None,
                        None,
                        "Visa letter sent.",
                        "Agenda agreed with the host.",
                        'Host asks for the "Commitment to Quality" signed, please.',
                    )
                ),
                "revision": 1,
                "updated_at": maker.now,
                "deleted": False,
                "dirty": False,
                "base": None,
            }
        )
        if status is Status.PAID and validated is not None:
            # Most are paid within the 10 days; a few late, as in real life.
            paid_on = validated + timedelta(days=rng.choice((2, 4, 6, 8, 9, 10, 13)))
            payments.append(
                {
                    "uid": maker.uid(),
                    "platform_id": None,
                    "exchange_uid": uid,
                    "kind": "lump_sum",
                    "amount": quote.lump_sum,
                    "paid_on": min(paid_on, maker.today),
                    "bank_reference": f"SEPA-{start.year}-{len(payments) + 1:06d}",
                    "revision": 1,
                    "updated_at": maker.now,
                    "deleted": False,
                    "dirty": False,
                    "base": None,
                }
            )
    del org_by_uid
    return exchanges, payments


def make_demo(
    db: Database,
    size: str = "small",
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> Change:
    """Fill an empty database with demo data; refuse a database that already holds data."""
    org_count, exchange_count = SIZES[size]
    with db.unit() as session:
        existing = Store(session).count("organisations")
    if existing:
        raise UserError(
            f"The database {db.label} already holds {existing} organisations; demo data goes "
            "into an empty database (name a new file with --db)."
        )
    maker = _Maker(seed, today or today_utc())
    orgs = maker.organisations(org_count)
    people = maker.people(orgs)
    exchanges, payments = _exchange_rows(maker, orgs, people, exchange_count, progress)
    closing = Closing(seed, maker.today, maker.now, people, orgs, PARTNERSHIP[1])
    closing.make(exchanges)
    granted = sum((e["lump_sum"] for e in exchanges if e["lump_sum"] is not None), Decimal(0))
    with db.unit() as session:
        store = Store(session)
        budget = (granted * Decimal("1.25")).quantize(Decimal("1000"))
        store.set_partnership(
            PARTNERSHIP[0], PARTNERSHIP[1], Decimal(budget).quantize(Decimal("0.01"))
        )
        store.replace_rate_table(DEFAULT_RATES[0].table, DEFAULT_RATES)
        # Each partnership's coordinator, so that demo signatures are recognised (issue 21).
        keep_emails_in(
            store,
            {
                code: f"coordinator@{code.lower()}.eu"
                for code in (PARTNERSHIP[0], *OTHER_PARTNERSHIPS)
            },
        )
        # Clusters first: members point at them.
        orgs.sort(key=lambda o: o["cluster_uid"] is not None)
        for table, rows in (
            ("organisations", orgs),
            ("people", people),
            ("exchanges", exchanges),
            ("payments", payments),
        ):
            if progress and not progress(table, 0, len(rows)):
                raise UserError("Demo data cancelled; nothing was stored.")
            bulk.insert_rows(session, table, rows)
        closing.store(store)
    return Change(
        tables=frozenset(
            {"organisations", "people", "exchanges", "payments", "rates", "reports", "evidence"}
        ),
        message=(
            f"Demo data: {len(orgs)} organisations, {len(people)} people, "
            f"{len(exchanges)} exchanges, {len(payments)} payments, "
            f"{len(closing.reports)} closing reports."
        ),
    )
