"""Adding and editing an organisation from the window, through the same checks as `cxdesk set`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.db.convert import columns_of
from cxdesk.db.engine import Database
from cxdesk.db.store import Store, new_uid
from cxdesk.domain.codes import OrgKind
from cxdesk.domain.countries import is_participating, normalise_country
from cxdesk.domain.quote import Place, locate
from cxdesk.domain.records import Change, Organisation
from cxdesk.services import operations
from cxdesk.services.editing import (
    PLACE_FIELDS,
    RULE_FIELDS,
    check_place,
    exchange_reasons,
    recheck_exchanges,
    refuse_impossible,
)


@dataclass(frozen=True)
class SavedOrganisation:
    organisation: Organisation
    created: bool
    change: Change


def _clean(org: Organisation) -> Organisation:
    """Trim the typed text and refuse what the scheme or the rules cannot work with."""
    name, city = org.name.strip(), org.city.strip()
    if not name:
        raise UserError(_("An organisation needs a name."))
    if not city:
        raise UserError(_("An organisation needs a city."))
    try:
        country = normalise_country(org.country)
    except ValueError as exc:
        raise UserError(str(exc) + ".") from exc
    if not is_participating(country, today_utc()):
        raise UserError(_("{country} does not take part in the programme.").format(country=country))
    cleaned = dataclasses.replace(
        org,
        name=name,
        city=city,
        country=country,
        kind=OrgKind(org.kind),
        website=(org.website or "").strip() or None,
        email=(org.email or "").strip() or None,
        phone=(org.phone or "").strip() or None,
    )
    try:
        # Lump sums need the distance: without coordinates the city must be in the gazetteer.
        locate(Place(cleaned.city, cleaned.country, cleaned.latitude, cleaned.longitude))
    except ValueError as exc:
        raise UserError(str(exc) + ".") from exc
    return cleaned


def save_organisation(
    db: Database, org: Organisation, source: str = "editor", original: Organisation | None = None
) -> SavedOrganisation:
    """Create (empty uid) or update an organisation as one operation; only the fields that differ
    from `original` (the record as the person read it) are written, and a field someone else
    changed since is refused. Refuse the whole edit if a check fails."""
    cleaned = _clean(org)
    refuse_impossible(
        "organisations",
        {
            f: getattr(cleaned, f)
            for f in ("name", "city", "website", "email", "phone", "platform_id")
        },
    )

    def work(store: Store) -> Change:
        seen_place = original or (store.organisation(cleaned.uid) if cleaned.uid else None)
        check_place(
            seen_place,
            {
                f: getattr(cleaned, f)
                for f in PLACE_FIELDS
                if seen_place is None or getattr(cleaned, f) != getattr(seen_place, f)
            },
        )
        if cleaned.cluster_uid:
            cluster = store.organisation(cleaned.cluster_uid)
            if cluster.uid == cleaned.uid:
                raise UserError(_("An organisation cannot be a member of itself."))
        if not cleaned.uid:
            saved = store.add_organisation(dataclasses.replace(cleaned, uid=new_uid()), source)
            message = _("Organisation {name} added.").format(name=saved.name)
            return Change(frozenset({"organisations"}), frozenset({saved.uid}), message)
        seen = columns_of(original or store.organisation(cleaned.uid))
        values = {k: v for k, v in columns_of(cleaned).items() if k != "uid" and v != seen.get(k)}
        expected = {k: seen.get(k) for k in values}
        watched = any(f in values for f in RULE_FIELDS)
        before = exchange_reasons(store, cleaned.uid) if watched else {}
        changed = store.edit("organisations", cleaned.uid, values, source, expected=expected)
        # A new country or kind must not break the exchanges the organisation takes part in.
        warnings = recheck_exchanges(store, cleaned.uid, before) if watched else ()
        saved = store.organisation(cleaned.uid)
        message = (
            _("{name}: {fields} changed.").format(
                name=saved.name, fields=", ".join(sorted(changed))
            )
            if changed
            else _("{name}: nothing changed.").format(name=saved.name)
        )
        return Change(
            frozenset({"organisations"}), frozenset({saved.uid}), message, warnings=warnings
        )

    change = operations.run(db, work)
    (uid,) = change.uids
    with db.unit() as session:
        saved = Store(session).organisation(uid)
    return SavedOrganisation(saved, not cleaned.uid, change)
