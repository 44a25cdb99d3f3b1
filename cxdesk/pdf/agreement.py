"""The grant agreement and the Commitment to Quality of one exchange, in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from babel.lists import format_list
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from cxdesk.core.i18n import N_, country_name, format_day, format_money, format_number
from cxdesk.domain.codes import ECOSYSTEM_LABELS, PURPOSE_LABELS, TRAVEL_MODE_LABELS
from cxdesk.domain.rates import table_label
from cxdesk.pdf import texts as T
from cxdesk.pdf.content import AgreementContent
from cxdesk.pdf.layout import (
    DRAFT,
    PAGE_OF,
    Decor,
    Output,
    RuledLines,
    Translator,
    build,
    document_language,
    esc,
    para,
    para_text,
    styles,
)
from cxdesk.pdf.parts import (
    amounts,
    body,
    bullets,
    heading,
    key_values,
    lead,
    place,
    where,
)
from cxdesk.pdf.signature_places import HOST, VISITOR, Places, mark, partnership_field
from cxdesk.pdf.signatures import Signer, signatures


def _decor(c: AgreementContent, _: Translator, document: str) -> Decor:
    return Decor(
        header_left=f"ClusterXchange · {document}",
        header_right=c.reference,
        footer_left=f"{c.partnership.acronym} · {c.partnership.name}",
        page_of=_(PAGE_OF),
        watermark=_(DRAFT) if c.is_draft else None,
    )


def _period(c: AgreementContent, lang: str) -> str:
    return f"{format_day(c.start_date, lang, 'long')} – {format_day(c.end_date, lang, 'long')}"


def _visitor(c: AgreementContent, lang: str, _: Translator) -> Paragraph:
    v = c.visitor
    lines = [f"<b>{esc(v.full_name)}</b>"]
    if v.role:
        lines.append(esc(v.role))
    if v.email:
        lines.append(esc(v.email))
    vo = c.visiting_organisation
    lines.append(
        esc(_("representing {organisation}, {place}")).format(
            organisation=f"<b>{esc(vo.name)}</b>", place=esc(where(vo, lang))
        )
    )
    return para("<br/>".join(lines), styles().cell)


def _host(c: AgreementContent, lang: str, _: Translator) -> Paragraph:
    ho = c.host_organisation
    lines = [f"<b>{esc(ho.name)}</b>", esc(where(ho, lang))]
    if c.host_contact:
        lines.append(esc(_("Contact person: {name}")).format(name=esc(c.host_contact)))
    return para("<br/>".join(lines), styles().cell)


def _partnership(c: AgreementContent) -> str:
    return c.partnership.label


def _purposes(c: AgreementContent, _: Translator) -> Flowable | str:
    if not c.purposes:
        return "—"
    labels = [esc(_(PURPOSE_LABELS[p])) for p in c.purposes]
    return para("<br/>".join(f"•&nbsp;{label}" for label in labels), styles().cell)


def _title(title: str, subtitle: str) -> list[Flowable]:
    st = styles()
    return [para(esc(title), st.title), para(esc(subtitle), st.subtitle)]


def _agreement_story(
    c: AgreementContent, lang: str, _: Translator, places: Places | None = None
) -> list[Flowable]:
    st = styles()
    host_country = country_name(c.host_organisation.country, lang)
    story: list[Flowable] = _title(
        _("Grant agreement — ClusterXchange"),
        _("Agreement No. {reference} · issued on {date}").format(
            reference=c.reference, date=format_day(c.issued_on, lang, "long")
        ),
    )
    story.append(body(_(T.AGREEMENT_INTRO)))

    story.append(heading(1, _("The parties")))
    story.extend(
        key_values(
            [
                (
                    _("The Partnership"),
                    para(
                        esc(_(T.PARTNERSHIP_ROLE)).format(
                            partnership=f"<b>{esc(_partnership(c))}</b>"
                        ),
                        st.cell,
                    ),
                ),
                (_("The visitor"), _visitor(c, lang, _)),
                (_("The host organisation"), _host(c, lang, _)),
            ]
        )
    )

    story.append(heading(2, _("The exchange")))
    story.append(body(_(T.EXCHANGE_INTRO)))
    rows: list[tuple[str, Flowable | str]] = [
        (_("Period"), _period(c, lang)),
        (_("Working days at the host"), format_number(c.working_days, lang)),
        (_("Calendar days"), format_number(c.calendar_days, lang)),
        # TRANSLATORS: where the exchange takes place (a label; the value is "city, country").
        (_("Place"), para(esc(place(c, lang)), st.cell)),
        (_("Purposes"), _purposes(c, _)),
    ]
    if c.ecosystem is not None:
        rows.append((_("Industrial ecosystem"), _(ECOSYSTEM_LABELS[c.ecosystem])))
    # TRANSLATORS: a label; the value is "Standard travel" or "Green travel".
    rows.append((_("Travel"), _(TRAVEL_MODE_LABELS[c.travel_mode])))
    if c.distance_km is not None:
        rows.append(
            (
                _("Distance between the organisations"),
                _("{distance} km").format(distance=format_number(round(c.distance_km), lang)),
            )
        )
    story += key_values(rows)

    story.append(heading(3, _("The lump sum")))
    story.append(lead(_(T.LUMP_SUM_INTRO)))
    lines = [
        (
            _("Ceiling for exchanges hosted in {country}").format(country=host_country),
            format_money(c.ceiling, lang),
        )
    ]
    if c.halved:
        reasons = format_list([_(reason) for reason in c.halving_reasons()], locale=lang)
        # TRANSLATORS: {reasons} is one or two clauses such as "the exchange lasts fewer than
        # 5 working days", joined by the language's "and".
        label = _("Halved because {reasons}").format(reasons=reasons) if reasons else _("Halved")
        lines.append((label, format_money(c.lump_sum - c.ceiling, lang)))
    else:
        lines.append((_("Not halved: at least 5 working days and at least 200 km apart"), "—"))
    table = table_label(c.rates, _)
    if c.rates_valid_from is None:
        rates = _("Rate table: {rates}").format(rates=table)
    else:
        rates = _("Rate table: {rates}, valid from {date}").format(
            rates=table, date=format_day(c.rates_valid_from, lang, "long")
        )
    lines.append((rates, ""))
    story.append(amounts(lines, (_("Lump sum granted"), format_money(c.lump_sum, lang))))
    story.append(Spacer(1, 2 * mm))

    story.append(heading(4, _("Payment")))
    story.append(body(_(T.PAYMENT)))

    story.append(heading(5, _("Obligations of the visitor")))
    story.append(lead(_("The visitor undertakes:")))
    story += bullets([_(text) for text in T.VISITOR_OBLIGATIONS])

    story.append(heading(6, _("Obligations of the host organisation")))
    story.append(lead(_("The host organisation undertakes:")))
    story += bullets([_(text) for text in T.HOST_OBLIGATIONS])

    story.append(heading(7, _("Amounts not justified")))
    story.append(body(_(T.RECOVERY)))

    story.append(heading(8, _("Funding by the European Union")))
    story.append(body(_(T.EU_FUNDING)))
    story.append(para(esc(_(T.EU_DISCLAIMER)), st.small))

    story.append(heading(9, _("Data protection")))
    story.append(body(_(T.DATA_PROTECTION)))
    story.append(body(_(T.DATA_RIGHTS).format(partnership=_partnership(c))))

    story.append(heading(10, _("Applicable law and disputes")))
    # The visitor's partnership pays through its cluster organisation in the visiting
    # organisation's country: that country's law governs the payment it makes.
    story.append(
        body(
            _(T.APPLICABLE_LAW).format(country=country_name(c.visiting_organisation.country, lang))
        )
    )

    story.append(heading(11, _("Signatures")))
    story.append(lead(_(T.ENTRY_INTO_FORCE)))  # the signatures come with their heading
    rows = signatures(
        [
            Signer(_("For the Partnership"), _partnership(c), signatory=c.coordinator),
            Signer(_("The visitor"), c.visitor.full_name, personal=True),
            Signer(_("For the host organisation"), c.host_organisation.name),
        ],
        _,
    )
    # The agreement is signed by the visitor and the visitor's partnership (issue 21).
    story.extend(mark(rows, [partnership_field(c.partnership.acronym), VISITOR, None], places))
    return story


def _free_text(text: str | None, blank_lines: int) -> Flowable:
    if text and text.strip():
        return para(para_text(text), styles().body)
    return RuledLines(blank_lines)


def _agenda(text: str | None) -> list[Flowable]:
    """The agenda typed one line a day, a line each; ruled lines when nothing was typed."""
    days = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not days:
        return [RuledLines(8)]
    style = styles().bullet
    return [para(esc(day), style, "•") for day in days]


def _commitment_story(
    c: AgreementContent, lang: str, _: Translator, places: Places | None = None
) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = _title(
        _("Commitment to Quality — ClusterXchange"),
        _("Exchange No. {reference} · issued on {date}").format(
            reference=c.reference, date=format_day(c.issued_on, lang, "long")
        ),
    )
    story.append(body(_(T.COMMITMENT_INTRO)))
    hop = c.host_partnership
    rows: list[tuple[str, Flowable | str]] = [
        (_("The visitor"), _visitor(c, lang, _)),
        (_("The host organisation"), _host(c, lang, _)),
        (_("Partnership of the visiting organisation"), para(esc(_partnership(c)), st.cell)),
        (
            _("Partnership of the host organisation"),
            para(esc(hop.label), st.cell) if hop else "—",
        ),
        (_("Period"), _period(c, lang)),
        (_("Place"), para(esc(place(c, lang)), st.cell)),
        (_("Purposes"), _purposes(c, _)),
    ]
    if c.ecosystem is not None:
        rows.append((_("Industrial ecosystem"), _(ECOSYSTEM_LABELS[c.ecosystem])))
    story += key_values(rows)

    story.append(heading(1, _("Goals of the exchange")))
    story.append(_free_text(c.goals, 4))
    story.append(heading(2, _("Objectives and expected results")))
    story.append(_free_text(c.objectives, 4))
    story.append(heading(3, _("Agenda")))
    story += _agenda(c.agenda)

    story.append(heading(4, _("Commitments")))
    story += bullets([_(text) for text in T.COMMITMENTS])
    # Both organisations in one partnership: it signs once, as "the Partnership"; a host in no
    # partnership has none to sign for it.
    same = hop is not None and hop.acronym == c.partnership.acronym
    signers = [
        Signer(_("The visitor"), c.visitor.full_name, personal=True),
        Signer(_("For the host organisation"), c.host_organisation.name),
        Signer(
            _("For the Partnership")
            if same
            else _("For the partnership of the visiting organisation"),
            _partnership(c),
            signatory=c.coordinator,
        ),
    ]
    names: list[str | None] = [VISITOR, HOST, partnership_field(c.partnership.acronym)]
    if hop is not None and not same:
        signers.append(Signer(_("For the partnership of the host organisation"), hop.label))
        names.append(partnership_field(hop.acronym))
    rows = signatures(signers, _, per_row=2)
    story.extend(mark(rows, names, places))
    return story


Story = Callable[[AgreementContent, str, Translator, Places | None], list[Flowable]]


def _render(
    content: AgreementContent,
    out: Output,
    lang: str,
    title: str,
    story: Story,
    places: Places | None = None,
) -> None:
    """One document of an exchange as an A4 PDF in `lang`; `title` is the untranslated name.

    `places`, when given, is filled with where each party's signature field goes.
    """
    code, _ = document_language(lang)
    document = _(title)
    build(
        story(content, code, _, places),
        out,
        lang=code,
        decor=_decor(content, _, document),
        pagesize=A4,
        title=f"{document} {content.reference}",
        author=content.partnership.name,
    )


def render_agreement(
    content: AgreementContent, out: Output, lang: str, places: Places | None = None
) -> None:
    """Write the grant agreement of one exchange as an A4 PDF in `lang` (sentences and formats)."""
    _render(content, out, lang, N_("Grant agreement"), _agreement_story, places)


def render_commitment(
    content: AgreementContent, out: Output, lang: str, places: Places | None = None
) -> None:
    """Write the Commitment to Quality of one exchange as an A4 PDF in `lang`."""
    _render(content, out, lang, N_("Commitment to Quality"), _commitment_story, places)


_UNSAFE = re.compile(r"[^\w.-]+")


def file_name(reference: str) -> str:
    """A file name for a reference that is safe on every system (no / \\ : * ? and the like)."""
    return (_UNSAFE.sub("_", reference).strip("._") or "agreement") + ".pdf"


def render_agreements(
    contents: Iterable[AgreementContent],
    out_dir: str | Path,
    lang_for: Callable[[AgreementContent], str],
) -> list[Path]:
    """Write one grant agreement per exchange into `out_dir`, named by reference; return paths."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for content in contents:
        path = folder / file_name(content.reference)
        render_agreement(content, path, lang_for(content))
        written.append(path)
    return written
