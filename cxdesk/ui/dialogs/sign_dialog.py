"""Sign…: the grant agreement or the Commitment to Quality, signed with the coordinator's
certificate (a .p12/.pfx file or a token), saved where the coordinator says."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.progress import Progress
from cxdesk.services import printing
from cxdesk.services.mail import DOCUMENT_LABELS
from cxdesk.ui import style, tasks
from cxdesk.ui.dialogs.closing_base import ClosingDialog, say
from cxdesk.ui.style import MUTED

AGREEMENT, COMMITMENT = "agreement", "commitment"

#: Signs and returns the path written: (paper, certificate, passphrase, out) → out.
Signer = Callable[[str, Path | str, bytes | None, Path], Path]

#: Opens the Send dialog with the signed file attached: (paper, signed file).
Sender = Callable[[str, Path], None]


def choose_certificate(parent: QWidget | None, start: str) -> str:
    """The certificate file picked (tests replace this); "" when none was."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Choose the certificate"),
        start,
        _("Certificates (*.p12 *.pfx);;All files (*)"),
    )
    return name


def choose_target(parent: QWidget | None, suggested: str) -> str:
    """Where to save the signed PDF (tests replace this); "" when cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the signed PDF"), suggested, _("PDF documents (*.pdf)")
    )
    return name


def documents_folder() -> Path:
    folder = Path.home() / "Documents"
    return folder if folder.is_dir() else Path.home()


def suggested_name(reference: str, paper: str) -> str:
    """The printed agreement's name (the reference, made safe), marked as signed."""
    stem = Path(printing.file_name(reference)).stem
    return f"{stem}-commitment-signed.pdf" if paper == COMMITMENT else f"{stem}-signed.pdf"


