"""`due_items` for the window: the day it is asked for decides what is late and what shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cxdesk.services.due import due_items
from tests.conftest import DEMO_TODAY


def test_a_later_day_makes_the_same_steps_later_and_lets_visits_pass(demo_db: Any) -> None:
    today = due_items(demo_db, today=DEMO_TODAY)
    later = due_items(demo_db, today=DEMO_TODAY + timedelta(days=30))

    def payments(items: list[Any]) -> dict[str, int]:
        return {i.reference: i.days_left for i in items if i.kind in ("payment", "signature")}

    now, then = payments(today), payments(later)
    assert now and all(then[ref] == days - 30 for ref, days in now.items() if ref in then)
    assert {i.reference for i in today if i.kind == "visit"}
    # A month on, the visit starting this week has started: no longer a visit to prepare.
    assert not {i.reference for i in later if i.kind == "visit"} & {
        i.reference for i in today if i.kind == "visit"
    }
    assert [i.due_on for i in later] == sorted(i.due_on for i in later)
