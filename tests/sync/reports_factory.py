"""Closing reports for the sync tests: a platform's reports.csv rows, and a report typed on the desk
with its evidence files and bank details (rows put in as the closing services will)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from cxdesk.db.models import BankDetailsRow, BlobRow, EvidenceRow, ReportRow
from cxdesk.db.sync.evidence import evidence_changed
from cxdesk.db.tracking import record_creation
from tests.sync.factory import COMMON, EXCHANGE

REPORT = "8d02b5da-c18a-4e92-b5f6-a29be4b3c009"
DESK_REPORT = "9e13c6eb-d29b-4fa3-86a7-b3acf5c4d10a"
IBAN = "DE89370400440532013000"
BIC = "COBADEFFXXX"
HOLDER = "Željka Quokkaworth"
ACTIVITIES = 'Day 1: the "Agro" lab, growers\nDay 2: exporters, Θεσσαλία tour'

#: Three evidence files as a visitor sends them: (kind, name as given, bytes).
FILES = [
    ("travel", "C:\\Users\\z\\tickets\\train: Zaragoza→Λάρισα.pdf", b"%PDF-1.7 ticket"),
    ("accommodation", "hotel;invoice.pdf", b"%PDF-1.7 hotel"),
    ("attendance", "attendance list.jpg", b"\xff\xd8\xff jpeg"),
]


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


#: The cell those files make: base names, `:` and `;` as `_`.
FILES_CELL = ";".join(
    [
        f"travel:train_ Zaragoza→Λάρισα.pdf:{sha(FILES[0][2])}",
        f"accommodation:hotel_invoice.pdf:{sha(FILES[1][2])}",
        f"attendance:attendance list.jpg:{sha(FILES[2][2])}",
    ]
)


def platform_report(**cells: str) -> dict[str, str]:
    """A reports.csv row from the platform (every column), the cells given replacing the rest."""
    return {
        "uid": REPORT,
        **COMMON,
        "exchange_uid": EXCHANGE,
        "received_on": "2026-03-10",
        "actual_start": "2026-03-02",
        "actual_end": "2026-03-06",
        "activities": ACTIVITIES,
        "results": "Two joint offers",
        "rating": "4",
        "evidence": "",
        **cells,
    }


def attach(session: Any, kind: str, name: str, content: bytes, exchange: str = EXCHANGE) -> None:
    """An evidence file attached on the desk; its report goes out again."""
    digest = sha(content)
    if session.get(BlobRow, digest) is None:
        session.add(
            BlobRow(sha256=digest, size=len(content), media_type="application/pdf", content=content)
        )
    session.add(
        EvidenceRow(
            exchange_uid=exchange,
            kind=kind,
            file_name=name,
            sha256=digest,
            added_at=datetime(2026, 3, 11, 9, 0),
            added_by="tester",
        )
    )
    session.flush()
    evidence_changed(session, exchange)


def add_desk_report(db: Any, *, files: bool = True) -> None:
    """The visitor's report typed on the desk, its three evidence files and bank details."""
    with db.unit() as session:
        row = ReportRow(
            uid=DESK_REPORT,
            exchange_uid=EXCHANGE,
            received_on=date(2026, 3, 10),
            actual_start=date(2026, 3, 2),
            actual_end=date(2026, 3, 5),
            activities=ACTIVITIES,
            results="Two joint offers\nA return visit in May",
            rating=5,
            amount_due=None,
            revision=0,
        )
        session.add(row)
        session.flush()
        record_creation(session, "reports", row, "test")
        session.add(
            BankDetailsRow(
                exchange_uid=EXCHANGE,
                iban=IBAN,
                bic=BIC,
                account_holder=HOLDER,
                given_on=date(2026, 3, 10),
            )
        )
        if files:
            for kind, name, content in FILES:
                attach(session, kind, name, content)
