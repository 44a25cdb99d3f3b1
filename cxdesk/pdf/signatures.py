"""Signature blocks: who signs, then labelled lines to fill in by hand, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from cxdesk.pdf.layout import ACCENT, RULE, Translator, cell, fit, styles

Part: TypeAlias = str | Paragraph  # a plain string is drawn as it is


@dataclass(frozen=True)
class Signer:
    role: str  # "For the Partnership", already translated
    party: str  # who: the partnership's or organisation's name, the visitor's name
    personal: bool = False  # a person signing for themselves: no "name and position" line
    #: Printed on the "name and position" line when known (the coordinator); else left blank.
    signatory: str | None = None


class SignatureRow(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """One row of signature blocks, never split across pages.

    Drawn directly rather than as a Table: a batch of agreements spends a tenth of the time
    a 5 × 5 table of mostly empty cells costs.
    """

    GUTTER = 8 * mm
    PAD = 1.5
    #: Room to write under each label: name and position, place and date, signature.
    ROOM = (7 * mm, 7 * mm, 16 * mm)

    def __init__(
        self,
        blocks: list[tuple[Part, Part, list[Part | None], str | None]],
        columns: int,
    ) -> None:
        super().__init__()
        # (role, party, labels with None where one is left out, the signatory's name or None)
        self.blocks = blocks
        self.columns = columns

    @staticmethod
    def _height(part: Part | None, width: float, style: ParagraphStyle) -> float:
        if part is None:
            return 0.0
        if isinstance(part, str):
            return float(style.leading)
        return float(part.wrap(width, 1e6)[1])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        st = styles()
        self.width = availWidth
        self.col = (availWidth - self.GUTTER * (self.columns - 1)) / self.columns
        # Every block in the row shares the heights, so lines and labels align across blocks.
        self.rows = [
            max(self._height(block[0], self.col, st.label) for block in self.blocks),
            max(self._height(block[1], self.col, st.cell) for block in self.blocks),
        ]
        for i, room in enumerate(self.ROOM):
            label = max(self._height(block[2][i], self.col, st.small) for block in self.blocks)
            self.rows.append(label + room)
        self.height = sum(self.rows) + 2 * self.PAD * len(self.rows)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def _put(self, part: Part | None, x: float, top: float, style: ParagraphStyle) -> None:
        canv = self.canv
        if part is None:
            return
        if isinstance(part, str):
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            canv.drawString(x, top - style.fontSize, part)  # a paragraph's first baseline
        else:
            part.drawOn(canv, x, top - part.height)

    def draw(self) -> None:
        st = styles()
        canv = self.canv
        for i, (role, party, labels, signatory) in enumerate(self.blocks):
            x = i * (self.col + self.GUTTER)
            canv.setStrokeColor(ACCENT)
            canv.setLineWidth(1.2)
            canv.line(x, self.height, x + self.col, self.height)
            top = self.height
            parts = [(role, st.label), (party, st.cell)] + [(label, st.small) for label in labels]
            for n, (row, (part, style)) in enumerate(zip(self.rows, parts, strict=True)):
                self._put(part, x, top - self.PAD, style)
                top -= row + 2 * self.PAD
                if n == 2 and signatory:  # the "name and position" line
                    # Typed on the line, as if written there: its baseline just above the rule.
                    canv.setFont(st.cell.fontName, st.cell.fontSize)
                    canv.setFillColor(st.cell.textColor)
                    canv.drawString(
                        x, top + 2, fit(signatory, st.cell.fontName, st.cell.fontSize, self.col)
                    )
                if style is st.small and part is not None:
                    canv.setStrokeColor(RULE)
                    canv.setLineWidth(0.5)
                    canv.line(x, top, x + self.col, top)


def signatures(
    signers: Sequence[Signer], _: Translator, per_row: int = 3, width: float = 174 * mm
) -> list[Flowable]:
    """Signature blocks, `per_row` side by side; each row of blocks stays whole on a page."""
    st = styles()
    col = (width - SignatureRow.GUTTER * (per_row - 1)) / per_row
    labels = [
        _("Name and position of the signatory"),
        _("Place and date"),
        # TRANSLATORS: the label above the line on which a party signs.
        _("Signature"),
    ]
    rows: list[Flowable] = []
    for start in range(0, len(signers), per_row):
        blocks = [
            (
                cell(signer.role, st.label, col),
                cell(signer.party, st.cell, col),
                [
                    None if (i == 0 and signer.personal) else cell(label, st.small, col)
                    for i, label in enumerate(labels)
                ],
                None if signer.personal else signer.signatory,
            )
            for signer in signers[start : start + per_row]
        ]
        row = SignatureRow(blocks, per_row)
        # Space above as the row's own, not a Spacer, so a heading kept with it reaches it.
        row.spaceBefore = 9 * mm if rows else 4 * mm
        rows.append(row)
    return rows
