"""`cxdesk list`, `show` and `add`: every record from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, EXIT_USAGE, print_json
from cxdesk.core.i18n import _
from cxdesk.core.text import printable

#: The tables whose records have a status to filter on (a payment: its exchange's).
WITH_STATUS = ("exchanges", "payments")


def cmd_list(args: argparse.Namespace) -> int:
    from cxdesk.services.records import list_lines, list_records

    if args.status and args.table not in WITH_STATUS:
        print(
            _("cxdesk list: --status applies to exchanges and payments only."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    db = open_desk(args)
    count = 0
    try:
        if args.json:
            _print_array(list_records(db, args.table, args.filter, args.status))
            return EXIT_OK
        for line in list_lines(db, args.table, args.filter, args.status):
            print(printable(line))
            count += 1
        sys.stdout.flush()
    except BrokenPipeError:
        # `cxdesk list … | head`: the reader has all it wanted; nothing more to say.
        _quiet_stdout()
        return EXIT_OK
    finally:
        db.close()
    if not count:
        print(_("No reports.") if args.table == "reports" else _("Nothing matches."))
    return EXIT_OK


def _quiet_stdout() -> None:
    """Send what Python still flushes at exit to nowhere, as the pipe's reader is gone."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _print_array(records: Any) -> None:
    """A JSON array written an object at a time: 300,000 organisations never in memory at once."""
    out = sys.stdout
    first = True
    for record in records:
        # One object a line: a script may read the array whole or line by line.
        text = json.dumps(record, ensure_ascii=False)
        out.write(("[\n" if first else ",\n") + text)
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()


def cmd_show(args: argparse.Namespace) -> int:
    from cxdesk.services.records import show_record

    db = open_desk(args)
    try:
        record = show_record(db, args.key)
    finally:
        db.close()
    if args.json:
        record.pop("table")
        print_json(record)
        return EXIT_OK
    table = record.pop("table")
    rules = record.pop("rules")
    payments = record.pop("payments", None)
    entries = record.pop("history", None)
    report = record.pop("report", None)
    what_words = {"created": _("created"), "deleted": _("deleted")}
    print(f"{table}:")
    for field, value in record.items():
        print(f"  {field}: {_plain(value)}")
    if rules:
        print(_("Rules that fail today:"))
        for reason in rules:
            print(f"  - {printable(reason)}")
    else:
        print(_("Rules that fail today: none."))
    if payments is not None:
        print(_("Payments:") if payments else _("Payments: none."))
        for payment in payments:
            print(
                f"  {payment['paid_on']}  {payment['amount']} EUR  {payment['kind']}  "
                f"{payment['uid']}"
            )
    if table == "exchanges":
        _print_report(report)
    if entries is not None:
        print(_("History:"))
        for entry in entries:
            if entry["field"] is None:
                what = what_words.get(entry["what"], entry["what"])
            else:
                what = _("{field}: {old} → {new}").format(
                    field=entry["field"], old=_plain(entry["from"]), new=_plain(entry["to"])
                )
            print(f"  {entry['at']}  {printable(entry['user'])}  {printable(what)}")
    return EXIT_OK


def _print_report(report: dict[str, Any] | None) -> None:
    """The closing report under the exchange: dates, rating, what is due, each evidence file."""
    if report is None:
        print(_("Closing report: none."))
        return
    print(_("Closing report:"))
    for field in ("received_on", "actual_start", "actual_end", "rating", "amount_due"):
        print(f"  {field}: {_plain(report.get(field))}")
    if report.get("reduction_reason"):
        print(f"  reduction_reason: {_plain(report['reduction_reason'])}")
    for field in ("activities", "results"):
        if report.get(field):
            print(f"  {field}: {printable(report[field], multiline=True)}")
    for item in report["evidence"]:
        print(f"  evidence: {item['kind']}  {printable(item['file_name'])}  {item['sha256']}")


def _plain(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(str(value))


def cmd_add(args: argparse.Namespace) -> int:
    from cxdesk.services.records import add_record

    db = open_desk(args)
    try:
        added = add_record(db, args.table, args.assignments)
    finally:
        db.close()
    # The uid alone on the first line: what a script reads back.
    print(added.uid)
    if added.reference:
        print(added.reference)
    print(printable(added.change.message), file=sys.stderr)
    for warning in added.change.warnings:
        print(_("warning: {text}").format(text=warning), file=sys.stderr)
    return EXIT_OK
