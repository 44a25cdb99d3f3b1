"""A report's evidence as reports.csv lists it: the desk's files by hash, and the platform's list.

The `evidence` cell is not a column of `reports`: the desk writes it from its `evidence` table.
A platform package may list files the desk does not hold (no bytes come with a package), so the
desk cannot make them evidence rows. It keeps the platform's list as given instead, in the audit
trail (an `evidence` entry of the report, source `import`: the last one is the platform's list),
and writes back, after its own files, each entry of that list whose file it does not hold: a
report edited on the desk never drops evidence the platform knows of. The import never adds or
removes the desk's own files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from cxdesk.db.models import AuditRow, EvidenceRow, ReportRow
from cxdesk.db.sync.sql import chunks
from cxdesk.db.tracking import now_utc, user_of

FIELD = "evidence"
#: What a file name in the cell may not hold: the separators of the cell's items and parts.
_SEPARATORS = re.compile(r"[:;]")


def cell_name(file_name: str) -> str:
    """The base name of a file (any folder taken off), `:` and `;` replaced by `_`."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    return _SEPARATORS.sub("_", base) or "_"


def _items(text: str | None) -> list[str]:
    return [item for item in (text or "").split(";") if item]


def _sha(item: str) -> str:
    return item.rsplit(":", 1)[-1]


def platform_lists(session: Session, report_uids: Iterable[str]) -> dict[str, str | None]:
    """The evidence list each report's last platform package gave (reports without: absent)."""
    found: dict[str, str | None] = {}
    for chunk in chunks(list(set(report_uids))):
        last = (
            select(func.max(AuditRow.id))
            .where(
                AuditRow.table_name == "reports",
                AuditRow.field == FIELD,
                AuditRow.source == "import",
                AuditRow.row_uid.in_(chunk),
            )
            .group_by(AuditRow.row_uid)
        )
        rows = session.execute(select(AuditRow.row_uid, AuditRow.new).where(AuditRow.id.in_(last)))
        found.update({uid: new for uid, new in rows})
    return found


def evidence_cells(session: Session, reports: Mapping[str, str]) -> dict[str, str]:
    """The `evidence` cell of each report (report uid → exchange uid given): the desk's files in
    the order they were added, then the platform's entries whose file the desk does not hold."""
    held: dict[str, list[tuple[str, str, str]]] = {}
    for chunk in chunks(list(set(reports.values()))):
        query = (
            select(EvidenceRow.exchange_uid, EvidenceRow.kind, EvidenceRow.file_name)
            .add_columns(EvidenceRow.sha256)
            .where(EvidenceRow.exchange_uid.in_(chunk))
            .order_by(EvidenceRow.id)
        )
        for exchange, kind, name, sha in session.execute(query):
            held.setdefault(exchange, []).append((kind, name, sha))
    given = platform_lists(session, reports)
    cells: dict[str, str] = {}
    for uid, exchange in reports.items():
        own = held.get(exchange, [])
        items = [f"{kind}:{cell_name(name)}:{sha}" for kind, name, sha in own]
        hashes = {sha for _kind, _name, sha in own}
        items += [item for item in _items(given.get(uid)) if _sha(item) not in hashes]
        cells[uid] = ";".join(dict.fromkeys(items))
    return cells


def record_platform_lists(session: Session, lists: Mapping[str, str | None]) -> int:
    """Keep the evidence list a platform package gave each report (report uid → its cell, None
    when empty): an audit entry where it differs from the last one kept. Return how many."""
    before = platform_lists(session, lists)
    entries: list[dict[str, Any]] = []
    at, user = now_utc(), user_of(session)
    for uid, text in lists.items():
        old = before.get(uid)
        if (old or None) == (text or None):
            continue
        entries.append(
            {
                "at": at,
                "table_name": "reports",
                "row_uid": uid,
                "field": FIELD,
                "old": old or None,
                "new": text or None,
                "source": "import",
                "user": user,
            }
        )
    if entries:
        session.execute(insert(AuditRow), entries)
    return len(entries)


def evidence_changed(session: Session, exchange_uid: str) -> None:
    """An evidence file of the exchange was added or removed on the desk: its report's
    `evidence` cell changed, so the report goes to the platform with the next package.
    Call it in the same transaction as the change (any unit of work's session)."""
    session.execute(
        update(ReportRow)
        .where(ReportRow.exchange_uid == exchange_uid, ReportRow.deleted.is_(False))
        .values(dirty=True)
    )
