"""File → Settings…: a wrong IBAN refused with a sentence under its field, a right one kept and
shown masked; the audit period and the account undoable; the name changes are recorded under."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt

from cxdesk.core import i18n
from cxdesk.core.settings import Settings
from cxdesk.services import retention
from cxdesk.services.account import account
from cxdesk.services.outbox import password_for, smtp_server
from cxdesk.ui.app import build_main_window
from cxdesk.ui.application import application
from cxdesk.ui.dialogs.settings import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

RIGHT_IBAN = "DE89 3704 0044 0532 0130 00"
#: The same with two digits swapped: its check digits no longer match.
WRONG_IBAN = "DE89 3704 0044 0532 0103 00"


@pytest.fixture
def window(window: Any) -> Iterator[Any]:
    yield window
    # The window outlives the test until the process ends: an undo stack left full then
    # tells the deleted window its state (the stack's destructor clears it).
    window.context.undo_stack.clear()


def _open(window: Any) -> SettingsDialog:
    window.actions_by_id["settings"].trigger()
    found = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def _save(dialog: SettingsDialog, qtbot: Any) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _type_iban(dialog: SettingsDialog, qtbot: Any, iban: str) -> None:
    dialog.iban.setFocus()
    dialog.iban.clear()
    qtbot.keyClicks(dialog.iban, iban)


def test_the_menu_opens_it_with_the_account_masked(window: Any) -> None:
    kept = account(window.context.db)
    assert kept is not None  # the demo's
    dialog = _open(window)
    assert dialog.name.text() == kept.name
    assert dialog.iban.text() == kept.masked_iban
    assert kept.iban not in dialog.iban.text()
    assert dialog.years.value() == retention.audit_years(window.context.db)


def test_the_iban_shows_whole_only_while_edited(window: Any) -> None:
    kept = account(window.context.db)
    assert kept is not None
    dialog = _open(window)
    dialog.iban.setFocus()
    dialog.iban.focusInEvent(_focus_in())
    assert dialog.iban.text() == kept.iban
    dialog.iban.focusOutEvent(_focus_out())
    assert dialog.iban.text() == kept.masked_iban


def _focus_in() -> Any:
    from PySide6.QtGui import QFocusEvent

    return QFocusEvent(QFocusEvent.Type.FocusIn, Qt.FocusReason.MouseFocusReason)


def _focus_out() -> Any:
    from PySide6.QtGui import QFocusEvent

    return QFocusEvent(QFocusEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)


def test_a_wrong_iban_is_refused_under_its_field(window: Any, qtbot: Any) -> None:
    before = account(window.context.db)
    dialog = _open(window)
    _type_iban(dialog, qtbot, WRONG_IBAN)
    _save(dialog, qtbot)
    assert dialog.isVisible()
    error = dialog.errors["iban"]
    assert error.isVisible()
    assert "check digits" in error.text() and error.text().endswith(".")
    assert not dialog.errors["name"].isVisible()
    assert account(window.context.db) == before


def test_a_right_iban_is_kept_masked_and_undoable(window: Any, qtbot: Any) -> None:
    before = account(window.context.db)
    dialog = _open(window)
    dialog.name.setText("ECP Digital asbl")
    _type_iban(dialog, qtbot, RIGHT_IBAN)
    dialog.bic.setText("cobadeffxxx")
    _save(dialog, qtbot)
    assert not dialog.isVisible()
    kept = account(window.context.db)
    assert kept is not None
    assert (kept.name, kept.iban, kept.bic) == (
        "ECP Digital asbl",
        "DE89370400440532013000",
        "COBADEFFXXX",
    )
    assert dialog.iban.text() == "DE89 •••• •••• •••• 3000"
    again = _open(window)
    assert again.iban.text() == "DE89 •••• •••• •••• 3000"
    again.reject()
    window.undo()
    assert account(window.context.db) == before


def test_a_missing_name_is_refused_under_its_field(window: Any, qtbot: Any) -> None:
    dialog = _open(window)
    dialog.name.setText("   ")
    _save(dialog, qtbot)
    assert dialog.isVisible()
    assert dialog.errors["name"].isVisible()
    assert "name" in dialog.errors["name"].text()


def test_the_audit_period_is_kept_and_undoable(window: Any, qtbot: Any) -> None:
    dialog = _open(window)
    dialog.years.setValue(7)
    _save(dialog, qtbot)
    assert retention.audit_years(window.context.db) == 7
    window.undo()
    assert retention.audit_years(window.context.db) == retention.DEFAULT_YEARS


def test_the_name_changes_are_recorded_under(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CXDESK_USER", raising=False)
    dialog = _open(window)
    assert dialog.user.isEnabled()
    dialog.user.setText("  Ana   Ivanova ")
    _save(dialog, qtbot)
    assert window.context.db.user == "Ana Ivanova"
    assert window.settings.user_name == "Ana Ivanova"


def test_a_new_language_shows_the_window_in_it(window: Any, qtbot: Any) -> None:
    dialog = _open(window)
    dialog.language.setCurrentIndex(dialog.language.findData("pl"))
    try:
        _save(dialog, qtbot)
        polish = window.successor
        assert polish is not None
        qtbot.addWidget(polish)
        assert polish.tabs.tabText(1) == i18n.translate_in("pl", "Exchanges") != "Exchanges"
    finally:
        application("en")


class _Keyring(KeyringBackend):  # type: ignore[misc]
    """The system keyring, in memory: what the dialog keeps in it."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def system_keyring() -> Iterator[_Keyring]:
    before = keyring.get_keyring()
    fake = _Keyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(before)


def test_the_mail_server_is_kept_and_its_password_only_in_the_keyring(
    qtbot: Any, demo_db: Any, system_keyring: _Keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CXDESK_SMTP", raising=False)
    monkeypatch.delenv("CXDESK_SMTP_PASSWORD", raising=False)
    win = build_main_window(demo_db, "en", remember=True)
    qtbot.addWidget(win)
    win.show()
    dialog = _open(win)
    mail = dialog.mail
    qtbot.keyClicks(mail.host, "smtp.cluster.eu")
    mail.security.setCurrentIndex(mail.security.findData("tls"))
    qtbot.keyClicks(mail.user, "coord@cluster.eu")
    qtbot.keyClicks(mail.from_address, "not an address")
    qtbot.keyClicks(mail.password, "pw-9f3k")
    _save(dialog, qtbot)
    assert dialog.isVisible()  # refused, said under the e-mail fields
    assert "is not an e-mail address" in mail.error.text() and mail.error.isVisible()
    assert system_keyring.kept == {}

    mail.from_address.clear()
    qtbot.keyClicks(mail.from_address, "ECP-DIGI <coord@cluster.eu>")
    _save(dialog, qtbot)
    assert not dialog.isVisible()
    written = Settings.path().read_text(encoding="utf-8")
    assert "pw-9f3k" not in written  # the password is in the keyring, not the settings file
    assert system_keyring.kept == {("cxdesk-smtp", "coord@cluster.eu"): "pw-9f3k"}
    server = smtp_server(Settings.load())
    assert server is not None
    assert (server.host, server.port, server.security) == ("smtp.cluster.eu", 465, "tls")
    assert password_for(server.user) == "pw-9f3k"
    win.context.undo_stack.clear()
