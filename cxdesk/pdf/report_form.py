"""The closing-report form of one exchange: a fillable PDF in the visitor's language.

reportlab lays the page out and marks where each field goes; pypdf then adds the fields
(AcroForm) in a font that covers every script, since reportlab's own form fields only know
the 14 standard fonts, which have no Cyrillic or Greek.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from cxdesk.core.i18n import N_, format_day, format_money, format_number
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, REQUIRED_EVIDENCE
from cxdesk.pdf.content import AgreementContent
from cxdesk.pdf.form_font import RESOURCE, add_form_font
from cxdesk.pdf.layout import (
    ACCENT,
    PAGE_OF,
    RULE,
    SHADE,
    Decor,
    Output,
    Translator,
    build,
    document_language,
    esc,
    fit,
    para,
    styles,
)
from cxdesk.pdf.parts import body, bullets, heading, key_values, lead, place, where

#: The names of the fields, as `report-in` reads them back (cli.md).
FIELDS = (
    "reference",
    "actual_start",
    "actual_end",
    "activities",
    "results",
    "rating",
    "iban",
    "bic",
    "account_holder",
)
RATINGS = ("1", "2", "3", "4", "5")

_READ_ONLY = 1
_MULTILINE = 1 << 12
_COMBO = 1 << 17
_FONT_SIZE = 10.0

TITLE = N_("Closing report")
INSTRUCTIONS = N_(
    "Fill in this form on your computer, in any PDF reader (it works offline), save it and "
    "send it to the Partnership after the end of your exchange, with the evidence listed "
    "below. Give the dates your stay really took, what you did and what came out of it. The "
    "lump sum is paid to the account you give here once the report and its evidence are "
    "validated."
)
DATES_HINT = N_("Dates as YYYY-MM-DD, for example 2026-03-02; change them if your stay moved.")
RATING_HINT = N_("How satisfied are you with the exchange? 1 = not at all, 5 = very satisfied.")
BANK_HINT = N_(
    "The account the lump sum is paid to. The BIC is needed only when the bank asks for it. "
    "The bank details are used only for this payment."
)
DECLARATION = N_(
    "By sending this form, the visitor declares that the information in it and in the "
    "evidence is true and complete."
)


@dataclass
class _Placed:
    """A field as the page draws its box: where it went, filled in later by pypdf."""

    name: str
    page: int
    rect: tuple[float, float, float, float]
    value: str = ""
    multiline: bool = False
    read_only: bool = False
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Box:
    """One field of a row: its name, label, share of the row's width and starting value."""

    name: str
    label: str
    share: float = 1.0  # of the row's width, against the other boxes' shares
    value: str = ""
    options: tuple[str, ...] = ()
    read_only: bool = False


@dataclass
class _Collector:
    placed: list[_Placed] = field(default_factory=list)


class BoxRow(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Labelled boxes side by side; each box notes its place for the field laid over it."""

    GUTTER = 5 * mm
    LABEL = 11.0

    def __init__(
        self,
        boxes: Sequence[Box],
        collector: _Collector,
        height: float = 7.5 * mm,
        used: float = 1.0,
    ) -> None:
        super().__init__()
        self.boxes = list(boxes)
        self.collector = collector
        self.box_height = height
        self.used = used  # the share of the line the boxes take, from the left
        self.spaceBefore = 2.5
        self.spaceAfter = 2.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.LABEL + 2 + self.box_height
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        st = styles().small
        canv = self.canv
        room = self.width * self.used - self.GUTTER * (len(self.boxes) - 1)
        total = sum(box.share for box in self.boxes)
        x = 0.0
        for box in self.boxes:
            width = room * box.share / total
            canv.setFont(st.fontName, st.fontSize)
            canv.setFillColor(ACCENT)
            canv.drawString(
                x, self.height - st.fontSize, fit(box.label, st.fontName, st.fontSize, width)
            )
            # A box to fill is shaded; a given one (the reference) is not: it cannot be changed.
            canv.setFillColor(white if box.read_only else SHADE)
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.rect(x, 0, width, self.box_height, stroke=1, fill=1)
            left, bottom = canv.absolutePosition(x, 0)
            right, top = canv.absolutePosition(x + width, self.box_height)
            self.collector.placed.append(
                _Placed(
                    name=box.name,
                    page=canv.getPageNumber() - 1,
                    rect=(left, bottom, right, top),
                    value=box.value,
                    multiline=self.box_height > 10 * mm,
                    read_only=box.read_only,
                    options=box.options,
                )
            )
            x += width + self.GUTTER


def _widget(placed: _Placed) -> dict[Any, Any]:
    flags = (_READ_ONLY if placed.read_only else 0) | (_MULTILINE if placed.multiline else 0)
    size = 9.5 if placed.multiline else _FONT_SIZE
    shade = SHADE if not placed.read_only else white
    background = (shade.red, shade.green, shade.blue)
    widget: dict[Any, Any] = {
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/T"): TextStringObject(placed.name),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in placed.rect),
        NameObject("/F"): NumberObject(4),  # printed
        NameObject("/DA"): TextStringObject(f"{RESOURCE} {size:g} Tf 0 g"),
        NameObject("/MK"): DictionaryObject(
            {NameObject("/BG"): ArrayObject(FloatObject(v) for v in background)}
        ),
        NameObject("/V"): TextStringObject(placed.value),
    }
    if placed.options:
        widget[NameObject("/FT")] = NameObject("/Ch")
        widget[NameObject("/Opt")] = ArrayObject(TextStringObject(o) for o in placed.options)
        flags |= _COMBO
    else:
        widget[NameObject("/FT")] = NameObject("/Tx")
    widget[NameObject("/Ff")] = NumberObject(flags)
    return widget


def _add_fields(drawn: bytes, placed: list[_Placed], out: Output) -> None:
    """The laid-out pages with a field over each box, pre-filled values drawn in."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(drawn)))
    font = add_form_font(writer)
    fields = ArrayObject()
    for item in placed:
        annotation = writer.add_annotation(item.page, _widget(item))
        fields.append(annotation.indirect_reference)
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Fields"): fields,
                NameObject("/DR"): DictionaryObject(
                    {
                        NameObject("/Font"): DictionaryObject({NameObject(RESOURCE): font}),
                    }
                ),
                NameObject("/DA"): TextStringObject(f"{RESOURCE} {_FONT_SIZE:g} Tf 0 g"),
                # Readers draw what is typed (and what pypdf fills) themselves.
                NameObject("/NeedAppearances"): BooleanObject(True),
            }
        )
    )
    # Appearances for what is pre-filled, so even a reader that ignores NeedAppearances shows it.
    for number, page in enumerate(writer.pages):
        values = {p.name: p.value for p in placed if p.page == number and p.value}
        if values:
            writer.update_page_form_field_values(page, values, auto_regenerate=True)
    if isinstance(out, str | Path):
        with open(out, "wb") as handle:
            writer.write(handle)
    else:
        writer.write(out)


