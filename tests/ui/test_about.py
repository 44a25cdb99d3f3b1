"""Help → About: the version, the data folder, and per language whether a native speaker
reviewed it."""

from __future__ import annotations

from typing import Any

from cxdesk import __version__
from cxdesk.core import i18n


def test_about_names_each_language_and_its_review(window: Any) -> None:
    window.actions_by_id["about"].trigger()
    box = window.about_box
    assert box.isVisible()
    assert __version__ in box.text()
    details = box.detailedText().splitlines()
    assert len(details) == len(set(i18n.DOCUMENT_LANGUAGES)) - 1  # English is the source
    ukrainian = next(line for line in details if "(uk)" in line)
    assert "documents" in ukrainian and "not yet reviewed by a native speaker" in ukrainian
    french = next(line for line in details if "(fr)" in line)
    assert "window and documents" in french
    box.close()


def test_every_language_has_a_review_line() -> None:
    reviews = i18n.native_reviews()
    assert set(reviews) == set(i18n.DOCUMENT_LANGUAGES) - {i18n.SOURCE_LANGUAGE}
