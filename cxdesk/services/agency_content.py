"""The agency report's figures put into words of one language: titles, names, rules, the list."""

from __future__ import annotations

from datetime import date
from typing import Any

from cxdesk.core.i18n import N_, country_name, format_day
from cxdesk.domain.codes import (
    ECOSYSTEM_LABELS,
    ORG_KIND_LABELS,
    PURPOSE_LABELS,
    STATUS_LABELS,
    TRAVEL_MODE_LABELS,
    Ecosystem,
    OrgKind,
    Purpose,
    Status,
    TravelMode,
)
from cxdesk.pdf.agency_report import AgencyContent, Breakdown, BreakdownLine, SummaryLine
from cxdesk.services.agency_figures import AgencyFigures, period_text, translator

Listing = tuple[list[str], list[list[Any]]]


def _label(labels: dict[Any, str], kind: type[Any], code: str, t: Any) -> str:
    """A code's translated name; an unknown code as it is, an empty one as "not set"."""
    if not code:
        return str(t(N_("(not set)")))
    try:
        return str(t(labels[kind(code)]))
    except (ValueError, KeyError):
        return code


def _countries(counts: dict[str, Any], lang: str) -> tuple[BreakdownLine, ...]:
    return tuple(BreakdownLine(c, country_name(c, lang), (n,)) for c, n in counts.items())


def _breakdowns(f: AgencyFigures, lang: str, t: Any) -> tuple[Breakdown, ...]:
    code, exchanges, country = t(N_("Code")), t(N_("Exchanges")), t(N_("Country"))

    def coded(
        labels: dict[Any, str], kind: type[Any], counts: dict[str, int]
    ) -> tuple[BreakdownLine, ...]:
        return tuple(BreakdownLine(c, _label(labels, kind, c, t), (n,)) for c, n in counts.items())

    kinds = tuple(
        BreakdownLine(k.kind, _label(ORG_KIND_LABELS, OrgKind, k.kind, t),
                      (k.taking_part, k.visiting, k.hosting))
        for k in f.kinds
    )  # fmt: skip
    return (
        Breakdown(
            key="status", sheet=t(N_("Status")), title=t(N_("Exchanges by status")),
            headers=(code, t(N_("Status")), exchanges),
            lines=coded(STATUS_LABELS, Status, f.by_status), chart="pie",
            note=t(N_("Every exchange of the period, cancelled and rejected ones included: "
                      "the only place they count.")),
        ),
        Breakdown(
            key="ecosystem", sheet=t(N_("Ecosystems")),
            title=t(N_("Exchanges by industrial ecosystem")),
            headers=(code, t(N_("Ecosystem")), exchanges),
            lines=coded(ECOSYSTEM_LABELS, Ecosystem, f.by_ecosystem),
        ),
        Breakdown(
            key="purpose", sheet=t(N_("Purposes")), title=t(N_("Exchanges by purpose")),
            headers=(code, t(N_("Purpose")), exchanges),
            lines=coded(PURPOSE_LABELS, Purpose, f.by_purpose),
            note=t(N_("An exchange with two purposes counts under each of them.")),
        ),
        Breakdown(
            key="host_country", sheet=t(N_("Host countries")),
            title=t(N_("Exchanges by host country")), headers=(code, country, exchanges),
            lines=_countries(f.by_host_country, lang),
        ),
        Breakdown(
            key="visitor_country", sheet=t(N_("Visitor countries")),
            title=t(N_("Exchanges by visitor country")), headers=(code, country, exchanges),
            lines=_countries(f.by_visitor_country, lang),
        ),
        Breakdown(
            key="kind", sheet=t(N_("Kinds of organisation")),
            title=t(N_("Organisations taking part by kind")),
            headers=(code, t(N_("Kind of organisation")), t(N_("Taking part")),
                     t(N_("Visiting")), t(N_("Hosting"))),
            lines=kinds, chart="pie",
            note=t(N_("Each organisation counts once, however many exchanges it has; one "
                      "that visits and hosts is in both of those columns.")),
        ),
        Breakdown(
            key="granted", sheet=t(N_("Granted by country")),
            title=t(N_("Lump sums granted by host country")),
            headers=(code, country, t(N_("Granted (EUR)"))),
            lines=_countries(f.granted_by_host_country, lang), money=True,
        ),
    )  # fmt: skip


