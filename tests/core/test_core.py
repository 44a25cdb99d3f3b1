"""Paths that move with CXDESK_HOME, settings that survive, formats that follow the language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from cxdesk.core import i18n, paths
from cxdesk.core.settings import Settings


def test_cxdesk_home_moves_every_folder(cxdesk_home: Path) -> None:
    for folder in (paths.data_dir(), paths.config_dir(), paths.log_dir(), paths.backups_dir()):
        assert folder.is_dir() and cxdesk_home in folder.parents
    assert paths.default_db_path().parent == paths.data_dir()


def test_settings_round_trip_and_survive_a_broken_file() -> None:
    settings = Settings.load()
    settings.language = "pl"
    settings.remember_package("/tmp/a.zip")
    settings.remember_package("/tmp/b.zip")
    settings.remember_package("/tmp/a.zip")
    settings.save()
    again = Settings.load()
    assert again.language == "pl" and again.recent_packages == ["/tmp/a.zip", "/tmp/b.zip"]
    Settings.path().write_text("{not json", encoding="utf-8")
    assert Settings.load().language == ""


def test_amounts_and_dates_follow_the_language() -> None:
    assert i18n.format_money(Decimal("1234.00"), "de") == "1.234,00\xa0€"
    assert i18n.format_money(Decimal("1234.00"), "en") == "€1,234.00"
    assert i18n.format_day(date(2026, 3, 17), "fr") == "17 mars 2026"
    assert i18n.country_name("GR", "el") == "Ελλάδα"
    assert i18n.country_name("XK", "en") == "Kosovo"


def test_an_unknown_language_falls_back_to_english() -> None:
    assert i18n.set_language("xx") == "en"
    # A language the window does not speak wholly: English text and English formats, not a mix.
    assert i18n.set_language("ja_JP") == "en"
    assert i18n.set_language("fr_BE").startswith("fr")
