"""Default ceilings and the choice of the rate in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cxdesk.domain.countries import participating_countries
from cxdesk.domain.rates import DEFAULT_RATES, halve, money, rate_for
from cxdesk.domain.records import Rate

D = date


def _codes(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    ("country", "ceiling"),
    [
        *[(c, "1100.00") for c in _codes("DK FI IE IS LU SE")],
        *[(c, "950.00") for c in _codes("AT BE CY DE ES FR GR IT MT NL PT")],
        *[(c, "780.00") for c in _codes("BG HR CZ EE HU LV LT PL RO SK SI")],
        *[(c, "780.00") for c in _codes("AL AM BA XK MD ME MK RS TR UA")],
        ("EL", "950.00"),
        ("UK", "780.00"),
    ],
)
def test_default_ceilings(country: str, ceiling: str) -> None:
    rate = rate_for(country, D(2026, 3, 2), DEFAULT_RATES)
    assert rate is not None
    assert rate.ceiling == Decimal(ceiling)
    assert str(rate.ceiling) == ceiling  # two places
    assert rate.table == "Default ceilings 2026"


def test_every_participating_country_has_a_default() -> None:
    for code in participating_countries(D(2026, 3, 2)):
        assert rate_for(code, D(2026, 3, 2)) is not None
    assert rate_for("CH", D(2026, 3, 2)) is None
    assert rate_for("FR", D(2019, 12, 31)) is None


PLATFORM = (
    Rate("FR", D(2025, 1, 1), None, Decimal("900.00"), "Platform 2025"),
    Rate("FR", D(2026, 7, 1), None, Decimal("1000.00"), "Platform 2026"),
    Rate("EL", D(2026, 1, 1), D(2026, 6, 30), Decimal("800.00"), "Platform Greece"),
)


@pytest.mark.parametrize(
    ("country", "on", "ceiling"),
    [
        ("FR", D(2024, 12, 31), "950.00"),  # defaults before the platform's first table
        ("FR", D(2025, 1, 1), "900.00"),  # the platform replaces defaults from its valid_from
        ("FR", D(2026, 6, 30), "900.00"),
        ("FR", D(2026, 7, 1), "1000.00"),  # the later valid_from wins
        ("GR", D(2026, 3, 2), "800.00"),  # EL in the table, GR asked
        ("GR", D(2026, 7, 1), "950.00"),  # the platform's table ended: defaults again
        ("DE", D(2026, 7, 1), "950.00"),  # countries the platform does not name keep defaults
    ],
)
def test_platform_tables_replace_defaults_for_their_period(
    country: str, on: date, ceiling: str
) -> None:
    rate = rate_for(country, on, (*DEFAULT_RATES, *PLATFORM))
    assert rate is not None
    assert rate.ceiling == Decimal(ceiling)


def test_same_valid_from_the_last_given_wins() -> None:
    a = Rate("FR", D(2026, 1, 1), None, Decimal("900.00"), "A")
    b = Rate("FR", D(2026, 1, 1), None, Decimal("910.00"), "B")
    assert rate_for("FR", D(2026, 3, 2), (a, b)) == b
    assert rate_for("FR", D(2026, 3, 2), (b, a)) == a


def test_money_and_halving() -> None:
    assert money(780) == Decimal("780.00")
    assert halve(Decimal("950.00")) == Decimal("475.00")
    assert halve(Decimal("1100.00")) == Decimal("550.00")
    assert halve(Decimal("777.77")) == Decimal("388.89")


def test_the_default_table_is_named_in_the_readers_language_and_others_as_named() -> None:
    from cxdesk.core import i18n
    from cxdesk.domain.rates import DEFAULT_TABLE, DEFAULT_TABLE_MESSAGE, table_label

    # The catalogs know the CSV's name: renaming one without the other is caught here.
    assert DEFAULT_TABLE == DEFAULT_TABLE_MESSAGE
    assert i18n.translate_in("de", DEFAULT_TABLE) == "Standard-Höchstbeträge 2026"
    assert table_label(DEFAULT_TABLE, lambda text: i18n.translate_in("fr", text)) == (
        "Plafonds par défaut 2026"
    )
    assert table_label("Platform package 42", lambda text: "?") == "Platform package 42"
