"""Shared page furniture: styles, the document's translator, headers, page numbers, watermark."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from cxdesk.core.i18n import N_, translations_for
from cxdesk.core.i18n import document_language as i18n_document_language
from cxdesk.pdf.fonts import BOLD, REGULAR, register_fonts

Translator = Callable[[str], str]
Output = str | Path | BinaryIO

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3864")  # a sober navy for headings and rules
MUTED = colors.HexColor("#5a5a5a")
SHADE = colors.HexColor("#eef1f6")
RULE = colors.HexColor("#9aa5b8")
WATERMARK = colors.HexColor("#c0392b")

PAGE_OF = N_("Page {page} of {pages}")
# TRANSLATORS: the watermark across every page of a document not yet approved; keep it short.
DRAFT = N_("DRAFT")


def document_language(lang: str) -> tuple[str, Translator]:
    """The babel locale for formats and the gettext of the catalog for sentences, in `lang`.

    A language without the documents' translation is written wholly in English, formats too:
    a visitor never signs English sentences around dates and countries in another language.
    """
    code = i18n_document_language(lang)
    return code, translations_for(code).gettext


@functools.lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle) -> list[Any]:
    frags: list[Any] = Paragraph(text, style).frags
    return frags


_LINES: dict[tuple[Any, ...], Any] = {}
_LINES_MAX = 4096


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A paragraph whose line breaking is remembered for its text, style and width.

    A batch of agreements breaks the same clauses into the same lines in every document, and
    a table breaks each cell twice (to measure, then to draw). reportlab only reads the lines
    it gets back (splitting a paragraph copies them), so sharing them is safe.
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        key = (
            self.text,
            self.style,
            self.bulletText,
            tuple(width) if isinstance(width, list) else width,
        )
        lines = _LINES.get(key)
        if lines is None:
            if len(_LINES) >= _LINES_MAX:
                _LINES.clear()
            lines = _LINES[key] = super().breakLines(width)
        return lines


def para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of markup whose parse and line breaks are cached (see `_Paragraph`).

    Parsing markup is a third of a paragraph's cost, and an agreement batch repeats the same
    clauses and labels in each document; the parsed fragments are only read when laid out.
    """
    return _Paragraph(text, style, bulletText=bullet, frags=_parsed(text, style))


def cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A short text: the plain string when it fits on one line, else a wrapping paragraph.

    A plain string costs a tenth of a paragraph and is drawn exactly as given (a paragraph
    would turn the narrow no-break space of a French amount into a breakable space). Whoever
    draws it must use `style`'s font and colour; in a Table, `font_commands` gives them.
    """
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return para(escape(text), style)


def font_commands(
    style: ParagraphStyle, first: tuple[int, int], last: tuple[int, int]
) -> list[tuple[Any, ...]]:
    """Table style commands that draw plain-string cells as `style` draws paragraphs."""
    return [
        ("FONT", first, last, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", first, last, style.textColor),
    ]


def esc(text: str) -> str:
    """Escape data for paragraph markup (names with & or <)."""
    return escape(text)


def para_text(text: str) -> str:
    """Escape free text typed by a person and keep its line breaks."""
    return "<br/>".join(escape(line) for line in text.strip().splitlines())


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    lead: ParagraphStyle  # body text that stays with what follows it
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    bullet: ParagraphStyle


@functools.cache
def styles() -> Styles:
    """Paragraph styles, built once: every face is the embedded DejaVu Sans."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        # reportlab draws bullets in Helvetica unless told otherwise.
        bulletFontName=REGULAR,
        fontSize=9.5,
        leading=13.2,
        textColor=INK,
        alignment=TA_JUSTIFY,
        spaceAfter=4,
    )
    cell = ParagraphStyle("cell", parent=body, alignment=TA_LEFT, spaceAfter=0)
    return Styles(
        body=body,
        lead=ParagraphStyle("lead", parent=body, keepWithNext=1),
        small=ParagraphStyle("small", parent=cell, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        # Labels in the accent colour, regular weight: bold is for names and headings, and a
        # second bold subset in every document costs 6 % of the time of a batch.
        label=ParagraphStyle("label", parent=cell, textColor=ACCENT),
        title=ParagraphStyle(
            "title",
            parent=cell,
            fontName=BOLD,
            fontSize=18,
            leading=22,
            textColor=ACCENT,
            spaceAfter=3,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=cell,
            fontSize=10.5,
            leading=14,
            textColor=MUTED,
            spaceAfter=8,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=cell,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        # Ragged right: justified lines in a narrow indent open wide gaps.
        bullet=ParagraphStyle(
            "bullet",
            parent=cell,
            leftIndent=5 * mm,
            bulletIndent=1 * mm,
            spaceAfter=2.5,
        ),
    )


class RuledLines(Flowable):  # type: ignore[misc]
    """Blank ruled lines to fill in by hand when the Commitment's text was left empty."""

    def __init__(self, count: int, gap: float = 7.5 * mm) -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.count * self.gap

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fits = int(availHeight // self.gap)
        if fits < 2 or fits >= self.count:
            return []
        return [RuledLines(fits, self.gap), RuledLines(self.count - fits, self.gap)]

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        for i in range(self.count):
            y = i * self.gap
            canv.line(0, y, self.width, y)


@dataclass(frozen=True)
class Decor:
    """What every page shows around the text, already translated."""

    header_left: str
    header_right: str
    footer_left: str
    page_of: str  # "Page {page} of {pages}" in the document's language
    watermark: str | None = None


def fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` points (a long filter in a footer)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[: max(0, len(text) - max(1, len(text) // 20))]
    return text.rstrip() + "…"


def _draw_decor(canv: Canvas, page: int, pages: int, decor: Decor) -> None:
    width, height = canv._pagesize
    left, right = 18 * mm, width - 18 * mm
    canv.saveState()
    canv.setFont(REGULAR, 7.5)
    canv.setFillColor(MUTED)
    canv.drawRightString(right, height - 11 * mm, decor.header_right)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(left, height - 12.5 * mm, right, height - 12.5 * mm)
    canv.line(left, 13 * mm, right, 13 * mm)
    page_of = decor.page_of.format(page=page, pages=pages)
    room = right - left - stringWidth(page_of, REGULAR, 7.5) - 10 * mm
    canv.drawString(left, 9 * mm, fit(decor.footer_left, REGULAR, 7.5, room))
    canv.drawRightString(right, 9 * mm, page_of)
    canv.drawString(left, height - 11 * mm, fit(decor.header_left, REGULAR, 7.5, room))
    if decor.watermark:
        # Drawn over the text, translucent, so shaded tables cannot hide it.
        canv.setFillColor(WATERMARK)
        canv.setFillAlpha(0.16)
        size = min(
            110.0,
            0.9 * (width**2 + height**2) ** 0.5 / max(1.0, stringWidth(decor.watermark, BOLD, 1)),
        )
        canv.setFont(BOLD, size)
        canv.translate(width / 2, height / 2)
        canv.rotate(54.7 if height > width else 35.3)  # along the page's diagonal
        canv.drawCentredString(0, -size / 3, decor.watermark)
    canv.restoreState()


class _DecoratedCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until the end so each footer can say how many pages there are.

    One layout pass instead of reportlab's two-pass multiBuild: batches stay fast.
    """

    def __init__(self, *args: Any, decor: Decor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            _draw_decor(self, self._pageNumber, pages, self._decor)
            super().showPage()
        super().save()


def build(
    story: Sequence[Flowable],
    out: Output,
    *,
    lang: str,
    decor: Decor,
    pagesize: tuple[float, float],
    title: str,
    author: str,
) -> None:
    """Lay `story` out on pages with `decor` and write the PDF to a path or a binary file."""
    register_fonts()
    target: str | BinaryIO = str(out) if isinstance(out, str | Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=pagesize,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=19 * mm,
        bottomMargin=19 * mm,
        title=title,
        author=author,
        creator="cxdesk",
        lang=lang.replace("_", "-"),
        # Without this reportlab's canvas starts each page in Helvetica, a font never embedded.
        initialFontName=REGULAR,
        initialFontSize=9.5,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=functools.partial(_DecoratedCanvas, decor=decor))
