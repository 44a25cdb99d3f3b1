"""`cxdesk report`: the partnership's indicators for the agency, as XLSX or PDF, and as JSON."""

from __future__ import annotations

import argparse

from cxdesk.cli import EXIT_OK, print_json
from cxdesk.core.i18n import _, current_language
from cxdesk.core.outputs import check_file, outermost_missing


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `report` command's arguments (cli.md)."""
    from cxdesk.cli import _date, _output

    report = sub.add_parser(
        "report", help="the partnership's indicators for the agency as XLSX or PDF"
    )
    report.add_argument("-o", "--out", required=True, type=_output, metavar="OUT.xlsx|OUT.pdf")
    report.add_argument("--from", dest="first", type=_date, metavar="DATE",
                        help="exchanges starting on or after this day (default: all time)")
    report.add_argument("--to", dest="last", type=_date, metavar="DATE",
                        help="exchanges starting on or before this day (default: all time)")
    report.add_argument("--lang", dest="doc_lang", metavar="CODE",
                        help="document language (default: the interface's)")
    report.add_argument("--json", action="store_true", help="also print the figures as JSON")


def cmd_report(args: argparse.Namespace) -> int:
    from cxdesk.cli.commands import _db, _said
    from cxdesk.services.agency_report import check_period, report_format, write_report

    # Told before the database is opened (a new one would be created for nothing).
    suffix = report_format(args.out)
    check_file(args.out, "report" + suffix)
    check_period(args.first, args.last)
    made = outermost_missing(args.out.parent)
    db = _db(args)
    try:
        written = write_report(db, args.out, args.first, args.last, current_language())
    finally:
        db.close()
    if args.json:
        print_json(written.figures.to_json())
    else:
        print(_said(_("Report written to {path}.").format(path=written.path), made))
    return EXIT_OK
