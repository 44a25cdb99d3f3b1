"""The partnership's indicators for the agency as a PDF: the totals, then one chart a breakdown."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from cxdesk.core.i18n import format_money, format_number, format_percent
from cxdesk.pdf.fonts import BOLD, REGULAR
from cxdesk.pdf.layout import (
    ACCENT,
    PAGE_OF,
    RULE,
    SHADE,
    Decor,
    Output,
    build,
    document_language,
    esc,
    fit,
    styles,
)

Value = int | Decimal

#: Slices and bars: distinct on paper and in grey, the accent first.
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#1f3864", "#3b82c4", "#2f6b3a", "#e08a1e", "#8e6fc9", "#1f8a8a", "#c0392b",
        "#7f8c8d", "#b8860b", "#5d6d7e", "#d35400", "#16a085", "#6c3483", "#a04000",
    )
]  # fmt: skip
WIDTH: float = float(A4[0] - 36 * mm)
BAR = 13.0  # points a bar takes, gap included


@dataclass(frozen=True)
class SummaryLine:
    label: str
    value: Value
    money: bool = False


@dataclass(frozen=True)
class BreakdownLine:
    code: str  # as packages write it; "" when not set
    label: str  # translated
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Breakdown:
    """One table of the workbook and one chart of the PDF (its first value column)."""

    key: str
    title: str
    headers: tuple[str, ...]  # code, name, then one per value
    lines: tuple[BreakdownLine, ...]
    chart: str = "bar"  # "bar" or "pie"
    money: bool = False
    note: str = ""
    sheet: str = ""  # a short name for the workbook's sheet (31 characters at most)


@dataclass(frozen=True)
class AgencyContent:
    """What the report prints, translated already; numbers stay numbers until drawn."""

    lang: str
    title: str
    subtitle: str
    made_on: str
    footer: str
    summary: tuple[SummaryLine, ...]
    breakdowns: tuple[Breakdown, ...]
    notes: tuple[str, ...]
    empty: str  # the sentence for a breakdown with nothing in it


def shown(value: Value, money: bool, lang: str) -> str:
    """A figure as the language writes it: an amount in EUR, or a plain number."""
    if money:
        return format_money(Decimal(value), lang)
    return format_number(value, lang)


def _summary(c: AgencyContent, lang: str) -> Table:
    st = styles()
    rows = [
        [Paragraph(esc(line.label), st.cell), shown(line.value, line.money, lang)]
        for line in c.summary
    ]
    table = Table(rows, colWidths=[WIDTH * 0.7, WIDTH * 0.3], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                # Every cell: a table draws in Helvetica where no font is named.
                ("FONT", (0, 0), (-1, -1), REGULAR, 9.5, 13),
                ("FONT", (1, 0), (1, -1), BOLD, 10, 13),
                ("TEXTCOLOR", (1, 0), (1, -1), ACCENT),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, SHADE]),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _label_room(labels: list[str], size: float) -> float:
    widest = max((float(stringWidth(t, REGULAR, size)) for t in labels), default=0.0)
    return min(widest + 6, WIDTH * 0.42)


def _drawing(height: float) -> Drawing:
    """A drawing whose text starts in the embedded font: reportlab's default is Helvetica,
    which a PDF would then name without embedding it."""
    drawing = Drawing(WIDTH, height)
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = 7.5
    return drawing


def _bars(b: Breakdown, lang: str) -> Drawing:
    """Horizontal bars, the first line on top, each bar's figure at its end."""
    lines = [line for line in b.lines if line.values[0]]
    size = 7.5
    room = _label_room([line.label for line in lines], size)
    # reportlab draws the first category at the bottom: reverse, so the list reads downwards.
    lines.reverse()
    figures = [shown(line.values[0], b.money, lang) for line in lines]
    after = max(stringWidth(f, REGULAR, size) for f in figures) + 8
    drawing = _drawing(len(lines) * BAR + 24)
    chart = HorizontalBarChart()
    chart.x, chart.y = room, 16
    chart.width, chart.height = WIDTH - room - after, len(lines) * BAR
    chart.data = [[float(line.values[0]) for line in lines]]
    chart.bars[0].fillColor = PALETTE[1] if b.money else PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barSpacing, chart.groupSpacing = 0, 3
    chart.categoryAxis.categoryNames = [fit(line.label, REGULAR, size, room - 6) for line in lines]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dde2ea")
    chart.valueAxis.gridStrokeWidth = 0.4
    if not b.money:  # counts: whole steps only (no "2.5 exchanges"), the axis ends on one
        top = max(float(line.values[0]) for line in lines)
        step = max(1, math.ceil(top / 6))
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * math.ceil(top / step)
    chart.valueAxis.labelTextFormat = lambda v: format_number(int(v), lang)
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = size
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelArray = [figures]  # drawn as given: "1 100,00 €", not the float
    chart.barLabelFormat = "values"
    drawing.add(chart)
    return drawing


