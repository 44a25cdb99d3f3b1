"""The rules' verdict on an exchange, in words: why it is refused, and how the lump sum is made."""

from __future__ import annotations

import html
from decimal import Decimal

from cxdesk.core.i18n import _, format_number, ngettext
from cxdesk.services import display
from cxdesk.services.browse import Verdict
from cxdesk.ui.style import BAD, GOOD, MUTED, WARN


def _row(label: str, value: str) -> str:
    return (
        f"<tr><td style='color:{MUTED}; padding-right:10px'>{html.escape(label)}</td>"
        f"<td>{value}</td></tr>"
    )


def verdict_html(
    verdict: Verdict,
    host_country: str | None = None,
    granted: Decimal | None = None,
    granted_moves: bool = False,
) -> str:
    """Refusals first (what to fix), then the amount and every step that made it."""
    parts: list[str] = []
    if verdict.ok:
        text = html.escape(_("Eligible"))
        parts.append(f"<p style='color:{GOOD}; font-weight:bold'>✔ {text}</p>")
    else:
        text = html.escape(_("Not eligible"))
        parts.append(f"<p style='color:{BAD}; font-weight:bold'>✖ {text}</p>")
    if verdict.reasons:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in verdict.reasons)
        parts.append(f"<ul style='color:{BAD}; margin-left:-20px'>{items}</ul>")
    if verdict.warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in verdict.warnings)
        parts.append(f"<ul style='color:{WARN}; margin-left:-20px'>{items}</ul>")
    quote = verdict.quote
    if quote is None:
        return "".join(parts)
    rows = [
        _row(
            _("Working days"),
            html.escape(
                ngettext(
                    "{days} at the host (of {calendar} calendar day)",
                    "{days} at the host (of {calendar} calendar days)",
                    quote.calendar_days,
                ).format(days=quote.working_days, calendar=quote.calendar_days)
            ),
        )
    ]
    if quote.holidays:
        lost = ", ".join(f"{display.day(day)} {name}" for day, name in quote.holidays)
        rows.append(_row(_("Holidays"), html.escape(lost)))
    rows.append(
        _row(_("Distance"), html.escape(_("{km} km").format(km=format_number(quote.distance_km))))
    )
    if host_country is None and quote.rate is not None:
        host_country = quote.rate.host_country
    where = display.country(host_country) if host_country else ""
    rows.append(
        _row(
            _("Ceiling"),
            html.escape(
                _("{amount} for {country}").format(
                    amount=display.money(quote.ceiling), country=where
                )
                if where
                else display.money(quote.ceiling)
            )
            + f"<br><span style='color:{MUTED}'>{html.escape(quote.rates)}</span>",
        )
    )
    if quote.halved:
        because = "<br>".join(html.escape(b) for b in quote.halved_because)
        rows.append(_row(_("Halved"), because))
    else:
        rows.append(_row(_("Halved"), html.escape(_("no"))))
    rows.append(
        _row(_("Lump sum"), f"<b style='font-size:12pt'>{display.money(quote.lump_sum)}</b>")
    )
    if granted is not None and granted_moves and granted != quote.lump_sum:
        rows.append(
            _row(
                _("Granted"),
                f"<span style='color:{WARN}; font-weight:bold'>"
                + html.escape(
                    _("{old} was granted: saving changes it to {new}").format(
                        old=display.money(granted), new=display.money(quote.lump_sum)
                    )
                )
                + "</span>",
            )
        )
    parts.append("<table cellspacing='3'>" + "".join(rows) + "</table>")
    return "".join(parts)
