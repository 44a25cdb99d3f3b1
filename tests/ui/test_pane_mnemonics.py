"""The exchange pane's buttons, on screen together, each answer a different Alt-letter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton

from cxdesk.core import i18n
from cxdesk.ui.application import application
from cxdesk.ui.tabs.exchanges.pane import ExchangePane


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    application("en")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_exchange_pane_buttons_have_one_distinct_mnemonic_each(qtbot: Any, lang: str) -> None:
    # The buttons are read from a real pane (its own and its report section's), so a button
    # added later is checked too.
    application(lang)
    pane = ExchangePane()
    qtbot.addWidget(pane)
    texts = [b.text() for b in pane.findChildren(QAbstractButton) if b.text()]
    assert len(texts) >= 13, f"{lang}: the pane shows only {texts}"
    for text in texts:
        assert text.count("&") == 1, f"{lang}: {text!r} needs exactly one keyboard mnemonic (&)"
    found = [(m.group(1).lower(), t) for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(found) == len(texts), f"{lang}: a mnemonic is not on a letter in {texts}"
    letters = [letter for letter, _text in found]
    repeated = sorted({x for x in letters if letters.count(x) > 1})
    clashing = [t for letter, t in found if letter in repeated]
    assert not repeated, f"{lang}: buttons share Alt+{', Alt+'.join(repeated)}: {clashing}"
