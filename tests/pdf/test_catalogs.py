"""The document catalogs: complete, placeholders kept, and in step with the source strings.

After changing a document string, update the template and the catalogs (add the window's
folders to the extract command once the window's strings join the template):
    .venv/bin/pybabel extract -o translations/cxdesk.pot -k N_ -k _ \\
        --add-comments=TRANSLATORS: --no-wrap cxdesk/pdf cxdesk/domain/codes.py
    .venv/bin/pybabel update -i translations/cxdesk.pot -d translations -D cxdesk --no-wrap
then translate every new or fuzzy entry.
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


def test_template_holds_every_document_string() -> None:
    sources = sorted((ROOT / "cxdesk" / "pdf").glob("*.py")) + [ROOT / "cxdesk/domain/codes.py"]
    found = {
        message
        for path in sources
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        )
        if isinstance(message, str)
    }
    # Only this way round: the window's strings share the template.
    assert found - template_ids() == set(), "run pybabel extract (see this module's docstring)"


@pytest.mark.parametrize("lang", DOCUMENT_LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    po = catalog(TRANSLATIONS / lang / "LC_MESSAGES" / "cxdesk.po", lang)
    translated = {str(m.id): m for m in po if m.id}
    missing = template_ids() - translated.keys()
    assert not missing, f"{lang}: not in the catalog (run pybabel update): {sorted(missing)}"
    for msgid, message in translated.items():
        assert not message.fuzzy, f"{lang}: fuzzy: {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert string, f"{lang}: untranslated: {msgid!r}"
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(msgid)), (
                f"{lang}: placeholders differ in {string!r} for {msgid!r}"
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
