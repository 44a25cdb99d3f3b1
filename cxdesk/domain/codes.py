"""The scheme's code lists: kinds of organisation, statuses, purposes, ecosystems, travel modes."""

from __future__ import annotations

from enum import StrEnum

from cxdesk.core.i18n import N_


class OrgKind(StrEnum):
    CLUSTER_ORGANISATION = "cluster_organisation"
    BUSINESS_NETWORK = "business_network"
    SME = "sme"
    TECH_CENTRE = "tech_centre"
    RESEARCH_INSTITUTE = "research_institute"
    INNOVATION_HUB = "innovation_hub"
    FAB_LAB = "fab_lab"
    CREATIVE_HUB = "creative_hub"
    RESOURCE_EFFICIENCY_PROVIDER = "resource_efficiency_provider"
    INCUBATOR = "incubator"
    ACCELERATOR = "accelerator"
    OTHER = "other"


ORG_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.CLUSTER_ORGANISATION: N_("Cluster organisation"),
    OrgKind.BUSINESS_NETWORK: N_("Business network organisation"),
    OrgKind.SME: N_("SME"),
    OrgKind.TECH_CENTRE: N_("Technology centre"),
    OrgKind.RESEARCH_INSTITUTE: N_("Research institute"),
    OrgKind.INNOVATION_HUB: N_("Innovation hub"),
    OrgKind.FAB_LAB: N_("Fab lab"),
    OrgKind.CREATIVE_HUB: N_("Creative hub"),
    OrgKind.RESOURCE_EFFICIENCY_PROVIDER: N_("Resource-efficiency service provider"),
    OrgKind.INCUBATOR: N_("Incubator"),
    OrgKind.ACCELERATOR: N_("Accelerator"),
    OrgKind.OTHER: N_("Other organisation"),
}


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    SIGNED = "signed"
    COMPLETED = "completed"
    REPORTED = "reported"
    PAID = "paid"
    CANCELLED = "cancelled"


STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: N_("Draft"),
    Status.SUBMITTED: N_("Submitted"),
    Status.APPROVED: N_("Approved"),
    Status.REJECTED: N_("Rejected"),
    Status.SIGNED: N_("Signed"),
    Status.COMPLETED: N_("Completed"),
    Status.REPORTED: N_("Reported"),
    Status.PAID: N_("Paid"),
    Status.CANCELLED: N_("Cancelled"),
}

#: Statuses whose lump sum is granted (counted as committed money, not forecast).
GRANTED_STATUSES = frozenset(
    {Status.APPROVED, Status.SIGNED, Status.COMPLETED, Status.REPORTED, Status.PAID}
)
#: Statuses that are only a forecast in the budget.
FORECAST_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED})
#: Statuses that do not count as an organisation's visit.
VOID_STATUSES = frozenset({Status.REJECTED, Status.CANCELLED})


class Purpose(StrEnum):
    LEARN = "learn"
    MARKETS = "markets"
    TECHNOLOGY = "technology"
    COLLABORATION = "collaboration"


PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.LEARN: N_("Learn from actors in another cluster"),
    Purpose.MARKETS: N_("Explore growth opportunities in new markets"),
    Purpose.TECHNOLOGY: N_("Take up new technologies, digitalisation and green solutions"),
    Purpose.COLLABORATION: N_("Invest in strategic interregional collaboration"),
}


class Ecosystem(StrEnum):
    AEROSPACE_DEFENCE = "aerospace_defence"
    AGRI_FOOD = "agri_food"
    CONSTRUCTION = "construction"
    CULTURAL_CREATIVE = "cultural_creative"
    DIGITAL = "digital"
    ELECTRONICS = "electronics"
    ENERGY_INTENSIVE = "energy_intensive"
    RENEWABLE_ENERGY = "renewable_energy"
    HEALTH = "health"
    MOBILITY_TRANSPORT_AUTOMOTIVE = "mobility_transport_automotive"
    PROXIMITY_SOCIAL = "proximity_social"
    RETAIL = "retail"
    TEXTILE = "textile"
    TOURISM = "tourism"


ECOSYSTEM_LABELS: dict[Ecosystem, str] = {
    Ecosystem.AEROSPACE_DEFENCE: N_("Aerospace and defence"),
    Ecosystem.AGRI_FOOD: N_("Agri-food"),
    Ecosystem.CONSTRUCTION: N_("Construction"),
    Ecosystem.CULTURAL_CREATIVE: N_("Cultural and creative industries"),
    Ecosystem.DIGITAL: N_("Digital"),
    Ecosystem.ELECTRONICS: N_("Electronics"),
    Ecosystem.ENERGY_INTENSIVE: N_("Energy-intensive industries"),
    Ecosystem.RENEWABLE_ENERGY: N_("Renewable energy"),
    Ecosystem.HEALTH: N_("Health"),
    Ecosystem.MOBILITY_TRANSPORT_AUTOMOTIVE: N_("Mobility, transport and automotive"),
    Ecosystem.PROXIMITY_SOCIAL: N_("Proximity, social economy and civil security"),
    Ecosystem.RETAIL: N_("Retail"),
    Ecosystem.TEXTILE: N_("Textile"),
    Ecosystem.TOURISM: N_("Tourism"),
}


class TravelMode(StrEnum):
    STANDARD = "standard"
    GREEN = "green"


TRAVEL_MODE_LABELS: dict[TravelMode, str] = {
    TravelMode.STANDARD: N_("Standard travel"),
    TravelMode.GREEN: N_("Green travel"),
}


class PaymentKind(StrEnum):
    LUMP_SUM = "lump_sum"
    PREFINANCING = "prefinancing"
    BALANCE = "balance"


PAYMENT_KIND_LABELS: dict[PaymentKind, str] = {
    PaymentKind.LUMP_SUM: N_("Lump sum"),
    PaymentKind.PREFINANCING: N_("Pre-financing"),
    PaymentKind.BALANCE: N_("Balance"),
}


class EvidenceKind(StrEnum):
    """What proves a visit took place (domain-rules.md, "Closing an exchange")."""

    TRAVEL = "travel"
    ACCOMMODATION = "accommodation"
    ATTENDANCE = "attendance"
    OTHER = "other"


EVIDENCE_KIND_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.TRAVEL: N_("Travel tickets or boarding passes"),
    EvidenceKind.ACCOMMODATION: N_("Accommodation invoice"),
    EvidenceKind.ATTENDANCE: N_("Attendance confirmation signed by the host"),
    EvidenceKind.OTHER: N_("Other evidence"),
}

#: Each of these must be attached or waived with a reason before a report is validated.
REQUIRED_EVIDENCE: tuple[EvidenceKind, ...] = (
    EvidenceKind.TRAVEL,
    EvidenceKind.ACCOMMODATION,
    EvidenceKind.ATTENDANCE,
)


class BatchStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
