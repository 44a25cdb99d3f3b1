"""IBANs and BICs as a visitor types them: checked by country format and check digits, never
repeated whole in a refusal, shown masked."""

from __future__ import annotations

import pytest

from cxdesk.domain.bank import bic_problem, compact, iban_problem, mask_iban


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000",
        "GB82-WEST-1234-5698-7654-32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NO93 8601 1117 947",
    ],
)
def test_right_ibans_pass(iban: str) -> None:
    assert iban_problem(iban) is None


@pytest.mark.parametrize(
    ("iban", "words"),
    [
        ("DE89 3704 0044 0532 0130 01", "check digits do not match"),
        (
            "DE89 3704 0044 0532 0130 0",
            "An IBAN of Germany (DE) has 22 characters; the one given has 21",
        ),
        ("XX89 3704 0044 0532 0130 00", "starts with XX, which is no country's IBAN code"),
        ("DE89 3704 0044 0532 013X 00", "format of an IBAN of Germany (DE)"),
        ("DE89 3704 0044 0532 0130 0!", "only letters and digits"),
        ("", "empty"),
    ],
)
def test_wrong_ibans_say_what_is_wrong_without_the_whole_number(iban: str, words: str) -> None:
    problem = iban_problem(iban)
    assert problem is not None and words in problem
    assert compact(iban) not in problem or len(compact(iban)) <= 4


def test_swapped_digits_are_caught() -> None:
    assert iban_problem("DE89 3704 0044 0532 0103 00") is not None


def test_masked_ibans_keep_the_country_and_the_last_four() -> None:
    assert mask_iban("DE89370400440532013000") == "DE89 •••• •••• •••• 3000"
    assert mask_iban("de89 3704 0044 0532 0130 00") == "DE89 •••• •••• •••• 3000"
    assert mask_iban("NO9386011117947") == "NO93 •••• 7947"
    assert mask_iban("DE89") == "••••"


@pytest.mark.parametrize("bic", ["COBADEFFXXX", "cobadeff", "DEUT DE FF 500"])
def test_right_bics_pass(bic: str) -> None:
    assert bic_problem(bic) is None


@pytest.mark.parametrize(
    ("bic", "words"),
    [("COBA12", "8 or 11 characters; the one given has 6"), ("COBAXXFF", "names no country")],
)
def test_wrong_bics_say_why(bic: str, words: str) -> None:
    problem = bic_problem(bic)
    assert problem is not None and words in problem
