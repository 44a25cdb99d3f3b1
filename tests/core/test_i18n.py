"""Amounts typed and shown the way each language writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cxdesk.core import i18n


@pytest.mark.parametrize(
    ("lang", "typed", "amount"),
    [
        ("de", "1.100,50", "1100.50"),
        ("de", "1100,50", "1100.50"),
        ("de", "1100.50", "1100.50"),  # a point typed for the comma: not 110050
        ("fr", "1 100,50", "1100.50"),
        ("en", "1,100.50", "1100.50"),
        ("el", "€ 990", "990"),
    ],
)
def test_amounts_are_read_as_typed_in_the_language(lang: str, typed: str, amount: str) -> None:
    assert i18n.parse_amount(typed, lang) == Decimal(amount)


def test_an_amount_that_is_not_one_is_none() -> None:
    assert i18n.parse_amount("a lot", "fr") is None and i18n.parse_amount(" ", "de") is None


def test_amounts_are_edited_with_the_language_decimal_sign() -> None:
    assert i18n.format_amount_for_editing(Decimal("1100.5"), "de") == "1100,50"
    assert i18n.format_amount_for_editing(Decimal("1100.5"), "en") == "1100.50"
