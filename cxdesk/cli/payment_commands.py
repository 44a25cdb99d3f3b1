"""`sepa` and `due`: SEPA credit transfer batches and what needs doing, soonest first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cxdesk.cli.arguments import date_value, output_value
from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, EXIT_USAGE, print_json
from cxdesk.core.i18n import _
from cxdesk.core.text import printable


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""
    sepa = sub.add_parser(
        "sepa",
        help="a SEPA credit transfer file of the payments due; confirm or cancel a batch",
    )
    sepa.add_argument("-o", "--output", type=output_value, help="the SEPA file to write (XML)")
    sepa.add_argument(
        "--execution-date", type=date_value, help="the day the bank pays (default today)"
    )
    sepa.add_argument("--debtor-iban", help="the account paid from (default: the settings')")
    sepa.add_argument("--debtor-name", help="the name of the account paid from")
    sepa.add_argument("--debtor-bic", help="the BIC of the account paid from")
    sepa.add_argument(
        "--confirm", metavar="BATCH|OUT.xml", help="the bank paid the batch: record the payments"
    )
    sepa.add_argument(
        "--cancel", metavar="BATCH|OUT.xml", help="the batch was not paid: release its payments"
    )
    sepa.add_argument("--on", type=date_value, help="the day the bank paid (default today)")
    sepa.add_argument("--bank-reference", help="the bank's reference of the transfer")
    due = sub.add_parser("due", help="what needs doing, soonest first")
    due.add_argument("--json", action="store_true")


def _usage(message: str) -> int:
    print(f"cxdesk sepa: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_sepa(args: argparse.Namespace) -> int:
    chosen = [o for o in ("output", "confirm", "cancel") if getattr(args, o) is not None]
    if len(chosen) != 1:
        return _usage(_("give one of -o OUT.xml, --confirm BATCH or --cancel BATCH."))
    writing = chosen[0] == "output"
    debtor_given = any((args.debtor_iban, args.debtor_name, args.debtor_bic))
    if not writing and (debtor_given or args.execution_date):
        return _usage(_("the account and execution date are given when writing a file (-o)."))
    if writing and (args.on or args.bank_reference):
        return _usage(_("--on and --bank-reference go with --confirm."))
    if chosen[0] == "cancel" and (args.on or args.bank_reference):
        return _usage(_("--on and --bank-reference go with --confirm."))
    if debtor_given and not (args.debtor_iban and args.debtor_name):
        return _usage(_("give both --debtor-iban and --debtor-name (and --debtor-bic if needed)."))
    if writing:
        return _write(args)
    from cxdesk.services.sepa import cancel_batch, confirm_batch

    db = open_desk(args)
    try:
        if args.confirm is not None:
            change = confirm_batch(
                db, args.confirm, on=args.on, bank_reference=args.bank_reference, source="cli"
            )
        else:
            change = cancel_batch(db, args.cancel, source="cli")
    finally:
        db.close()
    print(change.message)
    return EXIT_OK


def _write(args: argparse.Namespace) -> int:
    from cxdesk.services.account import checked_account
    from cxdesk.services.sepa import write_batch

    debtor = None
    if args.debtor_iban:
        debtor = checked_account(args.debtor_name, args.debtor_iban, args.debtor_bic)
    db = open_desk(args)
    try:
        written = write_batch(
            db, args.output, execution_date=args.execution_date, debtor=debtor, source="cli"
        )
    finally:
        db.close()
    print(written.batch.number)
    print(" ".join(part for part in (written.change.message, written.note) if part))
    if written.left_out:
        print(_("Left out:"))
        for item in written.left_out:
            print(f"  {printable(str(item))}")
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    from cxdesk.services.due import due_items

    db = open_desk(args)
    try:
        items = due_items(db)
    finally:
        db.close()
    if args.json:
        print_json([item.to_json() for item in items])
        return EXIT_OK
    if not items:
        print(_("Nothing is due."))
    for item in items:
        print(
            f"{item.due_on.isoformat()}  {item.days_left:>+5d}  {item.kind:<9}  "
            f"{item.reference:<15}  {printable(item.what)}"
        )
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"sepa": cmd_sepa, "due": cmd_due}
