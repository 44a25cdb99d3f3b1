"""iCalendar export read back: one event per exchange, stable UIDs, folded lines, escaped text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cxdesk.db.calendar_queries import SpanRow
from cxdesk.services.calendar import calendar_view
from cxdesk.services.ical import escape, fold, to_ical, write_ical


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    """The events of a calendar text: unfold, split name from value, one dict per VEVENT."""
    assert text.endswith("\r\n")
    physical = text.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
        assert "\n" not in line and "\r" not in line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    events: list[dict[str, str]] = []
    for line in logical:
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT":
            events[-1][name] = value
    return events


def span(**overrides: Any) -> SpanRow:
    values: dict[str, Any] = {
        "uid": "3f2b0c8e-1111-4a4a-9b9b-000000000001",
        "reference": "CX-2026-0001",
        "status": "approved",
        "start_date": date(2026, 4, 1),
        "end_date": date(2026, 4, 10),
        "visitor_uid": "v",
        "visitor": "Zoë Ångström-Παπαδοπούλου",
        "visiting_organisation": "Cluster; Digital, Ltd \\ Nord\nSecond line",
        "host_organisation": "Кластер Цифрова Україна, Київ; відділ інновацій та трансферу",
        "host_country": "UA",
    }
    values.update(overrides)
    return SpanRow(**values)


def test_one_all_day_event_per_exchange_with_a_stable_uid(demo_db: Any) -> None:
    spans = calendar_view(demo_db, date(2025, 1, 1), date(2025, 12, 31)).spans
    assert len(spans) > 5
    events = parse(to_ical(spans))
    assert len(events) == len(spans)
    for event, shown in zip(events, spans, strict=True):
        assert event["UID"] == f"{shown.uid}@cxdesk"
        assert event["DTSTART;VALUE=DATE"] == shown.start_date.strftime("%Y%m%d")
        end = shown.end_date + timedelta(days=1)  # DTEND is exclusive
        assert event["DTEND;VALUE=DATE"] == end.strftime("%Y%m%d")
        summary = unescape(event["SUMMARY"])
        assert shown.reference in summary and shown.host_organisation in summary
    # Exported again later: the same UIDs, so a calendar updates its events, not doubles them.
    later = parse(to_ical(spans, stamp=datetime(2030, 1, 1, tzinfo=UTC)))
    assert [e["UID"] for e in later] == [e["UID"] for e in events]


def test_text_is_escaped_and_long_lines_are_folded_at_75_octets() -> None:
    shown = span()
    events = parse(to_ical([shown]))
    assert len(events) == 1
    description = unescape(events[0]["DESCRIPTION"])
    assert shown.visiting_organisation in description
    assert unescape(events[0]["SUMMARY"]).endswith(shown.host_organisation)
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "Ω" * 100
    folded = fold(line)
    parts = folded.split("\r\n")[:-1]
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_the_file_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "exchanges.ics"
    assert write_ical(path, [span(), span(uid="other", reference="CX-2026-0002")]) == 2
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert len(parse(raw.decode("utf-8"))) == 2
