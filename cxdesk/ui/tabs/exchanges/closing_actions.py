"""What the closing buttons do: each asks what it needs, calls its service, and goes on the undo
stack (undo.closing_step); a refusal is told in one sentence, never a traceback."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.domain.closing import missing_kinds
from cxdesk.domain.codes import EvidenceKind
from cxdesk.domain.records import Evidence
from cxdesk.services import browse, closing, printing
from cxdesk.services.closing import form_reference
from cxdesk.ui import prompts, tasks, undo
from cxdesk.ui.dialogs import closing_files
from cxdesk.ui.tabs.exchanges.closing_steps import ClosingSteps
from cxdesk.ui.widgets.pdf_preview import make_preview

#: Files a drop may bring: a filled form, or evidence (the service checks the bytes).
DROPPED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg"})


def open_path(path: Path) -> None:
    """Open a file with the program the system chooses for it."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ClosingActions(ClosingSteps):
    """The closing steps of the exchange the pane shows: files in, evidence, drops and papers
    here; the steps asked in a dialog, and the helpers, in ClosingSteps."""

    # -- the report ---------------------------------------------------------------------------
    def receive_report(self, selected: bool = True) -> None:
        """Read a filled form: for the selected exchange, or (`selected` False: File menu) for
        the exchange the form names."""
        detail = self.detail() if selected else None
        form = closing_files.choose_form(self.widget)
        if form is None:
            return
        key = detail.exchange.uid if detail is not None else form_reference(form)
        if key is None:
            self.refused(
                UserError(
                    _(
                        "{file} is not a filled closing-report form of cxdesk: it names no "
                        "exchange. Select the exchange and attach the file as evidence."
                    ).format(file=form.name)
                )
            )
            return
        files = closing_files.choose_evidence(
            self.widget, _("Evidence files sent with the report (optional)")
        )
        self._receive(key, form, files)

    def _receive(self, key: str, form: Path, files: Sequence[Path]) -> None:
        evidence: list[tuple[EvidenceKind, Path]] = []
        if files:
            asked = self._kinds(key, files)
            if asked is None:
                return
            evidence = asked
        change = self._step(
            _("Receive the closing report {file}").format(file=form.name),
            lambda: closing.receive_form(self.context.db, key, form, evidence, source="editor"),
        )
        if change is not None and change.uids:
            self.show_exchange(next(iter(change.uids)))

    def _kinds(self, key: str, files: Sequence[Path]) -> list[tuple[EvidenceKind, Path]] | None:
        """Each file's kind, asked; the kinds still missing offered first."""
        try:
            state = closing.closing_state(self.context.db, key)
            defaults = list(missing_kinds(state.checklist))
        except UserError:
            defaults = []
        return closing_files.ask_kinds(self.widget, files, defaults)

    # -- evidence ---------------------------------------------------------------------------
    def attach(self, kind: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        uid, reference = chosen
        files = closing_files.choose_evidence(self.widget, _("Attach evidence"))
        self._attach_all(uid, reference, [(EvidenceKind(kind), path) for path in files])

    def _attach_all(
        self, uid: str, reference: str, files: Sequence[tuple[EvidenceKind, Path]]
    ) -> None:
        if not files:
            return
        stack = self.context.undo_stack
        # Several files are one step to undo, as they were one gesture.
        stack.beginMacro(
            ngettext(
                "Attach {n} evidence file to {reference}",
                "Attach {n} evidence files to {reference}",
                len(files),
            ).format(n=len(files), reference=reference)
        )
        try:
            for kind, path in files:
                done = self._step(
                    _("Attach {file}").format(file=path.name),
                    lambda k=kind, p=path: closing.attach_evidence(self.context.db, uid, k, p),  # type: ignore[misc]
                )
                if done is None:
                    break
        finally:
            stack.endMacro()

    def remove_evidence(self, evidence: Evidence) -> None:
        chosen = self._selected()
        if chosen is None or evidence.id is None:
            return
        uid, reference = chosen
        if not prompts.confirm(
            self.widget,
            _("Remove evidence?"),
            _("{file} will be removed from {reference} (Undo can take it back).").format(
                file=evidence.file_name, reference=reference
            ),
        ):
            return
        evidence_id = evidence.id
        self._step(
            _("Remove {file}").format(file=evidence.file_name),
            lambda: closing.remove_evidence(self.context.db, uid, evidence_id),
        )

    def open_evidence(self, evidence: Evidence) -> Path | None:
        """The file's bytes into a folder of their own, opened by the system's program."""
        try:
            content = closing.evidence_bytes(self.context.db, evidence.sha256)
            folder = Path(tempfile.mkdtemp(prefix="evidence-", dir=printing.scratch_dir()))
            path = folder / evidence.file_name
            path.write_bytes(content)
        except UserError as exc:
            self.refused(exc)
            return None
        except OSError as exc:
            self.refused(
                UserError(
                    _("{file} could not be written to open it: {reason}.").format(
                        file=evidence.file_name, reason=exc.strerror or exc
                    )
                )
            )
            return None
        open_path(path)
        return path

    def unwaive(self, kind: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        uid, reference = chosen
        self._step(
            _("Undo the waiver of {kind} evidence of {reference}").format(
                kind=kind, reference=reference
            ),
            lambda: closing.unwaive(self.context.db, uid, kind),
        )

    # -- drops --------------------------------------------------------------------------------
    def drop_files(self, uid: str, paths: Sequence[Path]) -> None:
        """Files dropped on an exchange: a filled form is received (with any other files as its
        evidence); other files are asked their kind and attached."""
        files = [p for p in paths if p.suffix.lower() in DROPPED_SUFFIXES]
        if not files:
            return
        from cxdesk.services import signature_check

        # A PDF whose signature fields are signed is a signed paper back: verified and kept.
        signed = [p for p in files if signature_check.is_signed_paper(p)]
        for paper in signed:
            self.signed_in(uid, paper)
        files = [p for p in files if p not in signed]
        if not files:
            return
        forms = [p for p in files if form_reference(p) is not None]
        if len(forms) > 1:
            self.refused(UserError(_("Drop one closing-report form at a time.")))
            return
        others = [p for p in files if p not in forms]
        if forms:
            self._receive(uid, forms[0], others)
            return
        try:
            reference = browse.exchange(self.context.db, uid).reference
        except UserError as exc:
            self.refused(exc)
            return
        asked = self._kinds(uid, others)
        if asked is not None:
            self._attach_all(uid, reference, asked)

    def signed_in(self, uid: str, path: Path) -> None:
        """A signed agreement or commitment dropped: verified, kept, the exchange signed when
        both papers carry all their signatures (undoable); the result said in the status bar."""
        from cxdesk.services import signature_check

        try:
            received = signature_check.receive_signed(self.context.db, uid, path)
        except UserError as exc:
            self.refused(exc)
            return
        undo.record(
            self.context, _("Receive the signed {file}").format(file=path.name), received.change
        )
        for warning in received.warnings:
            self.context.status.emit(warning)
        self.context.status.emit(received.message.replace("\n", " "))
        self.show_exchange(uid)

    # -- papers -----------------------------------------------------------------------------
    def _paper(self, title: str, write: Callable[[Path], object]) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        _uid, reference = chosen
        name = printing.file_name(reference)
        folder = Path(tempfile.mkdtemp(prefix="paper-", dir=printing.scratch_dir()))
        out = folder / name

        def work(_progress: object) -> Path:
            write(out)
            return out

        def done(path: object) -> None:
            assert isinstance(path, Path)
            self.preview = make_preview(path, title, name, self.widget)
            self.preview.show()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.refused(exc)
            else:
                prompts.tell(self.widget, _("Not done"), str(exc))

        tasks.run_task(self.widget, title, work, done, failed)

    def report_form(self) -> None:
        detail = self.detail()
        if detail is None:
            self._selected()
            return
        uid = detail.exchange.uid
        from cxdesk.services import papers

        self._paper(
            _("Closing-report form {reference}").format(reference=detail.exchange.reference),
            lambda out: papers.report_form(self.context.db, uid, out),
        )

    def certificate(self) -> None:
        detail = self.detail()
        if detail is None:
            self._selected()
            return
        uid = detail.exchange.uid
        from cxdesk.services import papers

        self._paper(
            _("Certificate of participation {reference}").format(
                reference=detail.exchange.reference
            ),
            lambda out: papers.certificate(self.context.db, uid, out),
        )
