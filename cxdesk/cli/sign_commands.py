"""`signed-in`: signed documents back, verified (papers out and back, cli.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK
from cxdesk.core.i18n import _


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""
    signed_in = sub.add_parser(
        "signed-in", help="verify a returned signed agreement or commitment and keep it"
    )
    signed_in.add_argument("reference")
    signed_in.add_argument("signed", type=Path, metavar="SIGNED.pdf")


def cmd_signed_in(args: argparse.Namespace) -> int:
    from cxdesk.services.signature_check import receive_signed, status_note
    from cxdesk.services.signatures import party_label

    db = open_desk(args)
    try:
        received = receive_signed(db, args.reference, args.signed, source="cli")
        note = None if received.now_signed else status_note(db, args.reference)
    finally:
        db.close()
    for warning in received.warnings:
        print(_("warning: {text}").format(text=warning), file=sys.stderr)
    for signer in received.signers:
        when = signer.signed_at.strftime("%Y-%m-%d %H:%M UTC") if signer.signed_at else "?"
        print(
            _("Signed by {name} <{email}> for {party} on {when}.").format(
                name=signer.name, email=signer.email, party=party_label(signer.party), when=when
            )
        )
    print(received.message)
    if note:
        print(note)
    return EXIT_OK


def sign_agreement(args: argparse.Namespace) -> int:
    """`agreement … --sign CERT.p12`: the document signed by the coordinator's partnership."""
    from cxdesk.cli.output import said
    from cxdesk.core.outputs import outermost_missing
    from cxdesk.services.signatures import sign_document

    made = outermost_missing(args.out.parent)
    db = open_desk(args)
    try:
        path = sign_document(
            db,
            args.reference,
            args.out,
            _certificate(args.sign),
            args.passphrase_file,
            getattr(args, "doc_lang", None) or None,
            args.commitment,
        )
    finally:
        db.close()
    print(said(_("Written and signed {path}.").format(path=path), made))
    return EXIT_OK


def _certificate(given: str | Path) -> str | Path:
    """A token URI as given; anything else is a certificate file's path."""
    from cxdesk.pdf.tokens import is_token_uri

    text = str(given)
    return text if is_token_uri(text) else Path(text)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"signed-in": cmd_signed_in}
