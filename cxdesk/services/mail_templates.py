"""The default subject and body of each document's e-mail, as English source strings.

Kept together for the translators: a message is written in the language of its document (the
recipient's), translated with that language's catalog. The coordinator may replace any of them
with a file `<config dir>/mail/<document>.txt` or `<document>.<lang>.txt` (services/mail.py).
Placeholders: {reference} the exchange, {visitor} and {host} (the visitor's and the host
organisation's names), {start} and {end} (the dates as the language writes them), {coordinator}
(who sends), {partnership} (the partnership that pays).
"""

from __future__ import annotations

from cxdesk.core.i18n import N_

#: document → (subject, body), both marked for translation.
TEMPLATES: dict[str, tuple[str, str]] = {
    "agreement": (
        # TRANSLATORS: the subject of the e-mail that sends the grant agreement to be signed.
        N_("ClusterXchange {reference}: your grant agreement to sign"),
        # TRANSLATORS: the body of the e-mail carrying the grant agreement (a PDF attached).
        # Keep the placeholders in braces as they are.
        N_(
            "Dear {visitor},\n\n"
            "Please find attached the grant agreement of your ClusterXchange exchange "
            "{reference} with {host}, from {start} to {end}.\n\n"
            "Please read it, sign it and send it back to us.\n\n"
            "Kind regards,\n{coordinator}\n{partnership}"
        ),
    ),
    "commitment": (
        # TRANSLATORS: the subject of the e-mail that sends the Commitment to Quality to sign.
        N_("ClusterXchange {reference}: the Commitment to Quality to sign"),
        # TRANSLATORS: the body of the e-mail carrying the Commitment to Quality (a PDF).
        # Keep the placeholders in braces as they are.
        N_(
            "Dear {visitor},\n\n"
            "Please find attached the Commitment to Quality of the ClusterXchange exchange "
            "{reference} with {host}, from {start} to {end}: its goals, objectives and "
            "day-by-day agenda.\n\n"
            "Please read it, sign it and send it back to us.\n\n"
            "Kind regards,\n{coordinator}\n{partnership}"
        ),
    ),
    "report-form": (
        # TRANSLATORS: the subject of the e-mail that sends the closing-report form to fill.
        N_("ClusterXchange {reference}: your closing-report form"),
        # TRANSLATORS: the body of the e-mail carrying the fillable closing-report form (PDF).
        # Keep the placeholders in braces as they are.
        N_(
            "Dear {visitor},\n\n"
            "Please find attached the closing-report form of your ClusterXchange exchange "
            "{reference} with {host}, from {start} to {end}.\n\n"
            "Please fill it in and send it back to us with the evidence of your travel and "
            "stay: the lump sum is paid once your report is validated.\n\n"
            "Kind regards,\n{coordinator}\n{partnership}"
        ),
    ),
    "certificate": (
        # TRANSLATORS: the subject of the e-mail that sends the certificate of participation.
        N_("ClusterXchange {reference}: your certificate of participation"),
        # TRANSLATORS: the body of the e-mail carrying the certificate of participation (PDF).
        # Keep the placeholders in braces as they are.
        N_(
            "Dear {visitor},\n\n"
            "Please find attached your certificate of participation in the ClusterXchange "
            "exchange {reference} with {host}, from {start} to {end}.\n\n"
            "Thank you for taking part.\n\n"
            "Kind regards,\n{coordinator}\n{partnership}"
        ),
    ),
}
