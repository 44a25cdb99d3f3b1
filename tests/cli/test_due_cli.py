"""`cxdesk due` from the outside: every kind of step, when it is due, soonest first."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from cxdesk.cli import main
from cxdesk.core import clock
from cxdesk.services import sepa
from tests.conftest import DEMO_TODAY


def _run(db: Any, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def desk(demo_db: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(clock, "now_utc", lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))
    return demo_db


def _exchanges(db: Any, status: str, capsys: Any) -> list[dict[str, Any]]:
    code, out, _err = _run(db, "list", "exchanges", "--status", status, "--json", capsys=capsys)
    assert code == 0
    records: list[dict[str, Any]] = json.loads(out)
    return records


def _day(text: str) -> date:
    return date.fromisoformat(text)


def test_due_json_shapes_and_order(desk: Any, capsys: Any) -> None:
    code, out, _err = _run(desk, "due", "--json", capsys=capsys)

    assert code == 0
    items = json.loads(out)
    assert {item["kind"] for item in items} == {"signature", "visit", "report", "payment"}
    for item in items:
        assert list(item) == ["kind", "reference", "due_on", "days_left", "what"]
        assert item["days_left"] == (_day(item["due_on"]) - DEMO_TODAY).days
        assert isinstance(item["what"], str) and item["what"]
    days = [item["due_on"] for item in items]
    assert days == sorted(days)
    assert any(item["days_left"] < 0 for item in items)  # late ones are there, first


def test_each_kind_is_due_on_its_day(desk: Any, capsys: Any) -> None:
    items = json.loads(_run(desk, "due", "--json", capsys=capsys)[1])
    by_ref = {(item["kind"], item["reference"]): item for item in items}

    for exchange in _exchanges(desk, "approved", capsys):
        assert by_ref[("signature", exchange["reference"])]["due_on"] == exchange["start_date"]
    week = DEMO_TODAY + timedelta(days=7)
    for exchange in _exchanges(desk, "signed", capsys):
        listed = ("visit", exchange["reference"]) in by_ref
        assert listed == (DEMO_TODAY <= _day(exchange["start_date"]) <= week)
    for exchange in _exchanges(desk, "completed", capsys):
        _code, shown, _err = _run(desk, "show", exchange["reference"], "--json", capsys=capsys)
        missing = json.loads(shown)["report"] is None
        assert (("report", exchange["reference"]) in by_ref) == missing
        if missing:
            expected = _day(exchange["end_date"]) + timedelta(days=14)
            assert by_ref[("report", exchange["reference"])]["due_on"] == expected.isoformat()
    waiting = {item.exchange_uid for b in sepa.open_batches(desk) for item in b.items}
    for exchange in _exchanges(desk, "reported", capsys):
        expected = _day(exchange["report_validated_on"]) + timedelta(days=10)
        key = ("payment", exchange["reference"])
        if exchange["uid"] in waiting:
            assert key not in by_ref
        else:
            assert by_ref[key]["due_on"] == expected.isoformat()


def test_an_open_batch_is_due_as_a_payment_until_confirmed(desk: Any, capsys: Any) -> None:
    batches = sepa.open_batches(desk)
    assert batches  # the demo has one
    number = batches[0].number
    items = json.loads(_run(desk, "due", "--json", capsys=capsys)[1])
    batch_lines = [item for item in items if item["reference"] == number]
    assert [item["kind"] for item in batch_lines] == ["payment"]
    assert number in batch_lines[0]["what"]

    assert _run(desk, "sepa", "--confirm", number, capsys=capsys)[0] == 0

    items = json.loads(_run(desk, "due", "--json", capsys=capsys)[1])
    assert all(item["reference"] != number for item in items)


def test_due_text_is_one_line_each_in_the_same_order(desk: Any, capsys: Any) -> None:
    items = json.loads(_run(desk, "due", "--json", capsys=capsys)[1])
    code, out, _err = _run(desk, "due", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        assert line.startswith(item["due_on"])
        assert item["kind"] in line and item["reference"] in line
