"""`cxdesk report`: the partnership's indicators for the agency, as XLSX or PDF, and as JSON."""

from __future__ import annotations

import argparse

from cxdesk.cli.arguments import date_value, output_value
from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, print_json, said
from cxdesk.core.i18n import _, current_language
from cxdesk.core.outputs import check_file, outermost_missing


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `report` command's arguments (cli.md)."""
    report = sub.add_parser(
        "report", help="the partnership's indicators for the agency as XLSX or PDF"
    )
    report.add_argument("-o", "--out", required=True, type=output_value, metavar="OUT.xlsx|OUT.pdf")
    report.add_argument(
        "--from",
        dest="first",
        type=date_value,
        metavar="DATE",
        help="exchanges starting on or after this day (default: all time)",
    )
    report.add_argument(
        "--to",
        dest="last",
        type=date_value,
        metavar="DATE",
        help="exchanges starting on or before this day (default: all time)",
    )
    report.add_argument(
        "--lang",
        dest="doc_lang",
        metavar="CODE",
        help="document language (default: the interface's)",
    )
    report.add_argument("--json", action="store_true", help="also print the figures as JSON")


def cmd_report(args: argparse.Namespace) -> int:
    from cxdesk.services.agency_report import check_period, report_format, write_report

    # Told before the database is opened (a new one would be created for nothing).
    suffix = report_format(args.out)
    check_file(args.out, "report" + suffix)
    check_period(args.first, args.last)
    made = outermost_missing(args.out.parent)
    db = open_desk(args)
    try:
        written = write_report(db, args.out, args.first, args.last, current_language())
    finally:
        db.close()
    if args.json:
        print_json(written.figures.to_json())
    else:
        print(said(_("Report written to {path}.").format(path=written.path), made))
    return EXIT_OK
