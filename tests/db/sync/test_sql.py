"""An import's INSERT writes dates and stamps as the text the sqlite3 module would write."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from sqlalchemy.dialects import sqlite

from cxdesk.db.sync.sql import plain_insert


def test_dates_and_stamps_are_the_text_sqlite3_would_store() -> None:
    names = ("uid", "updated_at", "start_date", "end_date", "report_validated_on")
    insert = plain_insert("exchanges", names, sqlite.dialect())
    assert insert is not None
    stamps = [datetime(2026, 3, 1, 10), datetime(2026, 3, 1, 10, 0, 0, 1500), None]
    days = [date(2026, 3, 2), date(2026, 3, 2), None]
    rows = [
        {"uid": f"u{n}", "updated_at": s, "start_date": d, "end_date": d, "report_validated_on": d}
        for n, (s, d) in enumerate(zip(stamps, days, strict=True))
    ]
    got = insert.params(rows)
    conn = sqlite3.connect(":memory:")
    try:
        # What the driver makes of the values themselves (its default adapters).
        stored = [
            conn.execute("SELECT ?, ?", (s, d)).fetchone()
            for s, d in zip(stamps, days, strict=True)
        ]
    finally:
        conn.close()
    assert [(row[1], row[2]) for row in got] == stored
    assert got[1][1] == "2026-03-01 10:00:00.001500" and got[2][1:5] == (None, None, None, None)
