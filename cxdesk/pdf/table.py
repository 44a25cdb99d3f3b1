"""“Print this view”: the rows and columns a table shows, on landscape A4 pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import islice

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from cxdesk.core.clock import today_utc
from cxdesk.core.i18n import format_day
from cxdesk.pdf.fonts import BOLD, REGULAR
from cxdesk.pdf.layout import (
    ACCENT,
    PAGE_OF,
    SHADE,
    Decor,
    Output,
    build,
    document_language,
    esc,
    styles,
)

FONT_SIZE = 8.0
PAD = 3.0
#: Rows looked at to size the columns; enough to be representative, cheap on 100,000 rows.
SAMPLE = 300


#: A cell that is a number, an amount or a distance, in any locale's format: right-aligned.
_NUMBER = re.compile(r"(€\s?)?[-−+]?\d[\d\s.,'’]*(\s?(€|%|km))?")


def _numeric(rows: Sequence[Sequence[str]], col: int) -> bool:
    texts = [row[col] for row in islice(rows, SAMPLE) if col < len(row) and row[col]]
    return bool(texts) and all(_NUMBER.fullmatch(t) for t in texts)


def _words(text: str) -> list[str]:
    # Split on ordinary spaces only: babel's no-break spaces inside amounts must not wrap.
    return text.replace("\n", " ").split(" ")


def _column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], total: float
) -> list[float]:
    """Share the page width as a browser sizes an automatic table.

    Each column gets at least its longest word (no word is cut) and, when there is room, its
    longest text; what is missing is taken from the columns whose text can wrap the most.
    """
    sample = list(islice(rows, SAMPLE))
    natural: list[float] = []
    minimum: list[float] = []
    for col, header in enumerate(headers):
        texts = [row[col] for row in sample if col < len(row)]
        longest = max(
            [stringWidth(header, BOLD, FONT_SIZE)]
            + [stringWidth(t, REGULAR, FONT_SIZE) for t in texts]
        )
        word = max(
            [stringWidth(w, BOLD, FONT_SIZE) for w in _words(header)]
            + [stringWidth(w, REGULAR, FONT_SIZE) for t in texts for w in _words(t)]
        )
        minimum.append(min(word, total * 0.3) + 2 * PAD + 0.5)
        # Cap a column of long notes so it wraps instead of squeezing every other one.
        natural.append(max(minimum[-1], min(longest, total * 0.45) + 2 * PAD + 0.5))
    if sum(natural) <= total:
        spare = (total - sum(natural)) / max(1, len(natural))
        return [w + spare for w in natural]
    if sum(minimum) >= total:
        return [w * total / sum(minimum) for w in minimum]
    # Short columns (dates, amounts, statuses) keep one line when the long ones can give way.
    fair = total / len(natural)
    short = [n <= fair for n in natural]
    floor = [n if s else m for n, m, s in zip(natural, minimum, short, strict=True)]
    if sum(floor) < total:
        minimum = floor
    stretch = [n - m for n, m in zip(natural, minimum, strict=True)]
    share = (total - sum(minimum)) / sum(stretch)
    return [m + s * share for m, s in zip(minimum, stretch, strict=True)]


def _cell(text: str, width: float, style: ParagraphStyle, font: str) -> str | Flowable:
    # A plain string draws ten times faster than a paragraph; wrap only what does not fit.
    if "\n" not in text and stringWidth(text, font, FONT_SIZE) <= width - 2 * PAD:
        return text
    return Paragraph("<br/>".join(esc(line) for line in text.splitlines()) or "", style)


def render_table(
    title: str,
    headers: list[str],
    rows: Iterable[list[str]],
    footer: str,
    out: Output,
    lang: str,
) -> None:
    """Print a view: `title`, the header row on every page, `footer` (the filter) on every page.

    `title`, `headers`, cell texts and `footer` come already translated and formatted from the
    window; `lang` is for the page numbers and the printing date.
    """
    code, _ = document_language(lang)
    st = styles()  # registers the fonts the widths are measured in
    body = list(rows)
    pagesize = landscape(A4)
    width = pagesize[0] - 36 * mm
    widths = _column_widths(headers, body, width)
    cell = ParagraphStyle("table_cell", parent=st.cell, fontSize=FONT_SIZE, leading=10)
    head = ParagraphStyle("table_head", parent=cell, fontName=BOLD, textColor=colors.white)
    data: list[list[str | Flowable]] = [
        [_cell(h, w, head, BOLD) for h, w in zip(headers, widths, strict=False)]
    ]
    blank = [""] * len(headers)
    for row in body:
        row = (list(row) + blank)[: len(headers)]  # a short or long row must not break the grid
        data.append([_cell(text, w, cell, REGULAR) for text, w in zip(row, widths, strict=True)])
    story: list[Flowable] = [Paragraph(esc(title), st.title)]
    if body:
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, FONT_SIZE, 10),
                    ("FONT", (0, 0), (-1, 0), BOLD, FONT_SIZE, 10),
                    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ]
                + [
                    ("ALIGN", (c, 0), (c, -1), "RIGHT")
                    for c in range(len(headers))
                    if _numeric(body, c)
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(esc(_("No rows to print.")), st.body))
    decor = Decor(
        header_left=title,
        header_right=_("Printed on {date}").format(date=format_day(today_utc(), code, "long")),
        footer_left=footer,
        page_of=_(PAGE_OF),
    )
    build(story, out, lang=code, decor=decor, pagesize=pagesize, title=title, author="cxdesk")
