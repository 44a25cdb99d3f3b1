"""Ids-first browsing: full text that forgives accents, filters, sorting, totals."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select

from cxdesk.db import browse
from cxdesk.db.models import ExchangeRow, OrganisationRow
from cxdesk.domain.filters import ExchangeFilter, OrgFilter, Sort


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_full_text_finds_names_by_prefix_without_accents(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        some = session.scalar(select(OrganisationRow).where(OrganisationRow.country == "DE"))
        assert some is not None
        word = some.name.split()[0][:4]
        page = browse.organisation_page(session, OrgFilter(text=word))
        lines = browse.organisation_lines(session, page.ids)
    assert page.total == len(page.ids) > 0
    assert all(
        # "Clus" finds "Clúster" too: accents are folded on both sides.
        any(_fold(w).startswith(_fold(word)) for w in (line.name + " " + line.city).split())
        for line in lines.values()
    )


def test_country_filter_and_sorting(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        page = browse.organisation_page(session, OrgFilter(country="PL"), Sort("name", True))
        lines = browse.organisation_lines(session, page.ids)
        expected = session.scalar(
            select(func.count()).select_from(OrganisationRow).where(OrganisationRow.country == "PL")
        )
    names = [lines[i].name for i in page.ids]
    assert page.total == expected
    assert {line.country for line in lines.values()} == {"PL"}
    assert names == sorted(names, reverse=True)


def test_limit_still_counts_every_match(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        page = browse.organisation_page(session, OrgFilter(), limit=10)
        total = session.scalar(select(func.count()).select_from(OrganisationRow))
    assert len(page.ids) == 10 and page.total == total


def test_exchanges_by_status_and_host_country(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        page = browse.exchange_page(
            session, ExchangeFilter(statuses=frozenset({"paid"})), Sort("host_country")
        )
        lines = browse.exchange_lines(session, page.ids)
        paid = session.scalar(
            select(func.count()).select_from(ExchangeRow).where(ExchangeRow.status == "paid")
        )
    assert page.total == paid > 0
    countries = [lines[i].host_country for i in page.ids]
    assert countries == sorted(countries)
    assert all(line.status == "paid" for line in lines.values())


def test_exchange_text_matches_reference_and_names(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        ref = session.scalar(select(ExchangeRow.reference).limit(1))
        assert ref is not None
        by_ref = browse.exchange_page(session, ExchangeFilter(text=ref))
        line = browse.exchange_lines(session, by_ref.ids)[by_ref.ids[0]]
        by_host = browse.exchange_page(session, ExchangeFilter(text=line.host_organisation))
    assert ref in {browse_line.reference for browse_line in [line]}
    assert line.uid in {
        x.uid for x in browse.exchange_lines(demo_db.sessions(), by_host.ids).values()
    }