def _pie(b: Breakdown, lang: str) -> Drawing:
    """A pie with its legend beside it: name, figure and share of each slice."""
    # Colours follow a line's place in the full list, so a status keeps its colour whichever
    # statuses a period happens to have.
    shades = [PALETTE[i % len(PALETTE)] for i, line in enumerate(b.lines) if line.values[0]]
    lines = [line for line in b.lines if line.values[0]]
    total = sum((Decimal(line.values[0]) for line in lines), Decimal(0)) or Decimal(1)
    size = 7.5
    diameter = 120.0
    height = max(diameter + 20, len(lines) * 13 + 20)
    drawing = _drawing(height)
    pie = Pie()
    pie.x, pie.y = 10, (height - diameter) / 2
    pie.width = pie.height = diameter
    pie.data = [float(line.values[0]) for line in lines]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    for i, shade in enumerate(shades):
        pie.slices[i].fillColor = shade
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = diameter + 40, height - 12
    legend.fontName, legend.fontSize = REGULAR, size
    legend.alignment = "right"
    legend.columnMaximum = max(1, len(lines))
    legend.deltay = 13
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [
        (
            shades[i],
            fit(
                f"{line.label} — {shown(line.values[0], b.money, lang)} "
                f"({format_percent(round(Decimal(line.values[0]) / total, 2), lang)})",
                REGULAR,
                size,
                WIDTH - diameter - 70,
            ),
        )
        for i, line in enumerate(lines)
    ]
    drawing.add(legend)
    return drawing


def _breakdown(b: Breakdown, c: AgencyContent, lang: str) -> list[Flowable]:
    st = styles()
    parts: list[Flowable] = [Paragraph(esc(b.title), st.heading)]
    if not any(line.values[0] for line in b.lines):
        parts.append(Paragraph(esc(c.empty), st.small))
        return [KeepTogether(parts)]
    parts.append(_pie(b, lang) if b.chart == "pie" else _bars(b, lang))
    if b.note:
        parts.append(Paragraph(esc(b.note), st.small))
    return [KeepTogether(parts)]


def render_agency_report(c: AgencyContent, out: Output) -> None:
    """Write the report: a page of totals and the counting rules, then the charts."""
    code, _ = document_language(c.lang)
    st = styles()
    story: list[Flowable] = [
        Paragraph(esc(c.title), st.title),
        Paragraph(esc(c.subtitle), st.subtitle),
        _summary(c, code),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(esc(note), st.small) for note in c.notes]
    for b in c.breakdowns:
        story += _breakdown(b, c, code)
    decor = Decor(
        header_left=c.title,
        header_right=c.made_on,
        footer_left=c.footer,
        page_of=_(PAGE_OF),
    )
    build(story, out, lang=code, decor=decor, pagesize=A4, title=c.title, author="cxdesk")
