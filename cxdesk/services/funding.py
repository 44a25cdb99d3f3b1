"""The partnership's budget: granted, paid, left, forecast, payments due, and money over time."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_day, format_money
from cxdesk.db import money as queries
from cxdesk.db.engine import Database
from cxdesk.db.money import CountryMoney, DueRow, ForecastRow
from cxdesk.db.store import Store
from cxdesk.domain.countries import participating_countries
from cxdesk.domain.lifecycle import PAYMENT_DAYS
from cxdesk.domain.rates import (
    HALVING_DISTANCE_KM,
    HALVING_WORKING_DAYS,
    halve,
    money,
    rate_for,
)
from cxdesk.domain.records import Change, Rate
from cxdesk.domain.workdays import working_days
from cxdesk.services import operations
from cxdesk.services.exchanges import rates_in_force

__all__ = ["CountryMoney", "DueLine", "Figures", "MonthMoney", "Overview", "overview"]


@dataclass(frozen=True)
class Figures:
    partnership: str | None
    budget: Decimal
    granted: Decimal
    granted_count: int
    paid: Decimal
    paid_count: int
    forecast: Decimal
    forecast_count: int
    #: What the granted exchanges are owed: the amount due once validated, else the lump sum.
    owed: Decimal

    @property
    def left(self) -> Decimal:
        """What the budget can still grant."""
        return self.budget - self.granted

    @property
    def to_pay(self) -> Decimal:
        """Owed and not paid yet: what a shorter stay took off its lump sum is not to pay."""
        return self.owed - self.paid


@dataclass(frozen=True)
class DueLine(DueRow):
    """A reported exchange still to pay, with the day it falls due."""

    due_on: date
    late: bool

    @property
    def outstanding(self) -> Decimal:
        """The amount due (halved or nothing for a shorter stay) less what was paid."""
        return self.amount_due - self.paid


@dataclass(frozen=True)
class MonthMoney:
    month: date  # the first day of the month
    granted: Decimal
    paid: Decimal


@dataclass(frozen=True)
class Overview:
    """Everything the funding tab shows, read in one transaction so the numbers agree."""

    today: date
    figures: Figures
    due: list[DueLine]
    months: list[MonthMoney]
    countries: list[CountryMoney]

    @property
    def late(self) -> list[DueLine]:
        return [d for d in self.due if d.late]


def forecast_amount(row: ForecastRow, rates: Sequence[Rate]) -> Decimal:
    """A draft's lump sum as the quote would give it, from the stored distance (no look-up)."""
    rate = rate_for(row.host_country, row.start_date, rates)
    if rate is None:
        return money(0)
    halved = working_days(row.start_date, row.end_date, row.host_country) < HALVING_WORKING_DAYS
    if row.distance_km is not None and row.distance_km < HALVING_DISTANCE_KM:
        halved = True
    return halve(rate.ceiling) if halved else money(rate.ceiling)


def _by_country(rates: Iterable[Rate]) -> dict[str, list[Rate]]:
    found: dict[str, list[Rate]] = {}
    for rate in rates:
        found.setdefault(rate.host_country, []).append(rate)
    return found


def _forecast(rows: list[ForecastRow], rates: list[Rate]) -> Decimal:
    # Each country's own rates only: rate_for then looks at a handful, not the whole table.
    own = _by_country(rates)
    return sum((forecast_amount(r, own.get(r.host_country, [])) for r in rows), Decimal("0.00"))


