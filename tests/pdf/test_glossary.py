"""The scheme's terms, one translation each per language (translations/glossary/), used by its
catalog wherever the English message uses the term."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cxdesk.core import i18n

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "translations" / "glossary"
TRANSLATED = [lang for lang in i18n.DOCUMENT_LANGUAGES if lang != i18n.SOURCE_LANGUAGE]


def rows(lang: str) -> list[dict[str, str]]:
    with (GLOSSARY / f"{lang}.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@cache
def terms() -> tuple[str, ...]:
    return tuple(row["term"] for row in rows("en"))


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def uses(msgid: str, term: str) -> bool:
    """Whether the English text says the term (a placeholder's name, {visitor}, does not)."""
    msgid = PLACEHOLDER.sub(" ", msgid)
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", msgid, re.IGNORECASE) is not None


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_glossary_names_every_term(lang: str) -> None:
    assert (GLOSSARY / f"{lang}.tsv").exists(), f"{lang}: translations/glossary/{lang}.tsv"
    found = {row["term"]: row for row in rows(lang)}
    assert set(terms()) <= found.keys(), f"{lang}: terms missing: {set(terms()) - found.keys()}"
    for term in terms():
        row = found[term]
        assert row["translation"].strip() and row["stem"].strip(), f"{lang}: {term}"
        # The stem is what every inflected form of the translation keeps.
        assert row["stem"].casefold() in row["translation"].casefold(), f"{lang}: {term}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalog_uses_its_glossarys_terms(lang: str) -> None:
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "cxdesk.po").open("rb") as fh:
        po = read_po(fh, locale=lang)
    stems = {row["term"]: row["stem"].casefold() for row in rows(lang)}
    problems = []
    for message in po:
        if not message.id or message.fuzzy:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for term, stem in stems.items():
            if not uses(source, term):
                continue
            for string in strings:
                # What the user reads: a mnemonic's "&" is not a letter ("&&" is one "&").
                shown = string.replace("&&", "\0").replace("&", "").replace("\0", "&")
                if string and stem not in shown.casefold():
                    problems.append(f"{term!r} → {stem!r} not in {string!r} ({source!r})")
    assert not problems, f"{lang}:\n" + "\n".join(problems[:40])
