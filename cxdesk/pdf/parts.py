"""Building blocks of the exchange documents: headings, prose, label/value rows, amounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

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
