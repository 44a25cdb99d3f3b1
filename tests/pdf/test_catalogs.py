"""The catalogs: complete, placeholders kept, and in step with the source strings.

After changing a string anywhere in cxdesk, update the template and the catalogs:
    .venv/bin/pybabel extract -o translations/cxdesk.pot -k N_ -k _ -k ngettext:1,2 \\
        --add-comments=TRANSLATORS: --no-wrap --project cxdesk --version 0.1.0 \\
        --copyright-holder "cxdesk contributors" cxdesk
    .venv/bin/pybabel update -i translations/cxdesk.pot -d translations -D cxdesk --no-wrap \\
        --no-fuzzy-matching
then translate every new entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from cxdesk.core import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
DOCUMENT_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def template_ids() -> set[str]:
    return {str(m.id) for m in catalog(TRANSLATIONS / "cxdesk.pot") if m.id}


def test_template_holds_every_string() -> None:
    sources = sorted((ROOT / "cxdesk").rglob("*.py"))
    # A plural is its (singular, plural) pair, as the template keys it: a singular marked alone
    # with N_ but used with ngettext would be looked up as a plural and never found.
    found = {
        str(message)
        for path in sources
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        )
    }
    assert found - template_ids() == set(), "run pybabel extract (see this module's docstring)"
    assert template_ids() - found == set(), "run pybabel extract: the template has old strings"


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    po = catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "cxdesk.po", lang)
    translated = {str(m.id): m for m in po if m.id}
    # babel's own checks, as `pybabel compile` in the build runs them (a failure stops the build).
    problems = [f"{m.id!r}: {e}" for m, errors in po.check() for e in errors]
    assert not problems, f"{lang}: {problems}"
    missing = template_ids() - translated.keys()
    assert not missing, f"{lang}: not in the catalog (run pybabel update): {sorted(missing)}"
    for msgid, message in translated.items():
        assert not message.fuzzy, f"{lang}: fuzzy: {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {p for source in sources for p in PLACEHOLDER.findall(source)}
        assert len(strings) == (po.num_plurals if isinstance(message.id, tuple) else 1), (
            f"{lang}: every plural form is needed for {msgid!r}"
        )
        for string in strings:
            assert string, f"{lang}: untranslated: {msgid!r}"
            assert set(PLACEHOLDER.findall(string)) == wanted, (
                f"{lang}: placeholders differ in {string!r} for {msgid!r}"
            )
            assert string.count("&") == sources[0].count("&"), (
                f"{lang}: a menu or button needs its one keyboard mnemonic (&) in {string!r}"
            )


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_catalog_loads_and_formats(lang: str) -> None:
    translate = i18n.translations_for(lang).gettext
    assert translate("Page {page} of {pages}") != "Page {page} of {pages}"
    assert translate("Page {page} of {pages}").format(page=1, pages=2)


def test_bulgarian_is_cyrillic_and_greek_is_greek() -> None:
    bg = i18n.translations_for("bg").gettext("Grant agreement")
    el = i18n.translations_for("el").gettext("Grant agreement")
    assert re.search(r"[\u0400-\u04ff]", bg) and not re.search(r"[A-Za-z]", bg)
    assert re.search(r"[\u0370-\u03ff]", el) and not re.search(r"[A-Za-z]", el)
