"""Bank details a visitor gives: the IBAN and BIC checked (schwifty) and shown only masked."""

from __future__ import annotations

import re

from cxdesk.core.i18n import _, country_name

#: How a masked IBAN hides the middle: one dot a character, in groups of four.
MASK = "••••"
_SPACES = re.compile(r"[\s\-.]+")


def compact(text: str) -> str:
    """An IBAN or BIC as typed (spaces, dashes, lower case) → its compact upper-case form."""
    return _SPACES.sub("", text or "").upper()


def mask_iban(iban: str) -> str:
    """`DE89370400440532013000` → `DE89 •••• •••• •••• 3000`: the country, the check digits
    and the last four characters, enough to recognise an account without giving it away."""
    plain = compact(iban)
    if len(plain) <= 8:
        return MASK
    hidden = (len(plain) - 8) // 4 or 1
    return " ".join([plain[:4], *([MASK] * hidden), plain[-4:]])


def iban_problem(text: str) -> str | None:
    """What is wrong with an IBAN, in words that never repeat the IBAN whole; None when right.

    Checked: the country code, the country's length and format, and the two check digits.
    """
    # schwifty (and its bank registry) is imported when a bank detail is checked, not at start.
    from schwifty import IBAN
    from schwifty import exceptions as bank_errors

    plain = compact(text)
    if not plain:
        return _("The IBAN is empty")
    if not re.fullmatch(r"[A-Z0-9]+", plain):
        return _("The IBAN may hold only letters and digits")
    country = plain[:2]
    try:
        iban = IBAN(plain, allow_invalid=True)
        spec = iban.spec
    except (bank_errors.InvalidCountryCode, KeyError):
        return _("The IBAN starts with {code}, which is no country's IBAN code").format(
            code=country
        )
    name = f"{country_name(country)} ({country})"
    if spec.iban_length != len(plain):
        return _(
            "An IBAN of {country} has {expected} characters; the one given has {count}"
        ).format(country=name, expected=spec.iban_length, count=len(plain))
    try:
        iban.validate()
    except bank_errors.InvalidChecksumDigits:
        return _(
            "The IBAN's check digits do not match the rest: a character is wrong or two are "
            "swapped (the IBAN ending in {end})"
        ).format(end=plain[-4:])
    except bank_errors.SchwiftyException:
        return _("The IBAN does not have the format of an IBAN of {country}").format(country=name)
    return None


def bic_problem(text: str) -> str | None:
    """What is wrong with a BIC (8 or 11 characters: bank, country, place, branch); None if
    right."""
    from schwifty import BIC
    from schwifty import exceptions as bank_errors

    plain = compact(text)
    try:
        BIC(plain)
    except bank_errors.InvalidLength:
        return _("A BIC has 8 or 11 characters; the one given has {count}").format(count=len(plain))
    except bank_errors.InvalidCountryCode:
        return _("The BIC {bic} names no country (its 5th and 6th letters)").format(bic=plain)
    except bank_errors.SchwiftyException:
        return _("{bic} does not have the format of a BIC").format(bic=plain)
    return None
