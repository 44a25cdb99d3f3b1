"""Documents in every participating country's language, wholly: no English sentence left in
them, every glyph in the embedded font, dates and amounts as CLDR writes them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from reportlab.pdfbase.ttfonts import TTFont

from cxdesk.core import i18n
from cxdesk.pdf.sample import sample_content

from .document_messages import document_messages, render_all
from .pdfread import text

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
TRANSLATED = [lang for lang in i18n.DOCUMENT_LANGUAGES if lang != i18n.SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@cache
def catalog(lang: str) -> Catalog:
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "cxdesk.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@cache
def covered() -> frozenset[int]:
    """The characters the documents' font (DejaVu Sans, embedded) can draw."""
    face = TTFont("probe", str(ROOT / "resources" / "fonts" / "DejaVuSans.ttf")).face
    return frozenset(face.charToGlyph)


def fragments(message: str) -> list[str]:
    """The literal runs of an English message long enough to be a sentence's words."""
    return [
        " ".join(run.split())
        for run in PLACEHOLDER.split(message.replace("&", ""))
        if len(run.strip()) >= 24 and "<" not in run
    ]


def test_the_documents_messages_are_found() -> None:
    found = document_messages()
    assert "Certificate of participation" in found
    assert len(found) > 100


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_document_message_is_translated(lang: str) -> None:
    po = catalog(lang)
    messages = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in po if m.id}
    problems = []
    for msgid in sorted(document_messages()):
        message = messages.get(msgid)
        if message is None:
            problems.append(f"not in the catalog (run pybabel update): {msgid!r}")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {p for source in sources for p in PLACEHOLDER.findall(source)}
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {msgid!r}")
            continue
        if isinstance(message.id, tuple) and len(strings) != po.num_plurals:
            problems.append(f"needs {po.num_plurals} plural forms: {msgid!r}")
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ in {string!r} for {msgid!r}")
            missing = {c for c in string if ord(c) not in covered() and not c.isspace()}
            if missing:
                problems.append(f"no glyph for {sorted(missing)} in {string!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_document_is_wholly_in_the_language(lang: str) -> None:
    assert i18n.document_language(lang) == lang, f"{lang}: the documents would be in English"
    english = {fragment for message in document_messages() for fragment in fragments(message)}
    sample = sample_content()
    for name, pdf in render_all(lang).items():
        printed = " ".join(text(pdf).split())  # every kind of space folded, both sides
        # Words the translation happens to share with English (names, "ClusterXchange") are
        # shorter than a sentence's run; a whole English run means a sentence left untranslated.
        left = sorted(f for f in english if f in printed and f not in translated_same(lang, f))
        assert not left, f"{lang} {name}: English left: {left}"
        unseen = {c for c in printed if ord(c) not in covered() and not c.isspace()}
        assert not unseen, f"{lang} {name}: no glyph for {sorted(unseen)}"
        if name in ("agreement", "report form"):
            money = format_currency(sample.lump_sum, "EUR", locale=lang)
            assert " ".join(money.split()) in printed, f"{lang} {name}: amount as CLDR: {money}"
        if name == "agreement":
            day = format_date(sample.issued_on, "long", locale=lang)
            assert " ".join(day.split()) in printed, f"{lang} {name}: date as CLDR: {day}"


@cache
def translated_same(lang: str, fragment: str) -> frozenset[str]:
    """English runs a catalog keeps as they are on purpose (its translation holds them too)."""
    po = catalog(lang)
    kept = set()
    for message in po:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(fragment in " ".join(s.split()) for s in strings if s):
            kept.add(fragment)
    return frozenset(kept)
