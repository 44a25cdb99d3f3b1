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

# -- what a real grant agreement also holds (funding, data, recovery, law) ---------------------

EU_FUNDING = N_(
    "ClusterXchange is co-funded by the European Union under the Single Market Programme "
    "(SMP COSME). The lump sum is paid from the funds the Partnership receives for the "
    "ClusterXchange scheme, which the European Innovation Council and SMEs Executive Agency "
    "(EISMEA) manages for the European Commission. The visitor and the host organisation "
    "mention this support when they communicate about the exchange."
)
EU_DISCLAIMER = N_(
    "Funded by the European Union. Views and opinions expressed are however those of the "
    "author(s) only and do not necessarily reflect those of the European Union or EISMEA. "
    "Neither the European Union nor the granting authority can be held responsible for them."
)
DATA_PROTECTION = N_(
    "The Partnership processes the personal data in this agreement and in the closing report "
    "— the visitor's name, contact details and organisation, the dates, place and results of "
    "the exchange, the evidence and, for the payment only, the bank details — to manage the "
    "exchange, pay the lump sum and report to the European Commission and its agency, as the "
    "General Data Protection Regulation (Regulation (EU) 2016/679) allows for performing this "
    "agreement and the programme's legal obligations. The data are kept as long as the "
    "programme's checks and audits require; bank details are used only for the payment and "
    "are not passed on."
)
DATA_RIGHTS = N_(
    "The visitor may ask to see, correct or delete their data, or to restrict or object to "
    "their processing, by writing to the Partnership ({partnership}), and may lodge a complaint "
    "with the data protection authority of their country."
)
RECOVERY = N_(
    "The amount due is the lump sum granted, or less when the stay actually taken is shorter: "
    "halved under 5 working days at the host, nothing under 3. Any amount paid that the "
    "closing report and its evidence do not justify — an exchange that did not take place, a "
    "shorter stay, missing or untrue evidence — is recovered: the visitor repays it to the "
    "Partnership on request."
)
APPLICABLE_LAW = N_(
    "This agreement is governed by the law of {country}, the country of the Partnership's "
    "cluster organisation that pays the lump sum. The parties seek to settle any dispute "
    "amicably; failing that, the courts of {country} have jurisdiction."
)
EU_FUNDING_SHORT = N_(
    "ClusterXchange is co-funded by the European Union under the Single Market Programme "
    "(SMP COSME). Views and opinions expressed are those of the author(s) only and do not "
    "necessarily reflect those of the European Union or EISMEA."
)
