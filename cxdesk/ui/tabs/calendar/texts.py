"""What the calendar says about a stay or a day: bar labels and tooltips, in the reader's words."""

from __future__ import annotations

from datetime import date

from cxdesk.core.i18n import _, country_name, format_day
from cxdesk.domain.codes import STATUS_LABELS, Status
from cxdesk.services.calendar import CalendarView, Holiday, SpanRow, clash_text


def bar_text(span: SpanRow, week_mode: bool) -> str:
    """A bar's label: the whole stay in a week, the reference and host country in a month."""
    if week_mode:
        return _("{reference} · {visitor} → {host} ({country})").format(
            reference=span.reference,
            visitor=span.visitor,
            host=span.host_organisation,
            country=span.host_country,
        )
    return _("{reference} · {country}").format(reference=span.reference, country=span.host_country)


def span_tooltip(span: SpanRow, view: CalendarView) -> str:
    """A stay in full: status, visitor, host, dates, the host's holidays in it, its clashes."""
    lines = [
        f"{span.reference} — {_(STATUS_LABELS[Status(span.status)])}",
        _("Visitor: {name} ({organisation})").format(
            name=span.visitor, organisation=span.visiting_organisation
        ),
        _("Host: {name}, {country}").format(
            name=span.host_organisation, country=country_name(span.host_country)
        ),
        _("{start} to {end}").format(
            start=format_day(span.start_date), end=format_day(span.end_date)
        ),
    ]
    for h in view.holidays:
        if h.country == span.host_country and span.start_date <= h.day <= span.end_date:
            lines.append(
                _("Holiday at the host: {name}, {day}").format(name=h.name, day=format_day(h.day))
            )
    for clash in view.clashes:
        if span.uid in (clash.first_uid, clash.second_uid):
            lines.append("⚠ " + clash_text(clash))
    return "\n".join(lines)


def day_tooltip(day: date, holidays: list[Holiday], hidden: int) -> str:
    """A day's holidays and whether some stays are hidden under "more"; "" when nothing to say."""
    lines = [format_day(day, fmt="full")]
    for h in holidays:
        lines.append(
            _("{name} — public holiday in {country}").format(
                name=h.name, country=country_name(h.country)
            )
        )
    if hidden:
        lines.append(_("Click “more” to see the whole week."))
    return "\n".join(lines) if len(lines) > 1 else ""
