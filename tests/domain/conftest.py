"""Domain tests run in English, whatever the system locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cxdesk.core import i18n


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)
