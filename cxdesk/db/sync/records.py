"""What an import records besides rows: conflicts, a rate table, itself; facts for the rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from cxdesk.db.models import ConflictRow, ImportRow, RateRow
from cxdesk.db.rule_facts import RuleFact, facts_around
from cxdesk.db.store import Store
from cxdesk.db.sync.sql import chunks
from cxdesk.db.sync.values import table_of
from cxdesk.db.tracking import now_utc
from cxdesk.domain.records import Rate


class SyncRecords:
    """The part of an import's session that keeps records (mixed into SyncSession)."""

    session: Session
    store: Store

    # -- conflicts -----------------------------------------------------------------------
    def add_conflicts(self, conflicts: list[dict[str, Any]]) -> None:
        """Record field conflicts (table_name, row_uid, field, base/local/remote_value,
        sequence); an open conflict on the same field is brought up to date, not repeated."""
        if not conflicts:
            return
        uids = {c["row_uid"] for c in conflicts}
        open_ids: dict[tuple[str, str, str], int] = {}
        for chunk in chunks(list(uids)):
            rows = self.session.execute(
                select(
                    ConflictRow.id, ConflictRow.table_name, ConflictRow.row_uid, ConflictRow.field
                ).where(ConflictRow.row_uid.in_(chunk), ConflictRow.resolved_at.is_(None))
            )
            open_ids.update({(t, u, f): i for i, t, u, f in rows})
        now = now_utc()
        fresh: list[dict[str, Any]] = []
        again: list[dict[str, Any]] = []
        for conflict in conflicts:
            key = (conflict["table_name"], conflict["row_uid"], conflict["field"])
            if key in open_ids:
                again.append(
                    {
                        "k_id": open_ids[key],
                        **{
                            f"v_{name}": conflict[name]
                            for name in ("base_value", "local_value", "remote_value", "sequence")
                        },
                    }
                )
            else:
                fresh.append(conflict | {"created_at": now})
        if fresh:
            self.session.execute(insert(ConflictRow), fresh)
        if again:
            table = table_of(ConflictRow.__tablename__)
            self.session.execute(
                update(table)
                .where(table.c.id == bindparam("k_id"))
                .values(
                    {
                        name: bindparam(f"v_{name}")
                        for name in ("base_value", "local_value", "remote_value", "sequence")
                    }
                ),
                again,
            )

    # -- rates, state and the record of the import ---------------------------------------
    def replace_rates(self, name: str, rates: list[Rate], defaults: Sequence[Rate]) -> int:
        """Store a package's rate table; stored rates of the same countries inside the period
        it covers give way. A desk that relied on its defaults keeps them for the rest."""
        if not rates:
            return 0
        if self.session.scalar(select(RateRow.id).limit(1)) is None and defaults:
            self.store.replace_rate_table(defaults[0].table, defaults)
        for country in {rate.host_country for rate in rates}:
            own = [rate for rate in rates if rate.host_country == country]
            start = min(rate.valid_from for rate in own)
            ends = [rate.valid_to for rate in own]
            end: date | None = None if None in ends else max(e for e in ends if e is not None)
            inside = [
                RateRow.host_country == country,
                RateRow.valid_from >= start,
                RateRow.table_name != name,
            ]
            if end is not None:
                inside += [RateRow.valid_to.is_not(None), RateRow.valid_to <= end]
            self.session.query(RateRow).filter(and_(*inside)).delete()
        return self.store.replace_rate_table(name, rates)

    def record_import(
        self,
        file_name: str,
        sequence: int,
        kind: str,
        backup: str | None,
        summary: dict[str, Any],
    ) -> None:
        self.session.add(
            ImportRow(
                applied_at=now_utc(),
                file_name=file_name[:400],
                sequence=sequence,
                kind=kind,
                backup_path=backup,
                summary=summary,
            )
        )
        self.session.flush()

    def exchange_facts(self, uids: Sequence[str]) -> list[RuleFact]:
        """What the scheme's rules need about these exchanges and every other live exchange of
        their visiting organisations (visits once, the visitor's overlaps): a few queries."""
        return facts_around(self.session, uids)


def imports(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The packages applied, the last first: when, which file, and the backup taken before."""
    rows = session.scalars(select(ImportRow).order_by(ImportRow.id.desc()).limit(limit))
    return [
        {
            "id": r.id,
            "applied_at": r.applied_at,
            "file_name": r.file_name,
            "sequence": r.sequence,
            "kind": r.kind,
            "backup_path": r.backup_path,
            "summary": r.summary,
        }
        for r in rows
    ]
