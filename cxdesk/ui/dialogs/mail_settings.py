"""File → Settings…, the e-mail part: the SMTP server the outbox sends through, this desk's own."""

from __future__ import annotations

from email.utils import parseaddr

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox

from cxdesk.core.i18n import _
from cxdesk.core.secrets import SMTP_SERVICE, store_password
from cxdesk.core.settings import Settings

#: (value kept in the settings, what the person reads)
SECURITIES = (
    ("starttls", "STARTTLS"),
    ("tls", "TLS"),
)


class MailSettings(QGroupBox):
    """Server, port, security, user, sender; the password goes to the system keyring only."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(_("E-mail: the server that sends the outbox"))
        form = QFormLayout(self)
        self.host = QLineEdit(settings.smtp_host)
        self.host.setPlaceholderText("smtp.example.eu")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(settings.smtp_port)
        self.port.setSpecialValueText(_("usual"))  # 0: 587, 465 or 25 by the security
        self.security = QComboBox()
        for value, text in SECURITIES:
            self.security.addItem(text, value)
        self.security.addItem(_("none (not encrypted)"), "none")
        self.security.setCurrentIndex(max(0, self.security.findData(settings.smtp_security)))
        self.user = QLineEdit(settings.smtp_user)
        self.from_address = QLineEdit(settings.smtp_from)
        self.from_address.setPlaceholderText(_("e.g. coordinator@cluster.eu"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("unchanged"))
        for caption, field in (
            (_("Ser&ver:"), self.host),
            (_("P&ort:"), self.port),
            (_("Securit&y:"), self.security),
            (_("Us&er name:"), self.user),
            (_("Sen&der's address:"), self.from_address),
            (_("Pass&word:"), self.password),
        ):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        note = QLabel(_("The password is kept in the system keyring, never in the settings file."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow("", self.error)

    def keep(self, settings: Settings) -> str | None:
        """Put the fields in `settings` and the password in the keyring; the refusal, or None."""
        sender = self.from_address.text().strip()
        if sender and "@" not in parseaddr(sender)[1]:
            return _("“{address}” is not an e-mail address.").format(address=sender)
        user = self.user.text().strip()
        typed = self.password.text()
        if typed and not store_password(SMTP_SERVICE, user, typed):
            return _(
                "There is no system keyring here to keep the password: set "
                "CXDESK_SMTP_PASSWORD in the environment instead."
            )
        self.password.clear()
        settings.smtp_host = self.host.text().strip()
        settings.smtp_port = self.port.value()
        settings.smtp_security = str(self.security.currentData())
        settings.smtp_user = user
        settings.smtp_from = sender
        return None