def _summary(f: AgencyFigures, t: Any) -> tuple[SummaryLine, ...]:
    return (
        SummaryLine(t(N_("Exchanges starting in the period, every status")), f.total),
        SummaryLine(t(N_("Exchanges counted (not cancelled or rejected)")), f.counted),
        SummaryLine(t(N_("Exchanges approved or later")), f.approved_or_later),
        SummaryLine(t(N_("Organisations taking part (each counted once)")),
                    f.organisations_taking_part),
        SummaryLine(t(N_("SMEs among the visiting organisations")), f.sme_visitors),
        SummaryLine(t(N_("Exchanges with green travel")), f.green_travel),
        SummaryLine(t(N_("Working days spent at the hosts")), f.working_days),
        SummaryLine(t(N_("Lump sums granted")), f.granted_total, money=True),
        SummaryLine(t(N_("Lump sums paid")), f.paid_total, money=True),
    )  # fmt: skip


def _listing(f: AgencyFigures, t: Any) -> Listing:
    headers = [
        t(N_("Reference")), t(N_("Status")), t(N_("Start")), t(N_("End")),
        t(N_("Visiting organisation")), t(N_("Visitor country")), t(N_("Visitor's kind")),
        t(N_("Host organisation")), t(N_("Host country")), t(N_("Host's kind")),
        t(N_("Ecosystem")), t(N_("Purposes")), t(N_("Travel")),
        t(N_("Lump sum (EUR)")), t(N_("Paid (EUR)")),
    ]  # fmt: skip
    rows = [
        [
            e.reference,
            _label(STATUS_LABELS, Status, e.status, t),
            e.start,
            e.end,
            e.visiting_organisation,
            e.visitor_country,
            _label(ORG_KIND_LABELS, OrgKind, e.visitor_kind, t),
            e.host_organisation,
            e.host_country,
            _label(ORG_KIND_LABELS, OrgKind, e.host_kind, t),
            _label(ECOSYSTEM_LABELS, Ecosystem, e.ecosystem, t),
            "; ".join(_label(PURPOSE_LABELS, Purpose, p, t) for p in e.purposes.split(";") if p),
            _label(TRAVEL_MODE_LABELS, TravelMode, e.travel_mode, t),
            e.lump_sum,
            e.paid,
        ]
        for e in f.exchanges
    ]
    return headers, rows


def build_content(f: AgencyFigures, lang: str, today: date) -> tuple[AgencyContent, Listing]:
    """The report in `lang`: what the PDF draws and the workbook holds, and the exchanges."""
    t = translator(lang)
    period = period_text(f.first, f.last, lang)
    partnership = f.partnership or t(N_("no partnership yet"))
    content = AgencyContent(
        lang=lang,
        title=t(N_("ClusterXchange results")),
        subtitle=t(N_("Partnership {partnership} · period: {period}")).format(
            partnership=partnership, period=period
        ),
        made_on=t(N_("Made on {date}")).format(date=format_day(today, lang, "long")),
        footer=t(N_("{partnership} · report for the agency · {period}")).format(
            partnership=partnership, period=period
        ),
        summary=_summary(f, t),
        breakdowns=_breakdowns(f, lang, t),
        notes=(
            t(
                N_(
                    "An exchange counts once, in the partnership that pays it (the visiting "
                    "organisation's), when it starts in the period."
                )
            ),
            t(N_("Cancelled and rejected exchanges count only under their status.")),
            t(
                N_(
                    "Organisations take part, and green travel counts, when their exchange is "
                    "approved or later (approved, signed, completed, reported, paid)."
                )
            ),
            t(
                N_(
                    "Amounts in EUR: granted is the lump sums of those exchanges, paid what was "
                    "paid to the exchanges of the period."
                )
            ),
        ),  # fmt: skip
        empty=t(N_("Nothing to count in this period.")),
    )
    return content, _listing(f, t)
