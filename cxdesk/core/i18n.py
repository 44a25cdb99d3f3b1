"""Translations and formats: `_`, `ngettext`, `N_`; every date, number and amount via babel."""

from __future__ import annotations

import gettext
import io
import locale as pylocale
import os
import sys
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    parse_decimal,
)
from babel.numbers import format_percent as _babel_format_percent

from cxdesk.core import paths

DOMAIN = "cxdesk"
SOURCE_LANGUAGE = "en"
#: The window's languages, the 24 official EU languages: each has a complete catalog in
#: translations/.
LANGUAGES = (
    *("en", "fr", "de", "es", "it", "pl", "bg", "el", "cs", "da", "et", "fi"),
    *("ga", "hr", "hu", "lt", "lv", "mt", "nl", "pt", "ro", "sk", "sl", "sv"),
)
#: The languages of every participating country, in which the documents a visitor signs are
#: written (wholly: a catalog covers every message the documents use): the 24 official EU
#: languages, then Albanian, Armenian, Bosnian, Icelandic, Macedonian, Serbian, Turkish, Ukrainian.
DOCUMENT_LANGUAGES = (
    *("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr"),
    *("hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"),
    *("sq", "hy", "bs", "is", "mk", "sr", "tr", "uk"),
)

_state: dict[str, object] = {"lang": SOURCE_LANGUAGE, "trans": gettext.NullTranslations()}


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark for extraction"
    """Mark a string for extraction; translate it later with `_`."""
    return message


def system_language() -> str:
    """The language of the system locale, as an ISO 639-1 code."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0].lower()
    if sys.platform == "win32":
        # Windows sets no LANG, and getlocale() names the language in English
        # ("German_Germany"): ask for the display language's identifier instead.
        import ctypes

        name = pylocale.windows_locale.get(ctypes.windll.kernel32.GetUserDefaultUILanguage())
        return name.split("_")[0].lower() if name else SOURCE_LANGUAGE
    code = pylocale.getlocale()[0]
    return code.split("_")[0].lower() if code else SOURCE_LANGUAGE


def normalise_language(code: str | None) -> str:
    """A usable babel language code for `code`; English when babel does not know it."""
    if not code:
        return SOURCE_LANGUAGE
    code = code.replace("-", "_").split(".")[0]
    try:
        return str(Locale.parse(code))
    except (ValueError, UnknownLocaleError):
        return SOURCE_LANGUAGE


@lru_cache(maxsize=32)
def translations_for(lang: str) -> gettext.NullTranslations:
    """The catalog for a language: its compiled .mo, else the .po compiled in memory, else none."""
    base = lang.split("_")[0]
    folder = paths.translations_dir()
    for code in (lang, base):
        mo = folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists():
            with mo.open("rb") as fh:
                return gettext.GNUTranslations(fh)
        po = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            # A source checkout that was never built: compile the catalog in memory.
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as fh:
                catalog = read_po(fh, locale=code)
            buf = io.BytesIO()
            write_mo(buf, catalog)
            buf.seek(0)
            return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def _base(code: str) -> str:
    return code.replace("-", "_").split("_")[0].lower()


def window_language(code: str | None) -> str:
    """`code` when the window speaks it wholly, else English: text and formats never mixed."""
    lang = normalise_language(code or system_language())
    return lang if _base(lang) in LANGUAGES else SOURCE_LANGUAGE


def has_documents(code: str) -> bool:
    """Whether the documents can be written wholly in `code`'s language."""
    base = _base(code)
    if base == SOURCE_LANGUAGE:
        return True
    if base not in DOCUMENT_LANGUAGES:
        return False
    return (paths.translations_dir() / base / "LC_MESSAGES").is_dir()


def document_language(code: str | None) -> str:
    """The language a document is written in for `code`: itself, or wholly English."""
    lang = normalise_language(code)
    return lang if has_documents(lang) else SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Switch the language of messages and formats; return the code in force."""
    lang = window_language(code)
    _state["lang"] = lang
    _state["trans"] = translations_for(lang)
    return lang


def current_language() -> str:
    return str(_state["lang"])


def _(message: str) -> str:
    trans = _state["trans"]
    assert isinstance(trans, gettext.NullTranslations)
    return trans.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    trans = _state["trans"]
    assert isinstance(trans, gettext.NullTranslations)
    return trans.ngettext(singular, plural, n)


def translate_in(lang: str, message: str) -> str:
    """Translate one message into a given language without switching the current one."""
    return translations_for(normalise_language(lang)).gettext(message)


def format_money(amount: Decimal, lang: str | None = None, currency: str = "EUR") -> str:
    return format_currency(amount, currency, locale=lang or current_language())


def format_number(value: float | Decimal | int, lang: str | None = None) -> str:
    return format_decimal(value, locale=lang or current_language())


def format_percent(fraction: float | Decimal, lang: str | None = None) -> str:
    """A share as the language writes it: 20% in English, 20 % in French and German."""
    return _babel_format_percent(fraction, locale=lang or current_language())


def format_day(day: date, lang: str | None = None, fmt: str = "medium") -> str:
    return _babel_format_date(day, format=fmt, locale=lang or current_language())


def format_moment(moment: datetime, lang: str | None = None) -> str:
    """A day and time ("28 nov. 2026, 15:40"), without seconds."""
    return _babel_format_datetime(moment, format="short", locale=lang or current_language())


def format_amount_for_editing(amount: Decimal, lang: str | None = None) -> str:
    """An amount as a person types it: the language's decimal sign, no grouping ("1100,00")."""
    return format_decimal(amount, format="0.00", locale=lang or current_language())


def parse_amount(text: str, lang: str | None = None) -> Decimal | None:
    """An amount typed in the language ("1.100,50" in German, "1 100,50" in French); None if not."""
    cleaned = "".join(text.split()).replace("\u202f", "").replace("€", "")
    if not cleaned:
        return None
    try:
        # Strict: "1.100" in English or "1100.50" in German is not silently a thousand times off.
        return Decimal(str(parse_decimal(cleaned, locale=lang or current_language(), strict=True)))
    except (NumberFormatError, ArithmeticError):
        pass
    if cleaned.count(",") + cleaned.count(".") == 1:  # one sign, typed as the decimal one
        try:
            return Decimal(cleaned.replace(",", "."))
        except ArithmeticError:
            return None
    return None


@lru_cache(maxsize=64)
def _parsed_locale(lang: str) -> Locale:
    # Parsing a locale reads CLDR data: once per language, not once per country named.
    return Locale.parse(lang)


def country_name(code: str, lang: str | None = None) -> str:
    """The country's name in the language (babel's CLDR data); Kosovo has the code XK there too."""
    loc = _parsed_locale(lang or current_language())
    return str(loc.territories.get(code.upper(), code.upper()))


def language_name(code: str, lang: str | None = None) -> str:
    loc = _parsed_locale(lang or current_language())
    return str(loc.languages.get(code, code))


def native_reviews() -> dict[str, tuple[str, str] | None]:
    """Per translated language: (who, when) a native speaker reviewed its catalog, else None
    (translations/reviews.tsv)."""
    found: dict[str, tuple[str, str] | None] = {}
    path = paths.translations_dir() / "reviews.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return found
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    for row in rows[1:]:  # the header first
        lang, who, when = (row + ["", "", ""])[:3]
        found[lang.strip()] = (who.strip(), when.strip()) if who.strip() else None
    return found
