"""Why a host is suggested, in words: ecosystems shared, how busy it is, distance, lump sum."""

from __future__ import annotations

from decimal import Decimal

from cxdesk.core.i18n import _, format_money, format_number, ngettext
from cxdesk.domain.rates import HALVING_DISTANCE_KM, HALVING_WORKING_DAYS
from cxdesk.domain.rules import ExchangeContext, sme_host_in_cluster
from cxdesk.services import display


def match_reasons(
    shared: tuple[str, ...],
    busy: int | None,
    distance: float,
    days: int,
    ceiling: Decimal,
    lump_sum: Decimal,
    host_country: str,
    context: ExchangeContext,
) -> list[str]:
    """The reasons of one match, in the ranking's order; `busy` None when no dates were given."""
    dated = busy is not None
    reasons: list[str] = []
    if shared:
        reasons.append(
            ngettext(
                "Shares {n} ecosystem with the visitor's organisation: {names}",
                "Shares {n} ecosystems with the visitor's organisation: {names}",
                len(shared),
            ).format(n=len(shared), names=", ".join(display.ecosystem(c) for c in shared))
        )
    else:
        reasons.append(_("Shares no ecosystem with the visitor's organisation"))
    if busy is not None:
        reasons.append(
            ngettext(
                "Already hosts {n} exchange on these dates",
                "Already hosts {n} exchanges on these dates",
                busy,
            ).format(n=busy)
            if busy
            else _("Hosts no other exchange on these dates")
        )
    km = format_number(distance)
    far = distance >= HALVING_DISTANCE_KM
    reasons.append(
        _("{km} km away: the lump sum is not halved for distance").format(km=km)
        if far
        else _("{km} km away, less than {minimum} km: the lump sum is halved").format(
            km=km, minimum=HALVING_DISTANCE_KM
        )
    )
    reasons.append(
        (
            ngettext(
                "Lump sum {amount} for {days} working day (ceiling {ceiling} for {country})",
                "Lump sum {amount} for {days} working days (ceiling {ceiling} for {country})",
                days,
            )
            if dated
            else ngettext(
                "Lump sum {amount} for a stay of {days} working day (ceiling {ceiling} for "
                "{country})",
                "Lump sum {amount} for a stay of {days} working days (ceiling {ceiling} for "
                "{country})",
                days,
            )
        ).format(
            amount=format_money(lump_sum),
            days=days,
            ceiling=format_money(ceiling),
            country=display.country(host_country),
        )
    )
    if days < HALVING_WORKING_DAYS:
        reasons.append(
            ngettext(
                "{days} working day there, fewer than {minimum}: the lump sum is halved",
                "{days} working days there, fewer than {minimum}: the lump sum is halved",
                days,
            ).format(days=days, minimum=HALVING_WORKING_DAYS)
        )
    reasons += sme_host_in_cluster(context)
    return reasons
