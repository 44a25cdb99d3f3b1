"""The pane's Sign…: the dialog that signs the shown exchange's agreement or commitment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.settings import Settings
from cxdesk.domain.codes import Status
from cxdesk.services.browse import ExchangeDetail
from cxdesk.ui import prompts
from cxdesk.ui.context import UiContext
from cxdesk.ui.dialogs.sign_dialog import COMMITMENT, Sender, SignDialog


def can_sign(detail: ExchangeDetail | None) -> bool:
    """The coordinator signs an approved exchange's papers (the service refuses any other)."""
    return detail is not None and Status(detail.exchange.status) is Status.APPROVED


class SignAction(QObject):
    """Opens the Sign dialog for the exchange the pane shows; `dialog` is the one open."""

    def __init__(
        self,
        parent: QWidget,
        context: UiContext,
        detail: Callable[[], ExchangeDetail | None],
        send: Sender | None = None,
    ) -> None:
        super().__init__(parent)
        self.widget = parent
        self.context = context
        self.detail = detail
        self.send = send  # the pane's Send… with a file attached (send_action.py)
        self.dialog: SignDialog | None = None

    def settings(self) -> Settings | None:
        """The window's settings (the ones it saves), if it has them."""
        found = getattr(self.widget.window(), "settings", None)
        return found if isinstance(found, Settings) else None

    def sign(self) -> None:
        # Imported when asked for: signing loads pyHanko and the token modules.
        from cxdesk.services.signatures import available_tokens, check_signable, sign_document

        detail = self.detail()
        if detail is None:
            exc = UserError(_("Select an exchange first, in the list of exchanges."))
            self.context.status.emit(exc.message)
            prompts.refused(self.widget, exc)
            return
        db, uid, reference = self.context.db, detail.exchange.uid, detail.exchange.reference
        try:  # the button and the menu wait for the approval too; the service has the last word
            check_signable(db, uid)
        except UserError as exc:
            prompts.refused(self.widget, exc)
            return

        def sign(kind: str, certificate: Path | str, passphrase: bytes | None, out: Path) -> Path:
            return sign_document(
                db, uid, out, certificate, commitment=kind == COMMITMENT, passphrase=passphrase
            )

        settings = self.settings()
        last = settings.last_certificate if settings else ""
        dialog = SignDialog(
            reference, sign, available_tokens(), last, parent=self.widget, send=self.send
        )
        self.dialog = dialog

        def done(_result: int) -> None:
            if dialog.signed is None:
                return
            self.context.status.emit(
                _("Signed {reference}: saved as {path}.").format(
                    reference=reference, path=dialog.signed
                )
            )
            self._remember(dialog)

        dialog.finished.connect(done)
        dialog.open()

    def _remember(self, dialog: SignDialog) -> None:
        """The certificate file signed with, for next time; never the passphrase."""
        settings = self.settings()
        certificate = dialog.with_what()
        if settings is None or not isinstance(certificate, Path):
            return
        settings.last_certificate = str(certificate)
        if getattr(self.widget.window(), "remember", False):
            settings.save()
