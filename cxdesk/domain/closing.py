"""Closing an exchange: the evidence checklist, what validating a report needs, the amount due."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, ngettext
from cxdesk.domain.codes import EVIDENCE_KIND_LABELS, REQUIRED_EVIDENCE, EvidenceKind
from cxdesk.domain.rates import HALVING_WORKING_DAYS, MINIMUM_WORKING_DAYS, halve, money
from cxdesk.domain.records import Evidence, Exchange, Report, Waiver
from cxdesk.domain.workdays import working_days

#: An evidence file larger than this is refused (a scan of a few pages is far smaller).
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
#: The kinds of file evidence may be, told by their first bytes (not by their names).
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
#: The closing-report form's fields (cli.md, `report-form`).
FORM_FIELDS = (
    "reference",
    "actual_start",
    "actual_end",
    "activities",
    "results",
    "rating",
    "iban",
    "bic",
    "account_holder",
)


def media_type_of(head: bytes) -> str | None:
    """The media type a file's first bytes show (PDF, PNG, JPEG); None for any other file."""
    for signature, media_type in SIGNATURES:
        if head.startswith(signature):
            return media_type
    return None


def evidence_file_name(name: str) -> str:
    """A file's base name as kept with its evidence: `:` and `;` would break reports.csv."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.replace(":", "_").replace(";", "_") or "evidence"


def kind_words(kinds: Iterable[EvidenceKind]) -> str:
    """`travel (Travel tickets or boarding passes), …`: the code to type and what it is."""
    return ", ".join(f"{kind.value} ({_(EVIDENCE_KIND_LABELS[kind])})" for kind in kinds)


# -- the checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistLine:
    """One kind of evidence a validation needs: the files attached, or the waiver and why."""

    kind: EvidenceKind
    evidence: tuple[Evidence, ...]
    waiver: Waiver | None

    @property
    def done(self) -> bool:
        return bool(self.evidence) or self.waiver is not None


def checklist(evidence: Sequence[Evidence], waivers: Sequence[Waiver]) -> tuple[ChecklistLine, ...]:
    """Each required kind of evidence with what covers it, in the order the scheme lists them."""
    waived = {w.kind: w for w in waivers}
    return tuple(
        ChecklistLine(kind, tuple(e for e in evidence if e.kind is kind), waived.get(kind))
        for kind in REQUIRED_EVIDENCE
    )


def missing_kinds(lines: Iterable[ChecklistLine]) -> tuple[EvidenceKind, ...]:
    return tuple(line.kind for line in lines if not line.done)


# -- validation ------------------------------------------------------------------------------


def stay_of(exchange: Exchange, report: Report | None) -> tuple[date, date]:
    """The dates the visit really took (the report's), else the planned ones."""
    start = report.actual_start if report and report.actual_start else exchange.start_date
    end = report.actual_end if report and report.actual_end else exchange.end_date
    return start, end


def validation_problems(
    exchange: Exchange,
    report: Report | None,
    lines: Sequence[ChecklistLine],
    on: date,
    today: date,
) -> list[str]:
    """Why the report of `exchange` cannot be validated on `on` (given today); [] when it can."""
    problems: list[str] = []
    if report is None:
        problems.append(
            _(
                "There is no closing report yet: read the visitor's form in (report-in) or "
                "type the report"
            )
        )
    end = exchange.end_date
    if report is not None and report.actual_end is not None:
        end = max(end, report.actual_end)  # a visit that really ended later is over later
    if on < end:
        problems.append(
            _("It cannot be validated on {date}, before the visit ends on {end}").format(
                date=on.isoformat(), end=end.isoformat()
            )
        )
    if on > today:
        problems.append(
            _("It cannot be validated on {date}, a day still to come").format(date=on.isoformat())
        )
    if report is not None:
        start, stop = stay_of(exchange, report)
        if stop < start:
            problems.append(
                _("The report says the visit ended on {end}, before it started on {start}").format(
                    end=stop.isoformat(), start=start.isoformat()
                )
            )
    missing = missing_kinds(lines)
    if missing:
        problems.append(
            ngettext(
                "Evidence missing: {kinds}; attach it or waive it with a reason",
                "Evidence missing: {kinds}; attach them or waive them with a reason",
                len(missing),
            ).format(kinds=kind_words(missing))
        )
    return problems


@dataclass(frozen=True)
class Settlement:
    """What is owed once the report is validated, and why it is less than the granted sum."""

    amount_due: Decimal
    reduction_reason: str | None
    working_days: int

    @property
    def eligible(self) -> bool:
        return self.amount_due > 0


def settle(
    *,
    granted: Decimal,
    ceiling: Decimal | None,
    already_halved: bool,
    host_country: str,
    start: date,
    end: date,
) -> Settlement:
    """The amount due for a stay actually taken from `start` to `end` at the host.

    Under 3 working days: nothing (not eligible). Under 5: the halved ceiling, never more than
    granted — a lump sum granted halved already (distance, planned days) is halved only once.
    Otherwise the granted sum: a longer stay than planned does not raise it.
    """
    days = working_days(start, end, host_country)
    granted = money(granted)
    if days < MINIMUM_WORKING_DAYS:
        reason = ngettext(
            "Not eligible: the visit actually took {days} working day at the host, fewer than "
            "the minimum of {minimum}",
            "Not eligible: the visit actually took {days} working days at the host, fewer than "
            "the minimum of {minimum}",
            days,
        ).format(days=days, minimum=MINIMUM_WORKING_DAYS)
        return Settlement(money(0), reason, days)
    if days < HALVING_WORKING_DAYS:
        if ceiling is not None and ceiling > 0:
            lower = min(granted, halve(ceiling))
        else:
            lower = granted if already_halved else halve(granted)
        if lower < granted:
            reason = ngettext(
                "Halved: the visit actually took {days} working day at the host, fewer than "
                "{minimum}",
                "Halved: the visit actually took {days} working days at the host, fewer than "
                "{minimum}",
                days,
            ).format(days=days, minimum=HALVING_WORKING_DAYS)
            return Settlement(lower, reason, days)
    return Settlement(granted, None, days)


# -- the visitor's form ----------------------------------------------------------------------


@dataclass(frozen=True)
class FormContent:
    """What a filled closing-report form says, typed."""

    reference: str
    actual_start: date | None
    actual_end: date | None
    activities: str | None
    results: str | None
    rating: int | None
    iban: str | None
    bic: str | None
    account_holder: str | None


def _text(fields: Mapping[str, str], name: str) -> str | None:
    value = (fields.get(name) or "").strip()
    return value or None


def _day(fields: Mapping[str, str], name: str, file: str) -> date | None:
    text = _text(fields, name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            _("{file}: the field {field} holds “{value}”, not a date (YYYY-MM-DD).").format(
                file=file, field=name, value=text
            )
        ) from None


def parse_rating(text: str | None) -> int | None:
    """A rating 1–5 as a form's text or choice holds it ("4", "4 - good"); None when empty.

    Raises ValueError for anything else."""
    if text is None or not text.strip():
        return None
    found = re.match(r"\s*([1-5])(?!\d)", text)
    if found:
        return int(found.group(1))
    raise ValueError(text)


def form_content(fields: Mapping[str, str], file: str) -> FormContent:
    """The form's fields typed; a value that is not what its field asks for is refused, naming
    the file and the field."""
    reference = _text(fields, "reference")
    if reference is None:
        raise UserError(
            _("{file} is not a closing-report form of cxdesk: it has no reference field.").format(
                file=file
            )
        )
    try:
        rating = parse_rating(fields.get("rating"))
    except ValueError:
        raise UserError(
            _("{file}: the rating “{value}” is not a number from 1 to 5.").format(
                file=file, value=(fields.get("rating") or "").strip()
            )
        ) from None
    start = _day(fields, "actual_start", file)
    end = _day(fields, "actual_end", file)
    if start is not None and end is not None and end < start:
        raise UserError(
            _("{file}: the visit ends on {end}, before it starts on {start}.").format(
                file=file, end=end.isoformat(), start=start.isoformat()
            )
        )
    return FormContent(
        reference=reference,
        actual_start=start,
        actual_end=end,
        activities=_text(fields, "activities"),
        results=_text(fields, "results"),
        rating=rating,
        iban=_text(fields, "iban"),
        bic=_text(fields, "bic"),
        account_holder=_text(fields, "account_holder"),
    )
