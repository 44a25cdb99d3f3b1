"""Demo data a coordinator would believe: every status, real places, names in their own scripts."""

from __future__ import annotations

from sqlalchemy import func, select

from cxdesk.db.models import ExchangeRow, OrganisationRow, PersonRow
from cxdesk.domain.codes import Status
from cxdesk.domain.geo import find_city
from cxdesk.services.checking import check_database
from tests.conftest import DEMO_TODAY


def test_demo_shows_every_status_and_passes_check(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        statuses = set(session.scalars(select(ExchangeRow.status).distinct()))
    assert statuses == {s.value for s in Status}
    report = check_database(demo_db, today=DEMO_TODAY)
    assert report.ok, report.problems
    assert report.exchanges_checked == 60


def test_demo_places_are_real_cities(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:
        places = session.execute(select(OrganisationRow.city, OrganisationRow.country)).all()
        countries = {c for _, c in places}
    assert all(find_city(city, country) is not None for city, country in places)
    assert len(countries) >= 30


def test_demo_people_are_named_in_their_own_scripts(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.unit() as session:

        def names(country: str) -> str:
            rows = session.execute(
                select(PersonRow.first_name, PersonRow.last_name)
                .join(OrganisationRow, OrganisationRow.uid == PersonRow.organisation_uid)
                .where(OrganisationRow.country == country)
            ).all()
            return " ".join(f"{a} {b}" for a, b in rows)

        assert any("\u0400" <= ch <= "\u04ff" for ch in names("BG"))  # Cyrillic
        assert any("\u0370" <= ch <= "\u03ff" for ch in names("GR"))  # Greek
        assert set(names("PL")) & set("ŁłŚśŻżŹźĆćŃńÓóĄąĘę")
        total = session.scalar(select(func.count()).select_from(PersonRow))
    assert total and total >= 200


def test_the_same_seed_gives_the_same_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.db.migrate import open_database
    from cxdesk.services.demo import make_demo

    refs = []
    for n in (1, 2):
        db = open_database(tmp_path / f"d{n}.sqlite3")
        make_demo(db, "small", seed=7, today=DEMO_TODAY)
        with db.unit() as session:
            refs.append(
                session.execute(
                    select(ExchangeRow.uid, ExchangeRow.reference, ExchangeRow.lump_sum).order_by(
                        ExchangeRow.uid
                    )
                ).all()
            )
        db.close()
    assert refs[0] == refs[1]
