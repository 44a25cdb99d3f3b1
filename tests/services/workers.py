"""Worker processes that edit the same exchanges at once, and the check that nothing was lost."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from pathlib import Path

from cxdesk.db.engine import Database
from cxdesk.db.migrate import open_database
from cxdesk.services import browse
from cxdesk.services.editing import set_fields

ROUNDS = 50
#: Each worker's own field and the value it writes in round i.
FIELDS = {
    0: ("notes", lambda i: f"note {i}"),
    1: ("platform_id", lambda i: f"P-{i}"),
    2: ("travel_mode", lambda i: "green" if i % 2 else "standard"),
    3: ("ecosystem", lambda i: ("digital", "health", "tourism")[i % 3]),
}
#: How long one worker may take (50 saves through a server, on a slow CI machine).
WORKER_SECONDS = 180


def _worker(target: str, worker: int, references: list[str], home: str) -> None:
    import os

    os.environ["CXDESK_HOME"] = home
    db = open_database(target)
    db.user = f"worker-{worker}"
    field, value = FIELDS[worker]
    try:
        for i in range(ROUNDS):
            reference = references[i % len(references)]
            set_fields(db, "exchanges", reference, [f"{field}={value(i)}"])
    finally:
        db.close()


def drafts(target: str) -> list[str]:
    """The references of five exchanges still open to edits."""
    db = open_database(target)
    try:
        with db.unit() as session:
            from cxdesk.db.store import Store

            found = [
                e
                for e in Store(session).all_live("exchanges")
                if e.status.value in ("draft", "submitted", "approved")
            ]
        return sorted(e.reference for e in found)[:5]
    finally:
        db.close()


def run_workers(targets: Sequence[str], references: list[str], home: Path) -> None:
    """All workers at once, worker w writing its field through `targets[w]`; each must succeed."""
    assert len(targets) == len(FIELDS)
    # Spawned, not forked: each worker opens its own connections, as another desk would.
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_worker, args=(target, w, references, str(home)))
        for w, target in zip(FIELDS, targets, strict=True)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(WORKER_SECONDS)
        assert process.exitcode == 0, f"a worker failed ({process.exitcode})"


def assert_last_values(db: Database, references: list[str]) -> None:
    """Every worker's last value of every exchange is what the database holds."""
    for index, reference in enumerate(references):
        saved = browse.exchange(db, reference)
        for field, value in FIELDS.values():
            last = max(i for i in range(ROUNDS) if i % len(references) == index)
            stored = getattr(saved, field)
            stored = getattr(stored, "value", stored)
            assert stored == value(last), (reference, field, stored, value(last))