class SignDialog(ClosingDialog):
    """Which paper, with what, the passphrase or PIN, and where to save; Sign signs off the GUI
    thread, a refusal stays in the dialog, and once signed the dialog says where the file is
    and offers Send… (when given `send`) to mail that very file."""

    def __init__(
        self,
        reference: str,
        sign: Signer,
        tokens: Sequence[Any],
        last_certificate: str = "",
        folder: Path | None = None,
        parent: QWidget | None = None,
        send: Sender | None = None,
    ) -> None:
        super().__init__(_("Sign a paper of {reference}").format(reference=reference), "", parent)
        self.setObjectName("sign-dialog")
        self.ok_button.setText(_("&Sign"))
        self.reference = reference
        self.sign = sign
        self.send = send
        self.folder = folder or documents_folder()
        self.signed: Path | None = None
        self.task: tasks.Task | None = None

        self.paper = QComboBox(self)
        for kind in (AGREEMENT, COMMITMENT):
            self.paper.addItem(_(DOCUMENT_LABELS[kind]), kind)
        self.form.addRow(_("&Paper:"), self.paper)

        # With what: a certificate file, or a certificate on a token the system offers.
        self.use_file = QRadioButton(_("Certificate &file:"), self)
        self.certificate = QLineEdit(last_certificate, self)
        self.certificate.setAccessibleName(_("Certificate file"))
        self.certificate.setPlaceholderText(_("A .p12 or .pfx file"))
        self.browse = QPushButton(_("&Browse…"), self)
        self.browse.setAccessibleName(_("Browse for the certificate file"))
        self.browse.clicked.connect(self._browse_certificate)
        row = QHBoxLayout()
        row.addWidget(self.certificate, 1)
        row.addWidget(self.browse)
        self.form.addRow(self.use_file, row)

        self.use_token = QRadioButton(_("&Token:"), self)
        self.token = QComboBox(self)
        self.token.setAccessibleName(_("Token"))
        for choice in tokens:
            self.token.addItem(str(choice.label), str(choice.uri))
        self.no_token = QLabel(
            _("No token found: plug in the smart card or USB key, or use a certificate file."),
            self,
        )
        self.no_token.setWordWrap(True)
        style.coloured(self.no_token, MUTED)
        self.form.addRow(self.use_token, self.token)
        self.form.addRow("", self.no_token)
        has_tokens = self.token.count() > 0
        self.use_token.setEnabled(has_tokens)
        self.token.setVisible(has_tokens)
        self.no_token.setVisible(not has_tokens)
        (self.use_file if last_certificate or not has_tokens else self.use_token).setChecked(True)
        # Working a field picks its way: both stay usable, the radio buttons say which signs.
        self.certificate.textEdited.connect(lambda _text: self.use_file.setChecked(True))
        self.token.activated.connect(lambda _index: self.use_token.setChecked(True))

        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)  # never shown, never kept
        self.passphrase.setAccessibleName(_("Passphrase or PIN"))
        self.form.addRow(_("Passphrase or P&IN:"), self.passphrase)

        self.target = QLineEdit(str(self.folder / suggested_name(reference, AGREEMENT)), self)
        self.target.setAccessibleName(_("Save to"))
        self.choose = QPushButton(_("C&hoose…"), self)
        self.choose.setAccessibleName(_("Choose where to save"))
        self.choose.clicked.connect(self._choose_target)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(self.choose)
        # A caption for a row of two widgets needs its buddy said, or "&" shows as written.
        caption = QLabel(_("Sa&ve to:"), self)
        caption.setBuddy(self.target)
        self.form.addRow(caption, row)
        self.paper.currentIndexChanged.connect(self._paper_changed)

        self.saved = QLabel(self)  # once signed: where the file is
        self.saved.setWordWrap(True)
        self.saved.hide()
        self.outer.addWidget(self.saved)
        self.send_button = QPushButton(_("S&end…"), self)
        self.send_button.setAccessibleName(_("Send the signed PDF by e-mail"))
        self.send_button.clicked.connect(self._send)
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.hide()  # once signed, and only where the window can send
        self.finish_layout()
        self.setMinimumWidth(600)

    # -- the fields ----------------------------------------------------------------------------
    def kind(self) -> str:
        return str(self.paper.currentData())

    def _browse_certificate(self) -> None:
        start = self.certificate.text().strip() or str(self.folder)
        name = choose_certificate(self, start)
        if name:
            self.certificate.setText(name)
            self.use_file.setChecked(True)

    def _choose_target(self) -> None:
        name = choose_target(self, self.target.text().strip())
        if name:
            self.target.setText(name if name.lower().endswith(".pdf") else name + ".pdf")

    def _paper_changed(self) -> None:
        """The suggested name follows the paper, unless the coordinator typed another."""
        current = Path(self.target.text().strip())
        other = COMMITMENT if self.kind() == AGREEMENT else AGREEMENT
        if current.name == suggested_name(self.reference, other):
            self.target.setText(str(current.with_name(suggested_name(self.reference, self.kind()))))

    def with_what(self) -> Path | str:
        """The certificate file, or the token's URI."""
        if self.use_token.isChecked():
            return str(self.token.currentData() or "")
        return Path(self.certificate.text().strip()).expanduser()

    def check(self) -> bool:
        if self.use_file.isChecked() and not self.certificate.text().strip():
            say(self.problem, _("Choose the certificate file (.p12 or .pfx) to sign with."))
            return False
        if self.use_token.isChecked() and not self.token.currentData():
            say(self.problem, _("Choose the token to sign with."))
            return False
        if not self.target.text().strip():
            say(self.problem, _("Say where to save the signed PDF, in Save to."))
            return False
        return True

    # -- signing -------------------------------------------------------------------------------
    def accept(self) -> None:
        """Sign off the GUI thread; the dialog stays open until the file is written or refused."""
        if self.signed is not None:  # already signed: the button now closes
            super(ClosingDialog, self).accept()
            return
        say(self.problem, None)
        if not self.check():
            return
        kind, certificate = self.kind(), self.with_what()
        out = Path(self.target.text().strip()).expanduser()
        # The passphrase lives in the field and this call only: never stored, never logged.
        passphrase = self.passphrase.text().encode("utf-8") or None
        self.ok_button.setEnabled(False)

        def work(_progress: Progress) -> Path:
            return self.sign(kind, certificate, passphrase, out)

        self.task = tasks.run_task(self, _("Signing"), work, self._signed, self._failed)

    def _signed(self, path: object) -> None:
        assert isinstance(path, Path)
        self.task = None
        self.signed = path
        self.passphrase.clear()
        for widget in self.findChildren(QWidget):
            if widget.parent() is self and widget not in (self.buttons, self.saved, self.problem):
                widget.setEnabled(False)
        saved = (
            _("The Commitment to Quality of {reference} is signed and saved as {path}.")
            if self.kind() == COMMITMENT
            else _("The grant agreement of {reference} is signed and saved as {path}.")
        )
        self.saved.setText(saved.format(reference=self.reference, path=path))
        self.saved.show()
        self.ok_button.setText(_("&Close"))
        self.ok_button.setEnabled(True)
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.hide()
        self.send_button.setVisible(self.send is not None)
        self.fit()

    def _send(self) -> None:
        """Closed as Close does, then the Send dialog opens with the signed file attached."""
        signed, send = self.signed, self.send
        if signed is None or send is None:
            return
        super(ClosingDialog, self).accept()
        send(self.kind(), signed)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.ok_button.setEnabled(True)
        self.passphrase.selectAll()  # a wrong one is typed again over it
        if isinstance(exc, UserError):
            say(self.problem, exc.message)
        else:  # a bug: logged by the task with its traceback; here the sentence only
            say(self.problem, _("Not signed: {reason}").format(reason=exc))
        self.passphrase.setFocus()
