"""Several writers on the same exchanges at once, through the operation layer: nothing lost.

Four worker processes each edit their own field of the same five exchanges fifty times (the
way two `cxdesk set`, a window and a command, or two desks on one server do); every last value
of every worker must be in the database. When two writers change the SAME field from the same
value, one wins and the other is refused with the sentence that names who changed it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cxdesk.core.errors import ChangedMeanwhile
from cxdesk.db.migrate import open_database
from cxdesk.services import browse
from cxdesk.services.exchanges import save_exchange
from tests.pgserver import PG_URL, SKIP_REASON, pg_demo
from tests.services.workers import FIELDS, assert_last_values, drafts, run_workers


def _nothing_lost(target: str, home: Path) -> None:
    references = drafts(target)
    assert len(references) == 5
    run_workers([target] * len(FIELDS), references, home)
    db = open_database(target)
    try:
        assert_last_values(db, references)
    finally:
        db.close()


def test_four_writers_of_different_fields_lose_nothing_on_sqlite(
    demo_template: Path, tmp_path: Path, cxdesk_home: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_template, path)
    _nothing_lost(str(path), cxdesk_home)


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_four_writers_of_different_fields_lose_nothing_on_postgres(cxdesk_home: Path) -> None:
    with pg_demo(seed=3) as url:
        _nothing_lost(url, cxdesk_home)


def _same_field_race(target: str) -> None:
    db_a, db_b = open_database(target), open_database(target)
    db_a.user, db_b.user = "alice", "bob"
    try:
        reference = drafts(target)[0]
        seen_a = browse.exchange(db_a, reference)
        seen_b = browse.exchange(db_b, reference)
        import dataclasses

        save_exchange(db_a, dataclasses.replace(seen_a, notes="Alice's note"), original=seen_a)
        with pytest.raises(ChangedMeanwhile) as refused:
            save_exchange(db_b, dataclasses.replace(seen_b, notes="Bob's note"), original=seen_b)
        assert "changed by alice" in refused.value.message
        assert "Alice's note" in refused.value.message
        # Bob's edit of another field, read at the same moment, still lands.
        save_exchange(db_b, dataclasses.replace(seen_b, platform_id="B-1"), original=seen_b)
        final = browse.exchange(db_a, reference)
        assert (final.notes, final.platform_id) == ("Alice's note", "B-1")
    finally:
        db_a.close()
        db_b.close()


def test_same_field_one_wins_the_other_is_told_who_on_sqlite(demo_db: object) -> None:
    from cxdesk.db.engine import Database

    assert isinstance(demo_db, Database)
    _same_field_race(demo_db.url.removeprefix("sqlite:///"))


@pytest.mark.pg
@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_same_field_one_wins_the_other_is_told_who_on_postgres() -> None:
    with pg_demo(seed=3) as url:
        _same_field_race(url)
