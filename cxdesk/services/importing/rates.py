"""A package's lump-sum ceilings: they replace the desk's rates for the period they cover."""

from __future__ import annotations

from cxdesk.core.i18n import _
from cxdesk.db.sync.apply import SyncSession
from cxdesk.domain.rates import DEFAULT_RATES
from cxdesk.domain.records import Rate
from cxdesk.services.importing.report import ImportReport
from cxdesk.sync.reader import PackageReader


def import_rates(sync: SyncSession, reader: PackageReader, report: ImportReport) -> None:
    """The package's rates file read and put in place of the desk's rates it replaces."""
    counts = report.counts("rates")
    name = _("Platform package {sequence}").format(sequence=reader.manifest.sequence)
    rates: list[Rate] = []
    for record in reader.records("rates"):
        if record.is_header:
            continue
        counts.read += 1
        row = record.row
        if row is None:
            counts.refused += 1
            continue
        rates.append(
            Rate(
                row["host_country"],
                row["valid_from"],
                row.get("valid_to"),
                row["ceiling"],
                name,
            )
        )
    counts.inserted = sync.replace_rates(name, rates, DEFAULT_RATES)
