"""The partnership's results for the agency: the figures, their JSON, and the XLSX or PDF made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import (
    _,
    current_language,
    normalise_language,
)
from cxdesk.core.outputs import atomic_output, check_file
from cxdesk.db import report_queries as queries
from cxdesk.db.engine import Database
from cxdesk.db.report_queries import Period
from cxdesk.db.store import Store
from cxdesk.domain.codes import GRANTED_STATUSES, VOID_STATUSES, Ecosystem, Purpose
from cxdesk.domain.workdays import working_days
from cxdesk.services.agency_content import build_content
from cxdesk.services.agency_figures import AgencyFigures
from cxdesk.services.agency_xlsx import write_workbook

#: The formats `write_report` makes, by the file's suffix.
FORMATS = (".xlsx", ".pdf")
_GRANTED = frozenset(s.value for s in GRANTED_STATUSES)
_VOID = frozenset(s.value for s in VOID_STATUSES)


#: Statuses in the order of an exchange's life, the two dead ends last.
STATUS_ORDER = (
    "draft", "submitted", "approved", "signed", "completed", "reported", "paid",
    "rejected", "cancelled",
)  # fmt: skip


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    """The largest first, then by code: the order a reader scans a breakdown in."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def check_period(first: date | None, last: date | None) -> None:
    """A period that ends before it starts is refused, naming both days."""
    if first is not None and last is not None and last < first:
        raise UserError(
            _("The period ends ({last}) before it starts ({first}): swap the dates.").format(
                first=first.isoformat(), last=last.isoformat()
            )
        )


def report_figures(
    db: Database,
    first: date | None = None,
    last: date | None = None,
    *,
    with_exchanges: bool = False,
) -> AgencyFigures:
    """The indicators of exchanges starting from `first` to `last` (inclusive; None: open)."""
    check_period(first, last)
    period = Period(first, last)
    with db.unit() as session:
        partnership = Store(session).partnership()
        acronym = partnership.acronym if partnership else None
        raw = queries.figures(session, period, acronym)
        listed = queries.listed(session, period, acronym) if with_exchanges else []
    days = sum(working_days(g.start, g.end, g.host_country) * g.count for g in raw.days_groups)
    ecosystems = {e.value: 0 for e in Ecosystem} | raw.by_ecosystem
    return AgencyFigures(
        first=first,
        last=last,
        partnership=acronym,
        by_status={s: raw.by_status.get(s, 0) for s in STATUS_ORDER}
        | {s: n for s, n in raw.by_status.items() if s not in STATUS_ORDER},
        by_ecosystem=_by_count(ecosystems),
        by_purpose={p.value: raw.by_purpose.get(p.value, 0) for p in Purpose},
        by_host_country=_by_count(raw.by_host_country),
        by_visitor_country=_by_count(raw.by_visitor_country),
        kinds=sorted(raw.kinds, key=lambda k: (-k.taking_part, k.kind)),
        organisations_taking_part=raw.organisations_taking_part,
        sme_visitors=raw.sme_visitors,
        green_travel=raw.green_travel,
        granted_by_host_country=dict(
            sorted(raw.granted_by_host_country.items(), key=lambda i: (-i[1], i[0]))
        ),
        granted_total=raw.granted_total,
        paid_total=raw.paid_total,
        working_days=days,
        exchanges=listed,
    )


def report_format(path: Path | str) -> str:
    """ ".xlsx" or ".pdf" from the file's name, or a UserError naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            _(
                "{path}: the report is written as .xlsx or .pdf; end the file's name with "
                "one of them."
            ).format(path=path)
        )
    return suffix


@dataclass(frozen=True)
class WrittenReport:
    path: Path
    figures: AgencyFigures
    note: str  # the folders made for it, said in one sentence ('' when none)


def write_report(
    db: Database,
    out: Path | str,
    first: date | None = None,
    last: date | None = None,
    lang: str | None = None,
    today: date | None = None,
) -> WrittenReport:
    """Write the report to `out` (.xlsx or .pdf by its name), whole or not at all."""
    suffix = report_format(out)
    check_file(out, "report" + suffix)
    figures = report_figures(db, first, last, with_exchanges=suffix == ".xlsx")
    code = normalise_language(lang or current_language())
    content, listing = build_content(figures, code, today or today_utc())
    with atomic_output(out, "report" + suffix) as target:
        if suffix == ".pdf":
            from cxdesk.pdf.agency_report import render_agency_report

            render_agency_report(content, target.path)
        else:
            write_workbook(target.path, content, listing)
    return WrittenReport(target.target, figures, target.note)
