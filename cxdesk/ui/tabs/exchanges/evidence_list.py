"""The evidence checklist of the exchange pane: each kind attached, missing or waived."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cxdesk.core.i18n import _, format_number, ngettext
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, EvidenceKind
from cxdesk.domain.records import Evidence
from cxdesk.services.closing import ChecklistLine, ClosingState
from cxdesk.ui import style
from cxdesk.ui.style import BAD, GOOD, MUTED
from cxdesk.ui.widgets.detail_pane import section_label


def file_size(size: int) -> str:
    """A file's size as people read it: 812 bytes, 14.2 KB, 1.3 MB."""
    if size < 1024:
        return ngettext("{n} byte", "{n} bytes", size).format(n=format_number(size))
    if size < 1024 * 1024:
        return _("{n} KB").format(n=format_number(round(size / 1024, 1)))
    return _("{n} MB").format(n=format_number(round(size / 1024 / 1024, 1)))


def _small_button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return button


class EvidenceChecklist(QWidget):
    """One block a kind: its mark and files (Open, Remove), Attach… and Waive… / Undo waiver."""

    attachRequested = Signal(str)  # noqa: N815 - the kind
    waiveRequested = Signal(str)  # noqa: N815
    unwaiveRequested = Signal(str)  # noqa: N815
    openRequested = Signal(object)  # noqa: N815 - the Evidence
    removeRequested = Signal(object)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence-checklist")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(section_label(_("Evidence"), self))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Evidence"))
        layout.addWidget(self.summary)
        self.lines = QWidget(self)
        self.grid = QGridLayout(self.lines)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        layout.addWidget(self.lines)
        layout.addStretch(1)
        #: What each kind's line says (tests and screen readers read it).
        self.marks: dict[EvidenceKind, QLabel] = {}
        self.attach_buttons: dict[EvidenceKind, QPushButton] = {}
        self.waive_buttons: dict[EvidenceKind, QPushButton] = {}
        self.file_buttons: dict[str, tuple[QPushButton, QPushButton]] = {}

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.marks.clear()
        self.attach_buttons.clear()
        self.waive_buttons.clear()
        self.file_buttons.clear()

    def show_state(self, state: ClosingState, editable: bool) -> None:
        self._clear()
        row = 0
        for line in state.checklist:
            row = self._add_kind(row, line.kind, line, editable)
        others = tuple(e for e in state.evidence if e.kind is EvidenceKind.OTHER)
        row = self._add_kind(
            row, EvidenceKind.OTHER, ChecklistLine(EvidenceKind.OTHER, others, None), editable
        )
        missing = [line for line in state.checklist if not line.done]
        if missing:
            self.summary.setText(
                ngettext(
                    "{n} of {total} kinds of evidence still missing.",
                    "{n} of {total} kinds of evidence still missing.",
                    len(missing),
                ).format(n=len(missing), total=len(state.checklist))
            )
            style.coloured(self.summary, BAD)
        else:
            self.summary.setText(_("Complete: each kind of evidence is attached or waived."))
            style.coloured(self.summary, GOOD)

    def _add_kind(self, row: int, kind: EvidenceKind, line: ChecklistLine, editable: bool) -> int:
        parent = self.lines
        required = kind is not EvidenceKind.OTHER
        if line.evidence:
            mark, colour = "✓", GOOD
            status = ngettext("{n} file attached", "{n} files attached", len(line.evidence)).format(
                n=len(line.evidence)
            )
        elif line.waiver is not None:
            mark, colour = "–", MUTED
            status = _("waived: {reason}").format(reason=line.waiver.reason)
        elif required:
            mark, colour = "✗", BAD
            status = _("missing")
        else:
            mark, colour = "○", MUTED
            status = _("none (not required)")
        icon = QLabel(mark, parent)
        style.coloured(icon, colour)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = _(EVIDENCE_KIND_LABELS[kind])
        text = QLabel(f"<b>{html.escape(title)}</b> — {html.escape(status)}", parent)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setAccessibleName(f"{title}: {status}")
        self.marks[kind] = text
        buttons = QWidget(parent)
        box = QHBoxLayout(buttons)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        attach = _small_button(_("Attach…"), _("Attach {kind}").format(kind=title), buttons)
        attach.setVisible(editable)  # a validated report's evidence no longer changes
        attach.clicked.connect(lambda _c=False, k=kind: self.attachRequested.emit(k.value))
        box.addWidget(attach)
        self.attach_buttons[kind] = attach
        if required and not line.evidence:
            if line.waiver is None:
                waive = _small_button(_("Waive…"), _("Waive {kind}").format(kind=title), buttons)
                waive.clicked.connect(lambda _c=False, k=kind: self.waiveRequested.emit(k.value))
            else:
                waive = _small_button(
                    _("Undo waiver"), _("Undo waiver of {kind}").format(kind=title), buttons
                )
                waive.clicked.connect(lambda _c=False, k=kind: self.unwaiveRequested.emit(k.value))
            waive.setVisible(editable)
            box.addWidget(waive)
            self.waive_buttons[kind] = waive
        self.grid.addWidget(icon, row, 0)
        self.grid.addWidget(text, row, 1)
        self.grid.addWidget(buttons, row, 2, Qt.AlignmentFlag.AlignRight)
        row += 1
        for evidence in line.evidence:
            row = self._add_file(row, evidence, editable)
        return row

    def _add_file(self, row: int, evidence: Evidence, editable: bool) -> int:
        parent = self.lines
        name = QLabel(
            _("{file} ({size})").format(
                file=evidence.file_name,
                size=file_size(evidence.size).replace(" ", "\u00a0"),  # never broken
            ),
            parent,
        )
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setWordWrap(True)
        name.setContentsMargins(16, 0, 0, 0)
        name.setToolTip(_("SHA-256: {sha256}").format(sha256=evidence.sha256))
        style.subtitle(name)
        buttons = QWidget(parent)
        box = QHBoxLayout(buttons)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        open_button = _small_button(
            _("Open"), _("Open {file}").format(file=evidence.file_name), buttons
        )
        open_button.clicked.connect(lambda _c=False, e=evidence: self.openRequested.emit(e))
        remove = _small_button(
            _("Remove"), _("Remove {file}").format(file=evidence.file_name), buttons
        )
        remove.setVisible(editable)
        remove.clicked.connect(lambda _c=False, e=evidence: self.removeRequested.emit(e))
        box.addWidget(open_button)
        box.addWidget(remove)
        self.grid.addWidget(name, row, 1)
        self.grid.addWidget(buttons, row, 2, Qt.AlignmentFlag.AlignRight)
        self.file_buttons[f"{evidence.kind.value}/{evidence.file_name}"] = (open_button, remove)
        return row + 1
