"""Building blocks of the exchange documents: key/value tables, bullets, signature blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from cxdesk.core.i18n import country_name
from cxdesk.pdf.content import AgreementContent, OrganisationInfo
from cxdesk.pdf.fonts import BOLD
from cxdesk.pdf.layout import (
    ACCENT,
    RULE,
    SHADE,
    Translator,
    cell,
    esc,
    font_commands,
    para,
    styles,
)

Cell: TypeAlias = str | Flowable  # a plain string is drawn as it is, unwrapped


class WholeTable(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A table that is never split: it moves to the next page whole when it does not fit.

    Cheaper than KeepTogether, which lays its contents out a second time to measure them.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []


def heading(number: int, text: str) -> Paragraph:
    # No-break spaces as characters, not &nbsp; entities: one fragment draws as one line.
    return para(f"{number}.\u00a0\u00a0{esc(text)}", styles().heading)


def body(text: str) -> Paragraph:
    """A paragraph of translated prose (escaped here: catalog text is plain text)."""
    return para(esc(text), styles().body)


def lead(text: str) -> Paragraph:
    """Prose that introduces the next block (a list, a table): never left alone at a page end."""
    return para(esc(text), styles().lead)


def bullets(items: Sequence[str]) -> list[Flowable]:
    style = styles().bullet
    return [para(esc(item), style, "•") for item in items]


def where(org: OrganisationInfo, lang: str) -> str:
    return f"{org.city}, {country_name(org.country, lang)}"


def place(content: AgreementContent, lang: str) -> str:
    return content.place or where(content.host_organisation, lang)


class FieldRow(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A label and its value side by side, ruled below: a two-column table row at a third of
    the cost (a Table sets up per-cell styles and lays its cells out twice)."""

    PAD = 2.5

    def __init__(self, label: Cell, value: Cell, label_width: float, rule: bool) -> None:
        super().__init__()
        self.label = label
        self.value = value
        self.label_width = label_width
        self.rule = rule

    def _part_height(self, part: Cell, width: float, style: ParagraphStyle) -> float:
        if isinstance(part, str):
            return float(style.leading)
        return float(part.wrap(width, 1e6)[1])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        st = styles()
        self.width = availWidth
        self.height = 2 * self.PAD + max(
            self._part_height(self.label, self.label_width - 6, st.label),
            self._part_height(self.value, availWidth - self.label_width, st.cell),
        )
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # a row moves to the next page whole

    def draw(self) -> None:
        st = styles()
        canv = self.canv
        top = self.height - self.PAD
        for part, x, style in ((self.label, 0, st.label), (self.value, self.label_width, st.cell)):
            if isinstance(part, str):
                # Where a paragraph would put its first line: one font size below the top.
                canv.setFont(style.fontName, style.fontSize)
                canv.setFillColor(style.textColor)
                canv.drawString(x, top - style.fontSize, part)
            else:
                part.drawOn(canv, x, top - part.height)
        if self.rule:
            canv.setStrokeColor(SHADE)
            canv.setLineWidth(0.25)
            canv.line(0, 0, self.width, 0)


def key_values(
    rows: Sequence[tuple[str, Cell]], label_width: float = 52 * mm, width: float = 174 * mm
) -> list[Flowable]:
    """Labels and values in two columns, one row per pair; a page may fall between rows.

    Plain-string values are drawn as they are when they fit: reportlab's paragraphs would
    turn the narrow no-break space of a French amount into a breakable ordinary space.
    """
    st = styles()
    last = len(rows) - 1
    return [
        FieldRow(
            cell(label, st.label, label_width - 6),
            cell(value, st.cell, width - label_width) if isinstance(value, str) else value,
            label_width,
            rule=i < last,
        )
        for i, (label, value) in enumerate(rows)
    ]


def amounts(
    rows: Sequence[tuple[str, str]], total: tuple[str, str], width: float = 174 * mm
) -> Table:
    """The lump-sum breakdown: explanation on the left, amounts right-aligned, total boxed."""
    st = styles()
    room = width - 38 * mm - 10
    data: list[list[Cell]] = [[cell(label, st.cell, room), value] for label, value in rows]
    data.append([cell(total[0], st.cell_bold, room), total[1]])
    last = len(data) - 1
    # The total never stands alone at the top of a page.
    table = WholeTable(data, colWidths=[width - 38 * mm, 38 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *font_commands(st.cell, (0, 0), (-1, -1)),
                ("FONT", (0, last), (0, last), BOLD, 9.5, 13.2),
                ("FONT", (1, last), (1, last), BOLD, 11.5, 14),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                ("LINEBELOW", (0, 0), (-1, last - 1), 0.25, RULE),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("LINEABOVE", (0, last), (-1, last), 1.2, ACCENT),
                ("LINEBELOW", (0, last), (-1, last), 1.2, ACCENT),
            ]
        )
    )
    return table


@dataclass(frozen=True)
class Signer:
    role: str  # "For the Partnership", already translated
    party: str  # who: the partnership's or organisation's name, the visitor's name
    personal: bool = False  # a person signing for themselves: no "name and position" line


def signatures(
    signers: Sequence[Signer], _: Translator, per_row: int = 3, width: float = 174 * mm
) -> list[Flowable]:
    """Signature blocks side by side: who signs, then labelled lines to fill in by hand.

    Each row of blocks stays whole on a page.
    """
    st = styles()
    gutter = 8 * mm
    col = (width - gutter * (per_row - 1)) / per_row
    col_widths: list[float] = []
    for i in range(per_row):
        col_widths += [gutter, col] if i else [col]
    labels = [
        _("Name and position of the signatory"),
        _("Place and date"),
        # TRANSLATORS: the label above the line on which a party signs.
        _("Signature"),
    ]
    flowables: list[Flowable] = []
    for start in range(0, len(signers), per_row):
        chunk = list(signers[start : start + per_row])
        cells: list[list[Cell]] = [[] for _row in range(5)]
        style: list[tuple[Any, ...]] = [
            *font_commands(st.label, (0, 0), (-1, 0)),
            *font_commands(st.cell, (0, 1), (-1, 1)),
            *font_commands(st.small, (0, 2), (-1, -1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            # Room to write under each label, however many lines the label takes.
            ("TOPPADDING", (0, 2), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 2), (-1, 3), 7 * mm),
            ("BOTTOMPADDING", (0, 4), (-1, 4), 16 * mm),
        ]
        for i in range(per_row):
            if i:
                for row in cells:
                    row.append("")
            signer = chunk[i] if i < len(chunk) else None
            if signer is None:
                for row in cells:
                    row.append("")
                continue
            cells[0].append(cell(signer.role, st.label, col))
            cells[1].append(cell(signer.party, st.cell, col))
            c = 2 * i
            style.append(("LINEABOVE", (c, 0), (c, 0), 1.2, ACCENT))
            for r, label in enumerate(labels, start=2):
                if r == 2 and signer.personal:
                    cells[r].append("")
                    continue
                cells[r].append(cell(label, st.small, col))
                style.append(("LINEBELOW", (c, r), (c, r), 0.5, RULE))
        table = WholeTable(cells, colWidths=col_widths)
        table.setStyle(TableStyle(style))
        # Space above as the table's own, not a Spacer, so a heading kept with it reaches it.
        table.spaceBefore = 9 * mm if flowables else 4 * mm
        flowables.append(table)
    return flowables
