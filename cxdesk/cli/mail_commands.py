"""`send`, `outbox`: documents out by e-mail (papers out and back, cli.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, EXIT_REFUSED, print_json
from cxdesk.core.i18n import _, ngettext

KINDS = ("agreement", "commitment", "report-form", "certificate")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""
    send = sub.add_parser(
        "send", help="put a document into the outbox as an e-mail, in the recipient's language"
    )
    send.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    send.add_argument("reference")
    send.add_argument("--to", metavar="EMAIL", help="the recipient (default: the visitor)")
    outbox = sub.add_parser("outbox", help="the e-mails waiting, sent or failed; --send sends")
    outbox.add_argument("--send", action="store_true", help="send what waits (and what failed) now")
    outbox.add_argument("--json", action="store_true")


def cmd_send(args: argparse.Namespace) -> int:
    from cxdesk.services.mail import queue

    db = open_desk(args)
    try:
        message = queue(db, args.kind, args.reference, args.to)
    finally:
        db.close()
    print(
        _(
            "Queued the {document} of {reference} to {address} ({language}): message {id} "
            "waits in the outbox."
        ).format(
            document=message.document,
            reference=message.reference,
            address=message.to,
            language=message.language,
            id=message.id,
        )
    )
    return EXIT_OK


def cmd_outbox(args: argparse.Namespace) -> int:
    from cxdesk.services.outbox import list_outbox, send_waiting

    db = open_desk(args)
    code = EXIT_OK
    try:
        if args.send:
            outcome = send_waiting(db)
            if not args.json:
                count = len(outcome.sent)
                print(ngettext("{n} message sent.", "{n} messages sent.", count).format(n=count))
            for _message, error in outcome.failed:
                print(error, file=sys.stderr)
                code = EXIT_REFUSED
        messages = list_outbox(db)
    finally:
        db.close()
    if args.json:
        print_json([m.to_json() for m in messages])
        return code
    if not args.send:
        if not messages:
            print(_("The outbox is empty."))
        for m in messages:
            print(
                f"{m.id:>4}  {m.status:<7}  {m.to}  {m.document} {m.reference or ''}  {m.subject}"
            )
            if m.error:
                print(f"      {m.error}")
    return code


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "send": cmd_send,
    "outbox": cmd_outbox,
}
