"""The papers of an exchange's second half: the closing-report form and the certificate.

Both are written in the visitor's language (an asked language wins), as the agreement is; the
CLI and the window call these.
"""

from __future__ import annotations

from pathlib import Path

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _
from cxdesk.core.outputs import atomic_output, check_file
from cxdesk.db.closing_store import ClosingStore
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES, STATUS_LABELS, Status
from cxdesk.domain.workdays import working_days
from cxdesk.pdf.agreement import file_name
from cxdesk.pdf.certificate import render_certificate
from cxdesk.pdf.content import AgreementContent, CertificateContent
from cxdesk.pdf.report_form import render_report_form
from cxdesk.services.agreements import agreement_content, coordinator_name, document_language

#: A certificate tells that the visit took place: only once it is over.
CERTIFIED_STATUSES = frozenset({Status.COMPLETED, Status.REPORTED, Status.PAID})


def _status(status: Status) -> str:
    return _(STATUS_LABELS[status]).lower()


def report_form(db: Database, key: str, out: Path, lang: str | None = None) -> tuple[Path, str]:
    """Write the fillable closing-report form of one exchange; return the file and language.

    Refused for an exchange not granted (nothing will be paid, so nothing is reported).
    """
    check_file(out, file_name(key))  # a bad path is told before the database is read
    with db.unit() as session:
        store = Store(session)
        content = agreement_content(store, key, coordinator=coordinator_name(db.user))
        language = document_language(store, key, lang)
    if content.status not in GRANTED_STATUSES:
        raise UserError(
            _(
                "Exchange {reference} is {status}: a closing-report form is made only for an "
                "approved exchange."
            ).format(reference=content.reference, status=_status(content.status))
        )
    with atomic_output(out, file_name(key)) as output:
        render_report_form(content, output.path, language)
    return out, language


def _certificate_content(store: Store, key: str, exchange: AgreementContent) -> CertificateContent:
    """The stay as the validated or received report gives it, else as planned."""
    stored = store.exchange(key)
    report = ClosingStore(store).report(stored.uid)
    start, end = exchange.start_date, exchange.end_date
    if report and report.actual_start and report.actual_end:
        start, end = report.actual_start, report.actual_end
    return CertificateContent(
        exchange=exchange,
        start_date=start,
        end_date=end,
        working_days=working_days(start, end, exchange.host_organisation.country),
        issued_on=exchange.issued_on,
    )


def certificate(db: Database, key: str, out: Path, lang: str | None = None) -> tuple[Path, str]:
    """Write the certificate of participation of one exchange; return the file and language.

    Refused before the exchange is completed (completed, reported and paid only).
    """
    check_file(out, file_name(key))
    with db.unit() as session:
        store = Store(session)
        exchange = agreement_content(store, key, coordinator=coordinator_name(db.user))
        if exchange.status not in CERTIFIED_STATUSES:
            raise UserError(
                _(
                    "Exchange {reference} is {status}: a certificate of participation is made "
                    "only once the exchange is completed."
                ).format(reference=exchange.reference, status=_status(exchange.status))
            )
        content = _certificate_content(store, key, exchange)
        language = document_language(store, key, lang)
    with atomic_output(out, file_name(key)) as output:
        render_certificate(content, output.path, language)
    return out, language
