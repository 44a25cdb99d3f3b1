"""Exchanges as an iCalendar file (RFC 5545): all-day events with stable UIDs, written by hand."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cxdesk import __version__
from cxdesk.core.clock import now_utc
from cxdesk.core.i18n import _, country_name
from cxdesk.db.calendar_queries import SpanRow
from cxdesk.domain.codes import STATUS_LABELS, Status

#: RFC 5545 3.1: content lines longer than 75 octets are folded.
LINE_OCTETS = 75

#: The event STATUS a calendar program understands, by exchange status.
EVENT_STATUS = {
    Status.DRAFT: "TENTATIVE",
    Status.SUBMITTED: "TENTATIVE",
    Status.REJECTED: "CANCELLED",
    Status.CANCELLED: "CANCELLED",
}


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded to 75 octets, never inside a UTF-8 character; CRLF-terminated."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # A continuation line starts with a space, which counts in its 75 octets.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def uid_of(exchange_uid: str) -> str:
    """The event's UID: the same exchange keeps it across exports, so calendars update it."""
    return f"{exchange_uid}@cxdesk"


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def event_lines(span: SpanRow, stamp: datetime) -> list[str]:
    country = f"{country_name(span.host_country)} ({span.host_country})"
    summary = _("{reference}: {visitor} at {host}").format(
        reference=span.reference, visitor=span.visitor, host=span.host_organisation
    )
    description = "\n".join(
        (
            _("Visitor: {name} ({organisation})").format(
                name=span.visitor, organisation=span.visiting_organisation
            ),
            _("Host: {name}, {country}").format(name=span.host_organisation, country=country),
            _("Status: {status}").format(status=_(STATUS_LABELS[Status(span.status)])),
        )
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{uid_of(span.uid)}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{_day(span.start_date)}",
        # All-day events end the day after the last day (DTEND is exclusive).
        f"DTEND;VALUE=DATE:{_day(span.end_date + timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"LOCATION:{escape(country)}",
        f"STATUS:{EVENT_STATUS.get(Status(span.status), 'CONFIRMED')}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def to_ical(spans: Iterable[SpanRow], *, stamp: datetime | None = None) -> str:
    """The calendar text: one VEVENT per exchange, folded, with CRLF line ends."""
    stamp = (stamp or now_utc()).astimezone(UTC)
    name = escape(_("ClusterXchange exchanges"))  # outside the f-string, where babel finds it
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//ClusterXchange//cxdesk {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{name}",
    ]
    for span in spans:
        lines.extend(event_lines(span, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def write_ical(path: Path, spans: Iterable[SpanRow]) -> int:
    """Write the spans to `path`; return how many events it holds."""
    items = list(spans)
    # newline="" keeps the CRLF the format requires on every platform.
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(to_ical(items))
    return len(items)
