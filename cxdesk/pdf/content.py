"""What a grant agreement prints: frozen records the service layer fills from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cxdesk.core.i18n import N_
from cxdesk.domain.codes import GRANTED_STATUSES, Ecosystem, Purpose, Status, TravelMode

#: The reasons for halving, as the documents translate them. Pass these in `halved_because`
#: (English source strings: the document translates them into its own language, which is not
#: the window's); any other string is printed as given. Left empty, they are worked out from
#: `working_days` and `distance_km`.
HALVED_SHORT_STAY = N_("the exchange lasts fewer than 5 working days")
HALVED_SHORT_DISTANCE = N_("the two organisations are less than 200 km apart")
# The scheme's thresholds, as the sentences above state them.
HALVING_WORKING_DAYS = 5
HALVING_DISTANCE_KM = 200


@dataclass(frozen=True)
class PartnershipInfo:
    acronym: str
    name: str

    @property
    def label(self) -> str:
        """The name and acronym, or the acronym alone where the desk knows no other name."""
        return self.acronym if self.name in ("", self.acronym) else f"{self.name} ({self.acronym})"


@dataclass(frozen=True)
class OrganisationInfo:
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-2 (GR, GB); printed as the country's name in the language


@dataclass(frozen=True)
class VisitorInfo:
    full_name: str
    email: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class AgreementContent:
    """One exchange as its grant agreement and Commitment to Quality show it.

    `partnership` is the visitor's partnership (VOP), which pays the lump sum and signs the
    agreement; `host_partnership` (HOP) also signs the Commitment to Quality.
    """

    reference: str
    status: Status
    partnership: PartnershipInfo
    visitor: VisitorInfo
    visiting_organisation: OrganisationInfo
    host_organisation: OrganisationInfo
    start_date: date
    end_date: date
    working_days: int
    calendar_days: int
    purposes: tuple[Purpose, ...]
    travel_mode: TravelMode
    ceiling: Decimal
    halved: bool
    lump_sum: Decimal
    rates: str  # the rate table's name, e.g. "defaults 2026"
    issued_on: date
    host_contact: str | None = None
    host_partnership: PartnershipInfo | None = None
    ecosystem: Ecosystem | None = None
    distance_km: Decimal | None = None
    #: English source strings (see HALVED_*), translated in the document's language.
    halved_because: tuple[str, ...] = ()
    rates_valid_from: date | None = None
    #: Where the exchange takes place when not at the host's address; default: host city, country.
    place: str | None = None
    # The Commitment to Quality; when empty, the form prints ruled lines to fill in by hand.
    goals: str | None = None
    objectives: str | None = None
    agenda: str | None = None
    #: Who signs for the Partnership, when the desk knows a name; else a line to write it on.
    coordinator: str | None = None

    @property
    def is_draft(self) -> bool:
        """Not (yet) approved: every page carries a DRAFT watermark."""
        return self.status not in GRANTED_STATUSES

    def halving_reasons(self) -> tuple[str, ...]:
        """Why the lump sum is halved (English source strings); empty when it is not."""
        if not self.halved:
            return ()
        if self.halved_because:
            return self.halved_because
        reasons = []
        if self.working_days < HALVING_WORKING_DAYS:
            reasons.append(HALVED_SHORT_STAY)
        if self.distance_km is not None and self.distance_km < HALVING_DISTANCE_KM:
            reasons.append(HALVED_SHORT_DISTANCE)
        return tuple(reasons)


@dataclass(frozen=True)
class CertificateContent:
    """The certificate of participation: the exchange and the stay actually taken.

    The dates are the closing report's actual dates when a report gave them, else the planned
    ones; `working_days` counts the days at the host over those dates.
    """

    exchange: AgreementContent
    start_date: date
    end_date: date
    working_days: int
    issued_on: date
