"""A realistic agreement to preview, benchmark and test with (names in their own scripts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from cxdesk.domain.codes import Ecosystem, Purpose, Status, TravelMode
from cxdesk.pdf.content import (
    HALVED_SHORT_STAY,
    AgreementContent,
    OrganisationInfo,
    PartnershipInfo,
    VisitorInfo,
)


def sample_content(**changes: object) -> AgreementContent:
    """A Bulgarian visitor to a Greek host, four working days, so halved; override any field."""
    content = AgreementContent(
        reference="CX-2026-0042",
        status=Status.APPROVED,
        partnership=PartnershipInfo("BALKAN-AGRI", "Balkan Agri-Food Cluster Partnership"),
        visitor=VisitorInfo("Мария Иванова", "m.ivanova@example.bg", "Ръководител на проекти"),
        visiting_organisation=OrganisationInfo(
            "Клъстер Мехатроника и автоматизация", "Пловдив", "BG"
        ),
        host_organisation=OrganisationInfo("Ελληνικό Κέντρο Καινοτομίας", "Θεσσαλονίκη", "GR"),
        host_contact="Γιώργος Παπαδόπουλος",
        host_partnership=PartnershipInfo("MED-INNO", "Mediterranean Innovation Partnership"),
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 5),
        working_days=4,
        calendar_days=4,
        purposes=(Purpose.LEARN, Purpose.TECHNOLOGY),
        ecosystem=Ecosystem.AGRI_FOOD,
        travel_mode=TravelMode.GREEN,
        distance_km=Decimal("284.6"),
        ceiling=Decimal("950.00"),
        halved=True,
        halved_because=(HALVED_SHORT_STAY,),
        lump_sum=Decimal("475.00"),
        rates="defaults 2026",
        rates_valid_from=date(2026, 1, 1),
        issued_on=date(2026, 2, 10),
    )
    return replace(content, **changes)  # type: ignore[arg-type]
