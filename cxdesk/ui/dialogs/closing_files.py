"""The files a closing step reads: the filled form, evidence files and the kind of each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QWidget

from cxdesk.core.i18n import _
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, EvidenceKind
from cxdesk.ui.dialogs.closing_base import ClosingDialog

#: What evidence may be: the service tells the kind by the bytes, this only narrows the dialog.
EVIDENCE_FILTER = "*.pdf *.PDF *.png *.PNG *.jpg *.JPG *.jpeg *.JPEG"


def choose_form(parent: QWidget | None) -> Path | None:
    """The filled closing-report form, from a file dialog; None when cancelled."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("Receive a closing report"), "", _("PDF forms (*.pdf *.PDF)")
    )
    return Path(name) if name else None


def choose_evidence(parent: QWidget | None, title: str) -> list[Path]:
    """Evidence files (PDF, PNG, JPEG) from a file dialog; [] when cancelled."""
    names, _filter = QFileDialog.getOpenFileNames(
        parent,
        title,
        "",
        _("Evidence: PDF or image ({patterns})").format(patterns=EVIDENCE_FILTER),
    )
    return [Path(name) for name in names]


class KindsDialog(ClosingDialog):
    """Which kind of evidence each file is."""

    def __init__(
        self,
        files: Sequence[Path],
        defaults: Sequence[EvidenceKind],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Which evidence is it?"), _("Attach"), parent)
        self.setObjectName("evidence-kinds-dialog")
        self.files = list(files)
        self.combos: list[QComboBox] = []
        for index, path in enumerate(self.files):
            combo = QComboBox(self)
            combo.setAccessibleName(_("Kind of {file}").format(file=path.name))
            for kind in EvidenceKind:
                combo.addItem(_(EVIDENCE_KIND_LABELS[kind]), kind.value)
            default = defaults[index] if index < len(defaults) else EvidenceKind.OTHER
            combo.setCurrentIndex(combo.findData(default.value))
            name = QLabel(path.name, self)
            name.setToolTip(str(path))
            self.form.addRow(name, combo)
            self.combos.append(combo)
        self.finish_layout()

    def chosen(self) -> list[tuple[EvidenceKind, Path]]:
        return [
            (EvidenceKind(combo.currentData()), path)
            for combo, path in zip(self.combos, self.files, strict=True)
        ]


def ask_kinds(
    parent: QWidget | None, files: Sequence[Path], defaults: Sequence[EvidenceKind]
) -> list[tuple[EvidenceKind, Path]] | None:
    """Each file with its kind, asked in one dialog; None when cancelled."""
    dialog = KindsDialog(files, defaults, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()
