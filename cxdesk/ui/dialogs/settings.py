"""File → Settings…: the partnership's account and audit period (in the database, undoable), and
this desk's own settings (the name changes are recorded under, the language)."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core import i18n
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.core.settings import Settings
from cxdesk.core.users import clean_user, default_user
from cxdesk.domain.bank import bic_problem, compact, iban_problem, mask_iban
from cxdesk.services import account as accounts
from cxdesk.services import coordinators, retention
from cxdesk.ui import undo
from cxdesk.ui.context import UiContext
from cxdesk.ui.dialogs.mail_settings import MailSettings
from cxdesk.ui.style import BAD, coloured
from cxdesk.ui.widgets.language_menu import language_name


class MaskedIbanEdit(QLineEdit):
    """An IBAN shown masked, and in full only while the field is being edited."""

    #: The field was left (its value shown masked again).
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = ""
        self._masked = False
        self._setting = False
        self.textChanged.connect(self._typed)

    def set_value(self, value: str) -> None:
        self._value = compact(value)
        self._show_masked()

    def value(self) -> str:
        """The IBAN as kept or as typed, never the mask."""
        return self._value if self._masked else self.text()

    @property
    def masked(self) -> bool:
        return self._masked

    def _put(self, text: str) -> None:
        self._setting = True
        self.setText(text)
        self._setting = False

    def _typed(self, _text: str) -> None:
        if not self._setting:
            self._masked = False

    def _show_masked(self) -> None:
        # Only a right IBAN is masked: a wrong one stays as typed, to be put right.
        if self._value and iban_problem(self._value) is None:
            self._put(mask_iban(self._value))
            self._masked = True
        else:
            self._put(self._value)
            self._masked = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        if self._masked:
            self._put(self._value)
            self._masked = False
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._value = compact(self.text())
        self._show_masked()
        self.left.emit()


def _error() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    coloured(label, BAD)
    label.hide()
    return label


class SettingsDialog(QDialog):
    """Save checks each field and shows a refusal under it; nothing is kept until all are right."""

    def __init__(
        self,
        context: UiContext,
        settings: Settings,
        parent: QWidget | None = None,
        remember: bool = False,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = settings
        self.remember = remember
        #: The language chosen, when it differs from the window's ("" for the system's).
        self.new_language: str | None = None
        self.setWindowTitle(_("Settings"))
        self.account = accounts.account(context.db)
        self.years_before = retention.audit_years(context.db)

        shared = QGroupBox(_("The partnership (kept in the database, for every desk on it)"))
        form = QFormLayout(shared)
        self.name = QLineEdit(self.account.name if self.account else "")
        self.name.setMaxLength(accounts.NAME_LENGTH + 20)
        self.iban = MaskedIbanEdit()
        self.iban.set_value(self.account.iban if self.account else "")
        self.iban.setPlaceholderText(_("e.g. BE68 5390 0754 7034"))
        self.bic = QLineEdit(self.account.bic or "" if self.account else "")
        self.bic.setPlaceholderText(_("optional"))
        self.years = QSpinBox()
        self.years.setRange(1, 30)
        self.years.setValue(self.years_before)
        self.years.setSuffix(" " + ngettext("year", "years", self.years_before))
        self.years.valueChanged.connect(
            lambda n: self.years.setSuffix(" " + ngettext("year", "years", n))
        )
        # Each partnership's coordinator e-mail: how a returned signature is known to be theirs.
        self.emails_before = coordinators.coordinator_emails(context.db)
        codes = sorted(set(coordinators.known_partnerships(context.db)) | set(self.emails_before))
        self.coordinators = QPlainTextEdit(
            "\n".join(f"{code} {self.emails_before.get(code, '')}".rstrip() for code in codes)
        )
        self.coordinators.setTabChangesFocus(True)
        self.coordinators.setFixedHeight(90)
        self.coordinators.setToolTip(
            _("One partnership a line: its code, then its coordinator's e-mail address")
        )
        self.errors: dict[str, QLabel] = {}
        rows = (
            ("name", _("Account &holder:"), self.name),
            ("iban", _("&IBAN:"), self.iban),
            ("bic", _("&BIC:"), self.bic),
            ("years", _("&Audit period:"), self.years),
            ("coordinators", _("&Coordinators' e-mail:"), self.coordinators),
        )
        for key, caption, field in rows:
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
            self.errors[key] = _error()
            form.addRow("", self.errors[key])
        note = QLabel(
            _(
                "SEPA files pay from this account. Bank details and evidence are kept for the "
                "audit period after the payment, then they may be erased."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)

        own = QGroupBox(_("This desk"))
        own_form = QFormLayout(own)
        self.user = QLineEdit(context.db.user or settings.user_name)
        self.user.setMaxLength(120)
        if os.environ.get("CXDESK_USER"):
            # The environment names the user for every start: this field would not hold.
            self.user.setEnabled(False)
            self.user.setToolTip(_("Set by CXDESK_USER for this session"))
        self.language = QComboBox()
        system = i18n.normalise_language(i18n.system_language()).split("_")[0]
        self.language.addItem(
            _("System language ({language})").format(language=language_name(system)), ""
        )
        for code in i18n.LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        own_fields: tuple[tuple[str, QWidget], ...] = (
            (_("Your &name:"), self.user),
            (_("&Language:"), self.language),
        )
        self.errors["user"] = _error()
        hint = QLabel(_("Each change you make is recorded under this name."))
        hint.setWordWrap(True)
        for caption, own_field in own_fields:
            label = QLabel(caption)
            label.setBuddy(own_field)
            own_form.addRow(label, own_field)
            if own_field is self.user:
                own_form.addRow("", hint)
                own_form.addRow("", self.errors["user"])

        self.mail = MailSettings(settings)
        coloured(self.mail.error, BAD)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # A page each: the three together are taller than a laptop's screen.
        self.pages = QTabWidget()
        for widget, title in (
            (shared, _("Partnership")),
            (own, _("This desk")),
            (self.mail, _("E-mail")),
        ):
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.addWidget(widget)
            page_layout.addStretch(1)
            self.pages.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    # -- checking --------------------------------------------------------------------------
    def _show_error(self, key: str, text: str) -> None:
        self._refused(self.errors[key], text)

    def _refused(self, label: QLabel, text: str) -> None:
        """The refusal under its field, on the page shown."""
        label.setText(text)
        label.show()
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if page is not None and page.isAncestorOf(label):
                self.pages.setCurrentIndex(index)

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def _account_field(self, name: str, iban: str, bic: str) -> str:
        """Which field the account's refusal is about (the service checks them in this order)."""
        plain = " ".join(name.split())
        if not plain or len(plain) > accounts.NAME_LENGTH:
            return "name"
        if iban_problem(iban):
            return "iban"
        return "bic" if compact(bic) and bic_problem(compact(bic)) else "iban"

    def _account_changed(self, name: str, iban: str, bic: str) -> bool:
        before = self.account
        if before is None:
            return bool(name.strip() or iban.strip() or bic.strip())
        return (" ".join(name.split()), compact(iban), compact(bic) or None) != (
            before.name,
            before.iban,
            before.bic,
        )

    def accept(self) -> None:
        self._clear_errors()
        name, iban, bic = self.name.text(), self.iban.value(), self.bic.text()
        account_changed = self._account_changed(name, iban, bic)
        if account_changed:
            try:
                accounts.checked_account(name, iban, bic)
            except UserError as exc:
                self._show_error(self._account_field(name, iban, bic), exc.message)
                return
        user = clean_user(self.user.text())
        if self.user.isEnabled() and user is None:
            self._show_error("user", _("Your name is missing: give the name your colleagues know."))
            return
        if account_changed:
            change = accounts.set_account(self.context.db, name, iban, bic or None)
            undo.record(self.context, _("Change the partnership's account"), change)
            self.account = accounts.account(self.context.db)
            if self.account is not None:
                self.iban.set_value(self.account.iban)
        years = self.years.value()
        if years != self.years_before:
            try:
                change = retention.set_audit_years(self.context.db, years)
            except UserError as exc:
                self._show_error("years", exc.message)
                return
            undo.record(self.context, _("Change the audit period"), change)
            self.years_before = years
        if not self._save_coordinators():
            return
        refused = self.mail.keep(self.settings)
        if refused:
            self._refused(self.mail.error, refused)
            return
        self._save_own(user)
        super().accept()

    def _save_coordinators(self) -> bool:
        """The coordinators' addresses that changed, kept (undoable); False when refused."""
        typed: dict[str, str] = {}
        for line in self.coordinators.toPlainText().splitlines():
            code, _space, email = line.strip().partition(" ")
            if code:
                typed[code] = email.strip()
        for code in self.emails_before:
            typed.setdefault(code, "")  # a line taken away forgets the address
        try:
            change = coordinators.set_coordinator_emails(self.context.db, typed)
        except UserError as exc:
            self._show_error("coordinators", exc.message)
            return False
        if change is not None:
            undo.record(self.context, _("Change the coordinators' e-mail addresses"), change)
            self.emails_before = coordinators.coordinator_emails(self.context.db)
        return True

    def _save_own(self, user: str | None) -> None:
        """The desk's own settings, in its settings file."""
        if self.user.isEnabled() and user and user != self.context.db.user:
            self.context.db.user = user
            self.settings.user_name = user
        language = str(self.language.currentData() or "")
        if language != self.settings.language:
            self.new_language = language
        if self.remember:  # the e-mail settings, and the name when it changed
            self.settings.save()


def open_settings(window: Any) -> SettingsDialog:
    """File → Settings… from the main window (or any widget inside it): a change of language
    shows the window again in it once the dialog is closed."""
    top = window.window() if isinstance(window, QWidget) else window
    context = getattr(top, "context", None)
    if not isinstance(context, UiContext):
        context = getattr(window, "context", None)
    assert isinstance(context, UiContext)
    settings = getattr(top, "settings", None)
    if not isinstance(settings, Settings):
        settings = Settings(user_name=default_user())
    dialog = SettingsDialog(context, settings, top, remember=bool(getattr(top, "remember", False)))

    def done(result: int) -> None:
        switch = getattr(top, "switch_language", None)
        accepted = result == QDialog.DialogCode.Accepted
        if accepted and dialog.new_language is not None and callable(switch):
            switch(dialog.new_language)

    dialog.finished.connect(done)
    dialog.open()
    return dialog