def month_starts(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_window(today: date, back: int = 11, ahead: int = 6) -> tuple[date, date]:
    """From the first day `back` months before today to the last day `ahead` months after."""
    index = today.year * 12 + today.month - 1
    y, m = divmod(index - back, 12)
    first = date(y, m + 1, 1)
    y, m = divmod(index + ahead + 1, 12)
    return first, date(y, m + 1, 1) - timedelta(days=1)


def overview(db: Database, today: date, *, top_countries: int = 10) -> Overview:
    first, last = month_window(today)
    with db.unit() as session:
        store = Store(session)
        partnership = store.partnership()
        granted = queries.granted(session)
        owed = queries.owed(session)
        paid = queries.paid(session)
        forecast_rows = queries.forecast_rows(session)
        due = queries.due_rows(session)
        granted_months = queries.granted_by_month(session, first, last)
        paid_months = queries.paid_by_month(session, first, last)
        countries = queries.granted_by_country(session, top_countries)
        rates = rates_in_force(store)
    figures = Figures(
        partnership=partnership.acronym if partnership else None,
        budget=money(partnership.budget) if partnership else money(0),
        granted=granted.amount,
        granted_count=granted.count,
        paid=paid.amount,
        paid_count=paid.count,
        forecast=_forecast(forecast_rows, rates),
        forecast_count=len(forecast_rows),
        owed=owed.amount,
    )
    lines = []
    for row in due:
        due_on = row.report_validated_on + timedelta(days=PAYMENT_DAYS)
        if row.paid >= row.amount_due:
            continue  # fully paid (or nothing due), only the status is behind: nothing is due
        lines.append(DueLine(**asdict(row), due_on=due_on, late=today > due_on))
    zero = Decimal("0.00")
    months = [
        MonthMoney(
            m,
            granted_months.get(m.strftime("%Y-%m"), zero),
            paid_months.get(m.strftime("%Y-%m"), zero),
        )
        for m in month_starts(first, last)
    ]
    return Overview(today, figures, lines, months, countries)


def set_budget(db: Database, amount: Decimal) -> Change:
    """Set the partnership's ClusterXchange budget."""
    amount = money(amount)
    if amount < 0:
        raise UserError(_("A budget cannot be less than 0."))

    def work(store: Store) -> Change:
        partnership = store.partnership()
        if partnership is None:
            raise UserError(
                _("The desk has no partnership yet: import a package or create the demo first.")
            )
        store.set_partnership(partnership.acronym, budget=amount)
        return Change(
            frozenset({"partnerships"}),
            frozenset({partnership.acronym}),
            _("Budget of {partnership} set to {amount}.").format(
                partnership=partnership.acronym, amount=format_money(amount)
            ),
        )

    return operations.run(db, work)


def budget(db: Database) -> Decimal:
    with db.unit() as session:
        partnership = Store(session).partnership()
    return money(partnership.budget) if partnership else money(0)


# -- rate tables ---------------------------------------------------------------------------
def rate_tables(db: Database) -> list[Rate]:
    """The rate tables in force (the defaults while none is stored), by table, country, date."""
    with db.unit() as session:
        rates = rates_in_force(Store(session))
    return sorted(rates, key=lambda r: (r.table, r.host_country, r.valid_from))


def ceilings_on(db: Database, on: date) -> dict[str, Decimal]:
    """Each participating country's ceiling in force on a day: what a new table starts from."""
    rates = rate_tables(db)
    own = _by_country(rates)
    found = {}
    for country in participating_countries(on):
        rate = rate_for(country, on, own.get(country, []))
        found[country] = money(rate.ceiling) if rate else money(0)
    return found


def set_ceiling(db: Database, rate: Rate, ceiling: Decimal) -> Change:
    """Change one ceiling of a rate table; exchanges already granted keep their amount."""
    ceiling = money(ceiling)
    if ceiling <= 0:
        raise UserError(_("A ceiling must be more than 0."))

    def work(store: Store) -> Change:
        table = [r for r in rates_in_force(store) if r.table == rate.table]
        if rate not in table:
            raise UserError(
                _("The ceiling for {country} in {table} has changed meanwhile: look again.").format(
                    country=rate.host_country, table=rate.table
                )
            )
        store.replace_rate_table(
            rate.table,
            [dataclasses.replace(r, ceiling=ceiling) if r == rate else r for r in table],
        )
        return Change(
            frozenset({"rates"}),
            frozenset({rate.table}),
            _("Ceiling for {country} in {table}: {old} → {new}.").format(
                country=rate.host_country,
                table=rate.table,
                old=format_money(rate.ceiling),
                new=format_money(ceiling),
            ),
        )

    return operations.run(db, work)


def add_rate_table(
    db: Database,
    name: str,
    valid_from: date,
    valid_to: date | None,
    ceilings: dict[str, Decimal],
) -> Change:
    """Store a new dated rate table; it applies to exchanges approved from now on."""
    name = name.strip()
    if not name:
        raise UserError(_("A rate table needs a name."))
    if valid_to is not None and valid_to < valid_from:
        raise UserError(_("A rate table cannot end before it starts."))
    wrong = sorted(c for c, v in ceilings.items() if v <= 0)
    if wrong:
        raise UserError(
            _("Every ceiling must be more than 0 (not for {countries}).").format(
                countries=", ".join(wrong)
            )
        )

    def work(store: Store) -> Change:
        in_force = rates_in_force(store)
        if not store.rates():
            # The defaults were in force unstored; storing a table alone would drop them, and
            # every exchange before the new table would lose its ceiling.
            for table in sorted({r.table for r in in_force}):
                store.replace_rate_table(table, [r for r in in_force if r.table == table])
        if any(r.table == name for r in in_force):
            raise UserError(
                _("A rate table named {name} exists already: choose another name.").format(
                    name=name
                )
            )
        count = store.replace_rate_table(
            name,
            [
                Rate(country, valid_from, valid_to, money(ceiling), name)
                for country, ceiling in sorted(ceilings.items())
            ],
        )
        return Change(
            frozenset({"rates"}),
            frozenset({name}),
            _("Rate table {name} added: {count} ceilings from {day}.").format(
                name=name, count=count, day=format_day(valid_from)
            ),
        )

    return operations.run(db, work)
