"""Help → User guide: F1 opens it in the window's language; links, pictures, pages translated."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from cxdesk.core import paths
from cxdesk.ui.dialogs.guide import GuideDialog, guide_folders, guide_root

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "fr", "de")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def pages(lang: str) -> set[str]:
    return {p.name for p in (guide_root() / lang).glob("*.md")}


def open_guides(window: Any) -> list[GuideDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, GuideDialog) and w.isVisible() and w.parent() is window
    ]


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen: no stacking
def test_f1_opens_the_guide_on_its_index(window: Any, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guides = open_guides(window)
    assert len(guides) == 1
    guide = guides[0]
    assert guide.page == "index.md"
    assert guide.browser.document().toPlainText().startswith("cxdesk user guide")
    assert guide.browser.accessibleName() and guide.back_button.accessibleName()
    # The menu's action shows the same window again rather than a second one.
    window.actions_by_id["user_guide"].trigger()
    assert open_guides(window) == guides
    assert window.actions_by_id["user_guide"] in window.menus["help"].actions()


def test_in_french_the_french_guide_shows(qtbot: Any, demo_db: Any) -> None:
    from cxdesk.ui.app import build_main_window

    win = build_main_window(demo_db, "fr")
    qtbot.addWidget(win)
    win.show()
    win.actions_by_id["user_guide"].trigger()
    guide = open_guides(win)[0]
    assert guide.folders[0] == guide_root() / "fr"
    assert guide.browser.document().toPlainText().startswith("Guide d'utilisation de cxdesk")
    assert guide.back_button.text() != "&Back"  # the buttons speak French too


def test_a_link_leads_to_another_page_and_back(qtbot: Any) -> None:
    guide = GuideDialog(None, "en")
    qtbot.addWidget(guide)
    guide.resize(guide.sizeHint())
    guide.show()
    qtbot.waitExposed(guide)
    browser = guide.browser
    # Click the words of the first link of the contents (the first-start page).
    cursor = browser.document().find("First start and the first package")
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 2)
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(
        browser.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.center().x(), rect.center().y()),
    )
    assert guide.page == "first-start.md"
    assert "Your name" in browser.document().toPlainText()
    assert guide.back_button.isEnabled()
    qtbot.mouseClick(guide.back_button, Qt.MouseButton.LeftButton)
    assert guide.page == "index.md"
    guide.show_page("daily.md")
    qtbot.mouseClick(guide.home_button, Qt.MouseButton.LeftButton)
    assert guide.page == "index.md"


def test_pictures_are_shown_scaled_to_the_page(qtbot: Any) -> None:
    guide = GuideDialog(None, "de")
    qtbot.addWidget(guide)
    guide.show_page("daily.md")
    image = guide.browser.loadResource(2, guide.browser.source().resolved("members.png"))
    assert not image.isNull() and image.width() <= 880


def test_every_page_exists_in_french_and_german_with_its_pictures() -> None:
    english = pages("en")
    assert {
        "index.md",
        "first-start.md",
        "daily.md",
        "exchange.md",
        "sync.md",
        "backups.md",
        "command-line.md",
    } <= english
    for lang in LANGS:
        assert pages(lang) == english, lang
        for page in sorted(english):
            text = (guide_root() / lang / page).read_text(encoding="utf-8")
            for picture in IMAGE.findall(text):
                assert (guide_root() / lang / picture).is_file(), (lang, page, picture)
            for target in LINK.findall(text):
                if "://" not in target:
                    assert (guide_root() / lang / target.split("#")[0]).is_file(), (
                        lang,
                        page,
                        target,
                    )
    assert guide_folders("es") == [guide_root() / "en"]  # not translated yet: English
    assert guide_folders("fr") == [guide_root() / "fr", guide_root() / "en"]


def test_the_guide_is_bundled_and_docs_point_to_it() -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from cxdesk_bundle import tree
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    bundled = {(Path(f).relative_to(ROOT).as_posix(), d) for f, d in tree(ROOT / "resources")}
    assert ("resources/guide/fr/index.md", "resources/guide/fr") in bundled
    assert ("resources/guide/de/calendar.png", "resources/guide/de") in bundled
    assert guide_root() == paths.resources_dir() / "guide"
    readme = (ROOT / "docs" / "guide" / "README.md").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f"../../resources/guide/{lang}/index.md" in readme
