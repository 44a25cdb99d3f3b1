"""The clauses of the grant agreement and the Commitment to Quality, as English source strings.

Kept together so translators and reviewers read the legal text in one place; the documents
translate each clause with the catalog of the document's language.
"""

from __future__ import annotations

from cxdesk.core.i18n import N_

AGREEMENT_INTRO = N_(
    "ClusterXchange supports short-term exchanges between actors of European clusters to "
    "connect Europe's industrial ecosystems. This agreement sets the lump sum granted for one "
    "exchange and the conditions of its payment."
)
PARTNERSHIP_ROLE = N_(
    "{partnership}, the partnership of the visiting organisation, which pays the lump sum "
    "(hereinafter “the Partnership”)"
)
EXCHANGE_INTRO = N_(
    "The visitor spends the period below with the host organisation, in another country, for "
    "the purposes stated. Travel days are not counted as working days."
)
LUMP_SUM_INTRO = N_(
    "The Partnership grants the visitor one lump sum for travel and accommodation. It is the "
    "ceiling set for the host country, halved when the exchange lasts fewer than 5 working days "
    "or when the two organisations are less than 200 km apart. The amount does not depend on "
    "the costs actually incurred."
)
PAYMENT = N_(
    "The Partnership pays the lump sum to the visitor in one single payment, without any "
    "advance, within 10 days of validating the visitor's closing report and its evidence. If "
    "the exchange does not take place, or if the closing report and its evidence are not "
    "validated, the lump sum is not due."
)
VISITOR_OBLIGATIONS = (
    N_(
        "to carry out the exchange with the host organisation on the dates and at the place "
        "stated above, following the agenda agreed in the Commitment to Quality;"
    ),
    N_(
        "to inform the Partnership without delay of any change of dates or cancellation; a "
        "change of dates may change the lump sum;"
    ),
    N_("to submit a closing report on the exchange to the Partnership after its end;"),
    N_(
        "to provide evidence of the travel and the stay: travel tickets or boarding passes, "
        "and accommodation invoices, and to keep them for any check by the Partnership."
    ),
)
HOST_OBLIGATIONS = (
    N_("to receive the visitor on the dates stated above and to carry out the agreed agenda;"),
    N_("to confirm to the Partnership that the exchange took place."),
)
ENTRY_INTO_FORCE = N_(
    "This agreement takes effect on the date of the last signature. Each party keeps a signed copy."
)

COMMITMENT_INTRO = N_(
    "The visitor, the host organisation and the partnerships of both organisations agree on "
    "the goals, the objectives and the agenda of the exchange below, and commit to carrying it "
    "out to a high standard."
)
COMMITMENTS = (
    N_(
        "The visitor prepares the exchange, takes an active part in the agenda and shares what "
        "was learnt with the visiting organisation and its cluster."
    ),
    N_(
        "The host organisation receives the visitor, carries out the agenda and gives the "
        "visitor access to the people, places and information the agenda requires."
    ),
    N_(
        "The partnerships support the visitor and the host before, during and after the "
        "exchange, and follow up its results."
    ),
)
