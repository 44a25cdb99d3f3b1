"""The documents a visitor receives, rendered in any language, and the messages they use.

`render_all(lang)` makes the grant agreement, the Commitment to Quality (typed and blank), the
closing-report form and the certificate of a realistic exchange. `document_messages()` renders
them in English with every gettext lookup recorded, plus the code lists the documents name and the
e-mails that carry them: what a document-only language must translate. Run
`python -m tests.pdf.document_messages` for that list, one JSON string a line, for translators.
"""

from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import cache

from cxdesk.domain.codes import (
    ECOSYSTEM_LABELS,
    EVIDENCE_KIND_LABELS,
    PURPOSE_LABELS,
    TRAVEL_MODE_LABELS,
    Purpose,
    Status,
)
from cxdesk.pdf.agreement import render_agreement, render_commitment
from cxdesk.pdf.certificate import render_certificate
from cxdesk.pdf.content import HALVED_SHORT_DISTANCE, HALVED_SHORT_STAY, CertificateContent
from cxdesk.pdf.report_form import render_report_form
from cxdesk.pdf.sample import sample_content
from cxdesk.pdf.stamp import STAMP_TEXT
from cxdesk.services.mail_templates import TEMPLATES

from .pdfread import to_bytes

#: Every label a document may print from the code lists, though one sample shows only some.
CODE_LABELS = (
    *ECOSYSTEM_LABELS.values(),
    *PURPOSE_LABELS.values(),
    *TRAVEL_MODE_LABELS.values(),
    *EVIDENCE_KIND_LABELS.values(),
    HALVED_SHORT_STAY,
    HALVED_SHORT_DISTANCE,
)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Every gettext/ngettext id looked up meanwhile (English has no catalog: NullTranslations)."""
    seen: set[str] = set()
    plain_get, plain_nget = gettext.NullTranslations.gettext, gettext.NullTranslations.ngettext

    def get(self: gettext.NullTranslations, message: str) -> str:
        seen.add(message)
        return plain_get(self, message)

    def nget(self: gettext.NullTranslations, singular: str, plural: str, n: int) -> str:
        seen.add(singular)
        return plain_nget(self, singular, plural, n)

    gettext.NullTranslations.gettext = get  # type: ignore[method-assign]
    gettext.NullTranslations.ngettext = nget  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        gettext.NullTranslations.gettext = plain_get  # type: ignore[method-assign]
        gettext.NullTranslations.ngettext = plain_nget  # type: ignore[method-assign]


def render_all(lang: str, *, draft: bool = False) -> dict[str, bytes]:
    """Each document of one exchange (halved, every purpose, a typed commitment) in `lang`."""
    content = sample_content(
        purposes=tuple(Purpose),
        goals="Learn how the host runs its pilot line.",
        objectives="Two joint project ideas.",
        agenda="Day 1: welcome\nDay 2: pilot line\nDay 3: workshop",
        coordinator="Ana Horvat",
    )
    if draft:
        content = replace(content, status=Status.DRAFT)
    certificate = CertificateContent(
        exchange=content,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 5),
        working_days=4,
        issued_on=date(2026, 3, 20),
    )
    blank = replace(content, goals=None, objectives=None, agenda=None)
    return {
        "agreement": to_bytes(lambda out: render_agreement(content, out, lang)),
        "commitment": to_bytes(lambda out: render_commitment(content, out, lang)),
        "blank commitment": to_bytes(lambda out: render_commitment(blank, out, lang)),
        "report form": to_bytes(lambda out: render_report_form(content, out, lang)),
        "certificate": to_bytes(lambda out: render_certificate(certificate, out, lang)),
    }


@cache
def document_messages() -> frozenset[str]:
    """The message ids the documents use (singulars for plurals), English looked up."""
    with recording() as seen:
        render_all("en")
        render_all("en", draft=True)
        # The other branches of the amount: not halved, halved for no stated reason, and a rate
        # table without its date.
        for variant in (
            sample_content(halved=False, halved_because=()),
            sample_content(halved_because=(), distance_km=None, working_days=10),
            sample_content(rates_valid_from=None),
        ):
            to_bytes(lambda out, c=variant: render_agreement(c, out, "en"))
    # The e-mails that carry the documents are written in the document's language too.
    mails = {text for pair in TEMPLATES.values() for text in pair}
    # The visible signature is drawn when the coordinator signs, in the document's language.
    return frozenset(seen | set(CODE_LABELS) | mails | {STAMP_TEXT})


def main() -> int:
    for message in sorted(document_messages()):
        print(json.dumps(message, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
