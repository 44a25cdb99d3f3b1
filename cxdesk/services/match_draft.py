"""The exchange a match makes: a new draft for the visitor, or the visitor's draft given a host."""

from __future__ import annotations

import dataclasses
from datetime import date

from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import Ecosystem, Status
from cxdesk.domain.records import Exchange
from cxdesk.services.matching import Match, Visitor, next_standard_week


def draft_for(
    db: Database,
    visitor: Visitor,
    host_uid: str,
    person_uid: str,
    start: date | None,
    end: date | None,
    match: Match | None = None,
    today: date | None = None,
) -> tuple[Exchange, Exchange | None]:
    """The exchange a match makes, not yet saved, and the record it replaces (for an edit).

    A visitor's draft gets the host (an edit of that draft); anyone else a new draft, from the
    dates given or next week's Monday to Friday, its ecosystem the first one shared.
    """
    if visitor.exchange is not None:
        original = visitor.exchange
        moved = dataclasses.replace(
            original, host_organisation_uid=host_uid, host_contact_uid=None, distance_km=None
        )
        return moved, original
    if start is None or end is None:
        start, end = next_standard_week(today)
    with db.sessions() as session:
        reference = Store(session).next_reference(start.year)
    ecosystem = Ecosystem(match.shared[0]) if match is not None and match.shared else None
    draft = Exchange(
        uid="",
        reference=reference,
        visitor_uid=person_uid,
        host_organisation_uid=host_uid,
        start_date=start,
        end_date=end,
        status=Status.DRAFT,
        ecosystem=ecosystem,
    )
    return draft, None
