"""The agency report's figures against counts made apart, in plain SQL and Python, on the demo."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cxdesk.core.errors import UserError
from cxdesk.domain.workdays import working_days
from cxdesk.services.agency_report import report_figures, write_report

GRANTED = {"approved", "signed", "completed", "reported", "paid"}
VOID = {"cancelled", "rejected"}
JSON_KEYS = {
    "from", "to", "exchanges_by_status", "exchanges_by_ecosystem", "exchanges_by_purpose",
    "exchanges_by_host_country", "exchanges_by_visitor_country", "organisations_taking_part",
    "sme_visitors", "green_travel", "granted_by_host_country", "granted_total", "paid_total",
    "working_days",
}  # fmt: skip


def _rows(db: Any) -> list[sqlite3.Row]:
    """Every live exchange with its two organisations, read with sqlite3, not the desk's code."""
    with sqlite3.connect(db.path) as conn:
        conn.row_factory = sqlite3.Row
        partnership = conn.execute(
            "SELECT value FROM desk_state WHERE key = 'partnership'"
        ).fetchone()[0]
        rows = conn.execute(
            """
            SELECT e.uid, e.status, e.start_date, e.end_date, e.ecosystem, e.purposes,
                   e.travel_mode, e.lump_sum, vo.uid AS vo_uid, vo.kind AS vo_kind,
                   vo.country AS vo_country, vo.partnership AS vo_partnership,
                   ho.uid AS ho_uid, ho.country AS ho_country,
                   (SELECT COALESCE(SUM(p.amount), 0) FROM payments p
                     WHERE p.exchange_uid = e.uid AND p.deleted = 0) AS paid
              FROM exchanges e
              JOIN people v ON v.uid = e.visitor_uid
              JOIN organisations vo ON vo.uid = v.organisation_uid
              JOIN organisations ho ON ho.uid = e.host_organisation_uid
             WHERE e.deleted = 0
            """
        ).fetchall()
    # An exchange counts once, in the partnership that pays it: the visiting organisation's.
    return [r for r in rows if r["vo_partnership"] in (partnership, None)]


def _in(rows: list[sqlite3.Row], first: date | None, last: date | None) -> list[sqlite3.Row]:
    return [
        r for r in rows
        if (first is None or r["start_date"] >= first.isoformat())
        and (last is None or r["start_date"] <= last.isoformat())
    ]  # fmt: skip


def _money(values: Any) -> Decimal:
    return sum((Decimal(str(v)).quantize(Decimal("0.01")) for v in values), Decimal("0.00"))


def _check(db: Any, first: date | None = None, last: date | None = None) -> None:
    rows = _in(_rows(db), first, last)
    counted = [r for r in rows if r["status"] not in VOID]
    taking = [r for r in rows if r["status"] in GRANTED]
    f = report_figures(db, first, last)
    assert {k: v for k, v in f.by_status.items() if v} == dict(Counter(r["status"] for r in rows))
    assert {k: v for k, v in f.by_ecosystem.items() if v} == dict(
        Counter(r["ecosystem"] or "" for r in counted)
    )
    assert f.by_purpose == {
        p: sum(p in (r["purposes"] or "").split(";") for r in counted)
        for p in ("learn", "markets", "technology", "collaboration")
    }
    assert f.by_host_country == dict(Counter(r["ho_country"] for r in counted))
    assert f.by_visitor_country == dict(Counter(r["vo_country"] for r in counted))
    organisations = {r["vo_uid"] for r in taking} | {r["ho_uid"] for r in taking}
    assert f.organisations_taking_part == len(organisations)
    assert f.sme_visitors == len({r["vo_uid"] for r in taking if r["vo_kind"] == "sme"})
    assert f.green_travel == sum(r["travel_mode"] == "green" for r in taking)
    assert f.granted_total == _money(r["lump_sum"] for r in taking)
    for country in {r["ho_country"] for r in taking}:
        assert f.granted_by_host_country[country] == _money(
            r["lump_sum"] for r in taking if r["ho_country"] == country
        )
    assert f.paid_total == _money(r["paid"] for r in counted)
    assert f.working_days == sum(
        working_days(date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"]),
                     r["ho_country"])
        for r in taking
    )  # fmt: skip
    assert f.total == len(rows) and f.counted == len(counted)


def test_the_figures_are_the_independent_counts_over_all_time(demo_db: Any) -> None:
    _check(demo_db)


