"""Quoting a proposed exchange from cities and dates, with the rate tables of the desk in force."""

from __future__ import annotations

from datetime import date

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.store import Store
from cxdesk.domain.quote import Place, Quote, quote_exchange, unknown_places
from cxdesk.domain.rates import DEFAULT_RATES
from cxdesk.domain.records import Rate
from cxdesk.domain.validation import unknown_cities


def _rates(db_option: str | None) -> list[Rate]:
    """The desk's stored rates when a database is named or exists; the defaults otherwise."""
    import os

    from cxdesk.core import paths
    from cxdesk.services.workspace import open_workspace

    if not (db_option or os.environ.get("CXDESK_DB") or paths.default_db_path().exists()):
        return list(DEFAULT_RATES)
    db = open_workspace(db_option)
    try:
        with db.unit() as session:
            return Store(session).today_rates_or(DEFAULT_RATES)
    finally:
        db.close()


def quote_places(
    visitor_city: str,
    visitor_country: str,
    host_city: str,
    host_country: str,
    start: date,
    end: date,
    db_option: str | None = None,
) -> Quote:
    """The scheme's verdict on an exchange between two cities; nothing is stored.

    UserError when the end is before the start (no stay to quote), or when a city is unknown:
    every unknown city in one sentence, with its nearest spellings (a quote takes no
    coordinates, so none are suggested).
    """
    if end < start:
        raise UserError(
            _("The end {end} is before the start {start}: there is no stay to quote").format(
                end=end.isoformat(), start=start.isoformat()
            )
        )
    visitor, host = Place(visitor_city, visitor_country), Place(host_city, host_country)
    try:
        unknown = unknown_places(visitor, host)
        if unknown:
            raise UserError(unknown_cities(unknown, coordinates=False))
        return quote_exchange(visitor, host, start, end, _rates(db_option))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
