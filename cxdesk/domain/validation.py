"""Values that cannot be true, refused with a sentence: control characters, languages, places."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from babel import Locale

from cxdesk.core.i18n import _, country_name, format_number, ngettext
from cxdesk.core.text import printable
from cxdesk.domain.countries import normalise_country
from cxdesk.domain.geo import (
    find_town,
    great_circle_km,
    nearest_spellings,
    towns_named,
    within_country,
)
from cxdesk.domain.text import control_characters, is_multiline

#: Coordinates further than this from the named city are refused, as are those further than
#: this outside the box around the country's towns.
PLACE_TOLERANCE_KM = 50

#: (table, field) of the fields holding a person's language.
LANGUAGE_FIELDS = frozenset({("people", "language")})

#: A person's value longer than this is cut when a message quotes it.
_QUOTED = 60


def quoted(value: str) -> str:
    """A person's value for a message: quoted, printable, cut when long."""
    text = value.strip()
    if len(text) > _QUOTED:
        text = text[: _QUOTED - 1] + "…"
    return "'" + printable(text) + "'"


def field_problem(table: str, field: str, value: object) -> str | None:
    """Why a text field cannot hold the value, as a sentence; None when it can.

    Control characters are refused in every text; tab and newline are allowed in the multi-line
    ones (domain.text.MULTILINE_FIELDS). A person's language goes through language_problem.
    Values that are not text are not this function's business (None).
    """
    if not isinstance(value, str):
        return None
    if (table, field) in LANGUAGE_FIELDS:
        return language_problem(value)
    multiline = is_multiline(table, field)
    wrong = control_characters(value, multiline)
    if wrong is None:
        return None
    if multiline:
        return _(
            "The field {field} {wrong}: only printable text, tabs and line breaks are allowed"
        ).format(field=field, wrong=wrong)
    return _("The field {field} {wrong}: only printable text on one line is allowed").format(
        field=field, wrong=wrong
    )


@cache
def _iso_639_1() -> frozenset[str]:
    """The two-letter language codes babel (CLDR) knows."""
    return frozenset(
        code
        for code in Locale("en").languages
        if isinstance(code, str) and len(code) == 2 and code.isalpha()
    )


def language_problem(code: str | None) -> str | None:
    """Why the code is not a language (ISO 639-1, as babel knows them), or None.

    Case and surrounding blanks are forgiven (FR is fr); an empty value is no language, and not
    a problem here.
    """
    if code is None or not code.strip():
        return None
    if code.strip().lower() in _iso_639_1():
        return None
    return _(
        "{code} is not a language code: use the two-letter ISO 639-1 code, e.g. fr or de"
    ).format(code=quoted(code))


def _degrees(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _country(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _unknown_part(city: str, country: str) -> str:
    near = nearest_spellings(city, country)
    if near:
        return _("{city} in {country} (nearest spellings: {names})").format(
            city=quoted(city), country=_country(country), names=", ".join(near)
        )
    return _("{city} in {country} (no town has a similar name)").format(
        city=quoted(city), country=_country(country)
    )


def unknown_cities(unknown: Sequence[tuple[str, str]], *, coordinates: bool) -> str:
    """One sentence naming every unknown (city, ISO country code) with its nearest spellings.

    `coordinates`: whether the person may give coordinates instead (an organisation may; a
    quote may not).
    """
    parts = [_unknown_part(city, country) for city, country in unknown]
    cities = (
        parts[0]
        if len(parts) == 1
        else _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
    )
    if coordinates:
        return ngettext(
            "Unknown city {cities}: it is not among the gazetteer's towns of 1,000 people or "
            "more; check the spelling or give the coordinates",
            "Unknown cities {cities}: they are not among the gazetteer's towns of 1,000 people "
            "or more; check the spelling or give the coordinates",
            len(unknown),
        ).format(cities=cities)
    return ngettext(
        "Unknown city {cities}: it is not among the gazetteer's towns of 1,000 people or more; "
        "check the spelling",
        "Unknown cities {cities}: they are not among the gazetteer's towns of 1,000 people or "
        "more; check the spelling",
        len(unknown),
    ).format(cities=cities)


def place_problem(
    city: str | None,
    country: str | None,
    latitude: float | None,
    longitude: float | None,
) -> str | None:
    """Why an organisation cannot be at this place, as a sentence; None when it can.

    Without coordinates the city must be one of the gazetteer's towns of 1,000 people or more
    in the country. Coordinates must lie in the country (its towns' box, widened by
    PLACE_TOLERANCE_KM) and, when the city is known, within PLACE_TOLERANCE_KM of a town of
    that name. A missing city or country is not this function's business (None).
    """
    if not city or not city.strip() or not country or not country.strip():
        return None
    try:
        code = normalise_country(country)
    except ValueError as exc:
        return str(exc)
    if (latitude is None) != (longitude is None):
        return _("Give both the latitude and the longitude, or neither")
    if latitude is None or longitude is None:
        if find_town(city, code) is None:
            return unknown_cities([(city, code)], coordinates=True)
        return None
    latitude, longitude = float(latitude), float(longitude)  # a Decimal from a typed cell too
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return _(
            "The coordinates {lat}, {lon} are not on Earth: the latitude goes from -90 to "
            "90, the longitude from -180 to 180"
        ).format(lat=latitude, lon=longitude)
    shown = f"{_degrees(latitude)}, {_degrees(longitude)}"
    candidates = list(towns_named(city, code))
    known = find_town(city, code)
    if known is not None and known not in candidates:
        candidates.append(known)
    if candidates:
        nearest = min(
            candidates,
            key=lambda town: great_circle_km(latitude, longitude, town.latitude, town.longitude),
        )
        km = great_circle_km(latitude, longitude, nearest.latitude, nearest.longitude)
        if km > PLACE_TOLERANCE_KM:
            return _(
                "The coordinates {coordinates} are {km} km from {city} in {country}: they must "
                "be within {limit} km of the city; check the coordinates or the city"
            ).format(
                coordinates=shown,
                km=format_number(round(km)),
                city=nearest.name,
                country=_country(code),
                limit=PLACE_TOLERANCE_KM,
            )
    if not within_country(latitude, longitude, code, PLACE_TOLERANCE_KM):
        return _(
            "The coordinates {coordinates} are outside {country}: check the coordinates or the "
            "country"
        ).format(coordinates=shown, country=_country(code))
    return None