def test_the_figures_of_a_year_and_of_a_single_day(demo_db: Any) -> None:
    _check(demo_db, date(2026, 1, 1), date(2026, 12, 31))
    _check(demo_db, date(2026, 3, 1), None)
    _check(demo_db, None, date(2025, 12, 31))
    day = date.fromisoformat(_rows(demo_db)[0]["start_date"])
    f = report_figures(demo_db, day, day)  # both ends inclusive
    assert f.total == len(_in(_rows(demo_db), day, day)) >= 1


def test_an_exchange_counts_only_in_the_partnership_that_pays_it(demo_db: Any) -> None:
    with sqlite3.connect(demo_db.path) as conn:
        everything = conn.execute("SELECT COUNT(*) FROM exchanges WHERE deleted = 0").fetchone()[0]
    ours = len(_rows(demo_db))
    assert 0 < ours < everything  # the demo has exchanges other partnerships pay
    assert report_figures(demo_db).total == ours
    # A visiting organisation without a partnership is the desk's own: no other one claims it.
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute(
            "UPDATE organisations SET partnership = NULL WHERE partnership <> "
            "(SELECT value FROM desk_state WHERE key = 'partnership') AND uid IN "
            "(SELECT organisation_uid FROM people WHERE uid IN (SELECT visitor_uid FROM exchanges))"
        )
    assert report_figures(demo_db).total == everything
    _check(demo_db)


def test_an_organisation_in_three_exchanges_is_counted_once(demo_db: Any) -> None:
    taking = [r for r in _rows(demo_db) if r["status"] in GRANTED]
    hub = taking[0]["vo_uid"]  # visits once, and now hosts two more exchanges
    with sqlite3.connect(demo_db.path) as conn:
        conn.executemany(
            "UPDATE exchanges SET host_organisation_uid = ? WHERE uid = ?",
            [(hub, taking[1]["uid"]), (hub, taking[2]["uid"])],
        )
    taking = [r for r in _rows(demo_db) if r["status"] in GRANTED]
    appearances = [r["vo_uid"] for r in taking] + [r["ho_uid"] for r in taking]
    assert appearances.count(hub) == 3
    f = report_figures(demo_db)
    assert f.organisations_taking_part == len(set(appearances)) < len(appearances)
    _check(demo_db)


def test_cancelled_and_rejected_count_only_under_their_status(demo_db: Any) -> None:
    f = report_figures(demo_db)
    void = f.by_status["cancelled"] + f.by_status["rejected"]
    assert void > 0
    assert sum(f.by_ecosystem.values()) == f.counted == f.total - void
    assert sum(f.by_host_country.values()) == sum(f.by_visitor_country.values()) == f.counted


def test_the_json_has_the_shape_cli_md_gives(demo_db: Any) -> None:
    data = report_figures(demo_db, date(2026, 1, 1), None).to_json()
    assert set(data) == JSON_KEYS
    assert data["from"] == "2026-01-01" and data["to"] is None
    assert all(isinstance(v, str) for v in data["granted_by_host_country"].values())
    assert Decimal(data["granted_total"]) == sum(
        Decimal(v) for v in data["granted_by_host_country"].values()
    )
    assert all(len(c) == 2 for c in data["exchanges_by_host_country"])  # ISO codes, as stored


def test_a_period_that_ends_before_it_starts_is_refused(demo_db: Any) -> None:
    with pytest.raises(UserError, match="before it starts"):
        report_figures(demo_db, date(2026, 5, 1), date(2026, 4, 1))


def test_the_workbook_holds_values_and_text_stays_text(demo_db: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with sqlite3.connect(demo_db.path) as conn:  # a name a spreadsheet would run
        conn.execute("UPDATE organisations SET name = '=HYPERLINK(\"http://x\")' WHERE uid = ?",
                     (_rows(demo_db)[0]["vo_uid"],))  # fmt: skip
    written = write_report(demo_db, tmp_path / "r.xlsx", lang="en")
    book = load_workbook(written.path)
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-1] == "Exchanges listed"
    formulas = [
        c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row
        if c.data_type == "f"
    ]  # fmt: skip
    assert formulas == []
    listed = book["Exchanges listed"]
    assert listed.max_row - 1 == written.figures.total
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Organisations taking part (each counted once)"] == (
        written.figures.organisations_taking_part
    )
    assert Decimal(str(summary["Lump sums granted"])) == written.figures.granted_total


def test_a_file_of_another_kind_is_refused_and_nothing_written(
    demo_db: Any, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match=r"\.xlsx or \.pdf"):
        write_report(demo_db, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()
