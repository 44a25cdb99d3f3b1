"""`report-in`, `validate-report`, `pay`: the closing report, evidence, validation, payment."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cxdesk.cli.arguments import date_value
from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK
from cxdesk.core.text import printable

#: The kinds of evidence (domain/codes.py EvidenceKind), spelled here so that --help loads nothing.
KINDS = ("travel", "accommodation", "attendance", "other")


def _kind_and(value: str, what: str) -> tuple[str, str]:
    """`KIND:TEXT` → (kind, text); a kind that is none, or no text, is a usage error."""
    kind, sep, rest = value.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in KINDS or not rest.strip():
        raise argparse.ArgumentTypeError(
            f"{value} is not KIND:{what} (KIND one of {', '.join(KINDS)})"
        )
    return kind, rest


def evidence_value(value: str) -> tuple[str, str]:
    return _kind_and(value, "FILE")


def waiver_value(value: str) -> tuple[str, str]:
    kind, reason = _kind_and(value, "REASON")
    return kind, reason.strip()


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""
    report_in = sub.add_parser(
        "report-in", help="read a visitor's filled closing-report form, with the evidence files"
    )
    report_in.add_argument("reference", metavar="REFERENCE")
    report_in.add_argument("form", type=Path, metavar="FORM.pdf")
    report_in.add_argument(
        "--evidence",
        type=evidence_value,
        action="append",
        default=[],
        metavar="KIND:FILE",
        help=f"an evidence file to attach (KIND: {', '.join(KINDS)}); again for more",
    )

    validate = sub.add_parser(
        "validate-report", help="validate the closing report: the exchange becomes reported"
    )
    validate.add_argument("reference", metavar="REFERENCE")
    validate.add_argument("--on", type=date_value, help="the day validated (default today)")
    validate.add_argument(
        "--waive",
        type=waiver_value,
        action="append",
        default=[],
        metavar="KIND:REASON",
        help="a kind of evidence not needed, and why; again for more",
    )

    pay = sub.add_parser("pay", help="record the payment of the amount due: the exchange is paid")
    pay.add_argument("reference", metavar="REFERENCE")
    pay.add_argument("--on", type=date_value, help="the day paid (default today)")
    pay.add_argument("--bank-reference", help="the bank's reference of the transfer")


def _said(message: str) -> int:
    print(printable(message))
    return EXIT_OK


def cmd_report_in(args: argparse.Namespace) -> int:
    from cxdesk.services.closing import receive_form
    from cxdesk.services.evidence import evidence_kind

    files = [(evidence_kind(kind), Path(path)) for kind, path in args.evidence]
    db = open_desk(args)
    try:
        change = receive_form(db, args.reference, args.form, files, source="cli")
    finally:
        db.close()
    return _said(change.message)


def cmd_validate_report(args: argparse.Namespace) -> int:
    from cxdesk.services.closing import validate_report

    db = open_desk(args)
    try:
        change = validate_report(db, args.reference, on=args.on, waivers=args.waive, source="cli")
    finally:
        db.close()
    return _said(change.message)


def cmd_pay(args: argparse.Namespace) -> int:
    from cxdesk.services.closing import pay

    db = open_desk(args)
    try:
        change = pay(
            db, args.reference, on=args.on, bank_reference=args.bank_reference, source="cli"
        )
    finally:
        db.close()
    for warning in change.warnings:
        print(printable(warning), file=sys.stderr)
    return _said(change.message)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report-in": cmd_report_in,
    "validate-report": cmd_validate_report,
    "pay": cmd_pay,
}
