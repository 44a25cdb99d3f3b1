"""`report-form`, `certificate`: the papers of an exchange's second half."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from cxdesk.cli.arguments import output_value
from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, said
from cxdesk.core.i18n import _
from cxdesk.core.outputs import check_file, outermost_missing


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """This group's commands and their arguments (cli.md)."""
    for command, help_text in (
        ("report-form", "the closing-report form of one exchange as a fillable PDF"),
        ("certificate", "the certificate of participation of one completed exchange as PDF"),
    ):
        parser = sub.add_parser(command, help=help_text)
        parser.add_argument("reference")
        parser.add_argument("-o", "--out", required=True, type=output_value, metavar="OUT.pdf")
        parser.add_argument(
            "--lang",
            dest="doc_lang",
            metavar="CODE",
            help="document language (default: the visitor's)",
        )


Writer = Callable[..., tuple[Path, str]]


def _write(args: argparse.Namespace, writer: Writer) -> int:
    from cxdesk.pdf.agreement import file_name
    from cxdesk.services.agreements import english_instead

    check_file(args.out, file_name(args.reference))  # told before the database is opened
    made = outermost_missing(args.out.parent)
    db = open_desk(args)
    try:
        path, _language = writer(db, args.reference, args.out, getattr(args, "doc_lang", None))
        note = english_instead(db, args.reference, getattr(args, "doc_lang", None))
    finally:
        db.close()
    print(said(_("Written {path}.").format(path=path), made))
    if note:
        print(note)
    return EXIT_OK


def cmd_report_form(args: argparse.Namespace) -> int:
    from cxdesk.services.papers import report_form

    return _write(args, report_form)


def cmd_certificate(args: argparse.Namespace) -> int:
    from cxdesk.services.papers import certificate

    return _write(args, certificate)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report-form": cmd_report_form,
    "certificate": cmd_certificate,
}
