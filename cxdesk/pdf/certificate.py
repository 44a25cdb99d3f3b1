"""The certificate of participation of one exchange: one A4 landscape page, in its language."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Spacer

from cxdesk.core.i18n import N_, format_day, translations_for
from cxdesk.domain.codes import PURPOSE_LABELS
from cxdesk.pdf import texts as T
from cxdesk.pdf.content import CertificateContent
from cxdesk.pdf.fonts import BOLD, REGULAR, register_fonts
from cxdesk.pdf.layout import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    Output,
    Translator,
    document_language,
    esc,
    fit,
    para,
    styles,
)
from cxdesk.pdf.parts import where

TITLE = N_("Certificate of participation")
_PAGE = landscape(A4)
_MARGIN = 14 * mm


def _centred(name: str, size: float, *, bold: bool = False, colour: object = INK) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        parent=styles().cell,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * 1.3,
        alignment=TA_CENTER,
        textColor=colour,
        spaceAfter=size * 0.35,
    )


def _story(c: CertificateContent, lang: str, _: Translator) -> list[Flowable]:
    e = c.exchange
    text = _centred("certificate_text", 12)
    name = _centred("certificate_name", 26, bold=True, colour=ACCENT)
    org = _centred("certificate_org", 14, bold=True)
    small = _centred("certificate_small", 10.5, colour=MUTED)
    period = _("from {start} to {end}").format(
        start=format_day(c.start_date, lang, "long"), end=format_day(c.end_date, lang, "long")
    )
    days = (
        translations_for(lang)
        .ngettext("{n} working day at the host", "{n} working days at the host", c.working_days)
        .format(n=c.working_days)
    )
    story: list[Flowable] = [
        para(esc(_("This is to certify that")), text),
        para(esc(e.visitor.full_name), name),
        para(
            esc(_("of {organisation}, {place}")).format(
                organisation=f"<b>{esc(e.visiting_organisation.name)}</b>",
                place=esc(where(e.visiting_organisation, lang)),
            ),
            text,
        ),
        Spacer(1, 2 * mm),
        para(esc(_("took part in a ClusterXchange exchange hosted by")), text),
        para(esc(e.host_organisation.name), org),
        para(esc(where(e.host_organisation, lang)), text),
        Spacer(1, 2 * mm),
        para(esc(f"{period} ({days})"), _centred("certificate_period", 12, bold=True)),
    ]
    story.append(
        para(
            esc(
                _("within the partnership {partnership}, exchange No. {reference}.").format(
                    partnership=e.partnership.label,
                    reference=e.reference,
                )
            ),
            text,
        )
    )
    if e.purposes:
        # Labels, not clauses: set apart by dots rather than joined into a sentence.
        purposes = " · ".join(_(PURPOSE_LABELS[p]) for p in e.purposes)
        story.append(para(esc(_("Purposes: {purposes}").format(purposes=purposes)), text))
    story.append(Spacer(1, 3 * mm))
    story.append(para(esc(_(T.EU_FUNDING_SHORT)), small))
    return story


def _frame(canv: Canvas) -> None:
    """A double border in the accent colour and the title band."""
    width, height = _PAGE
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(2.2)
    canv.rect(_MARGIN, _MARGIN, width - 2 * _MARGIN, height - 2 * _MARGIN)
    canv.setLineWidth(0.6)
    inset = _MARGIN + 2.2 * mm
    canv.rect(inset, inset, width - 2 * inset, height - 2 * inset)


def _signature(canv: Canvas, c: CertificateContent, lang: str, _: Translator) -> None:
    """Place and date on the left, the coordinator's signature line on the right."""
    width, _height = _PAGE
    st = styles()
    line_y = 38 * mm
    column = 80 * mm
    left = 40 * mm
    right = width - 40 * mm - column
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.setFont(REGULAR, 11)
    canv.setFillColor(INK)
    canv.drawCentredString(
        left + column / 2, line_y + 2.5 * mm, format_day(c.issued_on, lang, "long")
    )
    coordinator = c.exchange.coordinator
    if coordinator:
        canv.drawCentredString(
            right + column / 2, line_y + 2.5 * mm, fit(coordinator, REGULAR, 11, column)
        )
    for x, label in ((left, _("Place and date")), (right, _("Signature of the coordinator"))):
        canv.line(x, line_y, x + column, line_y)
        canv.setFont(st.small.fontName, 8.5)
        canv.setFillColor(MUTED)
        canv.drawCentredString(x + column / 2, line_y - 4.5 * mm, label)
    partnership = c.exchange.partnership
    lines = simpleSplit(partnership.label, REGULAR, 8.5, column)
    for i, line in enumerate(lines[:2]):  # two lines at most: the frame is below
        if i == 1 and len(lines) > 2:
            line = fit(line + "…", REGULAR, 8.5, column)
        canv.drawCentredString(right + column / 2, line_y - (9 + 3.8 * i) * mm, line)


def render_certificate(content: CertificateContent, out: Output, lang: str) -> None:
    """Write the certificate of participation as one A4 landscape page in `lang`."""
    register_fonts()
    code, _ = document_language(lang)
    target = str(out) if isinstance(out, str | Path) else out
    title = _(TITLE)
    canv = Canvas(target, pagesize=_PAGE, initialFontName=REGULAR, lang=code.replace("_", "-"))
    canv.setTitle(f"{title} {content.exchange.reference}")
    canv.setAuthor(content.exchange.partnership.name)
    canv.setCreator("cxdesk")
    width, height = _PAGE
    _frame(canv)
    canv.setFillColor(ACCENT)
    canv.setFont(BOLD, 30)
    canv.drawCentredString(width / 2, height - 42 * mm, fit(title, BOLD, 30, width - 70 * mm))
    canv.setFont(REGULAR, 13)
    canv.setFillColor(MUTED)
    canv.drawCentredString(width / 2, height - 51 * mm, "ClusterXchange")
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(1)
    canv.line(width / 2 - 30 * mm, height - 56 * mm, width / 2 + 30 * mm, height - 56 * mm)
    room = (width - 70 * mm, height - 112 * mm)
    # A long name or many purposes shrink the text rather than push it off the one page.
    body = KeepInFrame(*room, _story(content, code, _), mode="shrink")
    frame = Frame(
        35 * mm,
        50 * mm,
        *room,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    frame.addFromList([body], canv)
    _signature(canv, content, code, _)
    canv.showPage()
    canv.save()