def _story(c: AgreementContent, lang: str, _: Translator, into: _Collector) -> list[Flowable]:
    st = styles()
    start, end = c.start_date.isoformat(), c.end_date.isoformat()
    story: list[Flowable] = [
        para(esc(_("Closing report — ClusterXchange")), st.title),
        para(
            esc(_("Exchange No. {reference} · {visitor}")).format(
                reference=esc(c.reference), visitor=esc(c.visitor.full_name)
            ),
            st.subtitle,
        ),
        body(_(INSTRUCTIONS)),
        heading(1, _("The exchange")),
    ]
    period = f"{format_day(c.start_date, lang, 'long')} – {format_day(c.end_date, lang, 'long')}"
    story += key_values(
        [
            (_("The visitor"), c.visitor.full_name),
            (
                _("Visiting organisation"),
                f"{c.visiting_organisation.name}, {where(c.visiting_organisation, lang)}",
            ),
            (_("The host organisation"), c.host_organisation.name),
            (_("Place"), place(c, lang)),
            (_("Planned period"), period),
            (_("Working days at the host"), format_number(c.working_days, lang)),
            (_("Lump sum granted"), format_money(c.lump_sum, lang)),
            (_("The Partnership"), c.partnership.label),
        ]
    )
    story.append(heading(2, _("Your report")))
    story.append(lead(_(DATES_HINT)))
    story.append(
        BoxRow(
            [
                Box("reference", _("Exchange No."), value=c.reference, read_only=True),
                Box("actual_start", _("First day of the stay"), value=start),
                Box("actual_end", _("Last day of the stay"), value=end),
            ],
            into,
        )
    )
    story.append(BoxRow([Box("activities", _("What you did, day by day"))], into, height=55 * mm))
    story.append(
        BoxRow(
            [Box("results", _("Results: contacts made, agreements, follow-up planned"))],
            into,
            height=40 * mm,
        )
    )
    story.append(lead(_(RATING_HINT)))
    story.append(BoxRow([Box("rating", _("Rating (1–5)"), options=RATINGS)], into, used=0.25))
    story.append(heading(3, _("Bank details for the payment")))
    story.append(lead(_(BANK_HINT)))
    story.append(
        BoxRow(
            [
                Box("iban", _("IBAN"), share=2.0),
                Box("bic", _("BIC (if your bank needs one)"), share=1.0),
            ],
            into,
        )
    )
    story.append(BoxRow([Box("account_holder", _("Account holder"))], into))
    story.append(heading(4, _("Evidence to send with this form")))
    story.append(lead(_("Attach a copy of each of these to your e-mail:")))
    story += bullets([_(EVIDENCE_KIND_LABELS[kind]) for kind in REQUIRED_EVIDENCE])
    story.append(Spacer(1, 3 * mm))
    story.append(body(_(DECLARATION)))
    return story


def render_report_form(content: AgreementContent, out: Output, lang: str) -> None:
    """Write the fillable closing-report form of one exchange as an A4 PDF in `lang`."""
    code, _ = document_language(lang)
    collector = _Collector()
    drawn = io.BytesIO()
    build(
        _story(content, code, _, collector),
        drawn,
        lang=code,
        decor=Decor(
            header_left=f"ClusterXchange · {_(TITLE)}",
            header_right=content.reference,
            footer_left=f"{content.partnership.acronym} · {content.partnership.name}",
            page_of=_(PAGE_OF),
        ),
        pagesize=A4,
        title=f"{_(TITLE)} {content.reference}",
        author=content.partnership.name,
    )
    _add_fields(drawn.getvalue(), collector.placed, out)
