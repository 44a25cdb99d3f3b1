"""A report's evidence as reports.csv lists it: the desk's files by hash, and the platform's list.

The `evidence` cell is not a column of `reports`: the desk writes it from its `evidence` table.
A platform package may list files the desk does not hold (no bytes come with a package), so the
desk cannot make them evidence rows. It keeps the platform's list as given instead, in the
report's `platform_evidence` column (desk-side state, never a package column of its own), and
writes back, after its own files, each entry of that list whose file it does not hold: a report
edited on the desk never drops evidence the platform knows of. The import never adds or removes
the desk's own files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from cxdesk.db.models import EvidenceRow, ReportRow
from cxdesk.db.sync.sql import chunks
from cxdesk.db.sync.values import table_of

#: The column of `reports` keeping the platform's last list of a report's evidence.
PLATFORM_EVIDENCE = "platform_evidence"
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


def evidence_cells(
    session: Session, reports: Mapping[str, str], given: Mapping[str, str | None]
) -> dict[str, str]:
    """The `evidence` cell of each report (report uid → exchange uid given): the desk's files in
    the order they were added, then the entries of the platform's list (`given`, by report uid:
    its `platform_evidence`) whose file the desk does not hold."""
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
    cells: dict[str, str] = {}
    for uid, exchange in reports.items():
        own = held.get(exchange, [])
        items = [f"{kind}:{cell_name(name)}:{sha}" for kind, name, sha in own]
        hashes = {sha for _kind, _name, sha in own}
        items += [item for item in _items(given.get(uid)) if _sha(item) not in hashes]
        cells[uid] = ";".join(dict.fromkeys(items))
    return cells


def keep_platform_lists(session: Session, lists: Mapping[str, str | None]) -> None:
    """Keep the evidence list a platform package gave each report (report uid → its cell, None
    when empty): the lists that differ from those kept, the caller knowing which.

    Only the kept list changes: not the report's version (nothing a person edits), nor its
    `dirty` flag (the platform gave it: nothing goes back), nor the audit trail (no field of the
    report: its fields are audited as ever)."""
    if not lists:
        return
    # The table, not the mapped class: a plain executemany, no ORM bulk update by key.
    reports = table_of("reports")
    statement = (
        update(reports)
        .where(reports.c.uid == bindparam("k_uid"))
        .values({PLATFORM_EVIDENCE: bindparam("v_list")})
    )
    session.execute(
        statement, [{"k_uid": uid, "v_list": text or None} for uid, text in lists.items()]
    )


def evidence_changed(session: Session, exchange_uid: str) -> None:
    """An evidence file of the exchange was added or removed on the desk: its report's
    `evidence` cell changed, so the report goes to the platform with the next package.
    Call it in the same transaction as the change (any unit of work's session)."""
    session.execute(
        update(ReportRow)
        .where(ReportRow.exchange_uid == exchange_uid, ReportRow.deleted.is_(False))
        .values(dirty=True)
    )
