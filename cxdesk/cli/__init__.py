"""The `cxdesk` command: parse the arguments, hand over to a service, turn errors into sentences."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from cxdesk.cli.arguments import date_value, output_value
from cxdesk.cli.output import EXIT_REFUSED
from cxdesk.core import i18n, logs
from cxdesk.core.errors import UserError
from cxdesk.core.text import printable


def _interrupted(_signum: int, _frame: object) -> None:
    # A kill (SIGTERM) unwinds like Ctrl+C: half-written files are removed on the way out.
    raise KeyboardInterrupt


class _Version(argparse.Action):
    """`--version`, the installed version read only when asked (not at every start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from cxdesk import __version__

        print(f"cxdesk {__version__}")  # on standard output, as argparse's own action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxdesk",
        description="The desk of ClusterXchange coordinators. With no command: open the window.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    parser.add_argument(
        "--db",
        help="database file or SQLAlchemy URL (default: $CXDESK_DB, "
        "else cxdesk.sqlite3 in the data folder)",
    )
    parser.add_argument("--lang", help="interface and document language (ISO 639-1)")
    parser.add_argument(
        "--user",
        help="the name changes are recorded under (default: $CXDESK_USER, else the login name)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill the database with realistic demo data")
    demo.add_argument("--size", choices=["small", "large", "platform"], default="small")
    demo.add_argument("--seed", type=int, default=1)

    quote = sub.add_parser("quote", help="apply the scheme's rules to a proposed exchange")
    quote.add_argument("--visitor-city", required=True)
    quote.add_argument("--visitor-country", required=True)
    quote.add_argument("--host-city", required=True)
    quote.add_argument("--host-country", required=True)
    quote.add_argument("--start", required=True, type=date_value)
    quote.add_argument("--end", required=True, type=date_value)
    quote.add_argument("--json", action="store_true")

    package = sub.add_parser("import", help="apply a sync package from the platform")
    package.add_argument("package", type=Path, metavar="PACKAGE.zip")
    package.add_argument(
        "--dry-run", action="store_true", help="report what would change and change nothing"
    )
    package.add_argument("--json", action="store_true")

    export = sub.add_parser("export", help="write the desk's package of local changes")
    export.add_argument("out", type=output_value, metavar="OUT.zip")
    export.add_argument("--full", action="store_true", help="every row, not only the changes")
    export.add_argument("--json", action="store_true")

    edit = sub.add_parser("set", help="edit one record through the editors' validation")
    edit.add_argument("table", choices=["organisations", "people", "exchanges"])
    edit.add_argument("key", help="uid, platform id, or an exchange's reference")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")

    backup = sub.add_parser("backup", help="write a backup of the database")
    backup.add_argument("out", type=Path)
    restore = sub.add_parser("restore", help="replace the database by a backup")
    restore.add_argument("source", type=Path, metavar="IN")
    restore.add_argument(
        "--force", action="store_true", help="restore a backup of another partnership too"
    )

    sub.add_parser("check", help="verify the database and the scheme's rules on every exchange")

    agreement = sub.add_parser("agreement", help="the grant agreement of one exchange as PDF")
    agreement.add_argument("reference")
    agreement.add_argument("-o", "--out", required=True, type=output_value, metavar="OUT.pdf")
    agreement.add_argument(
        "--lang", dest="doc_lang", metavar="CODE", help="document language (default: the visitor's)"
    )
    agreement.add_argument(
        "--commitment", action="store_true", help="print the Commitment to Quality instead"
    )
    agreement.add_argument(
        "--sign",
        metavar="CERT.p12",
        help="sign as the partnership (PAdES) with a .p12/.pfx file or a token's "
        'PKCS#11 URI ("pkcs11:token=…;object=…"; --passphrase-file then holds the PIN)',
    )
    agreement.add_argument(
        "--passphrase-file", type=Path, metavar="FILE", help="the certificate's passphrase"
    )
    agreements = sub.add_parser("agreements", help="one grant agreement PDF per exchange")
    agreements.add_argument("-o", "--out", required=True, type=output_value, metavar="DIR")
    agreements.add_argument(
        "--status",
        default="approved",
        choices=[
            "draft",
            "submitted",
            "approved",
            "rejected",
            "signed",
            "completed",
            "reported",
            "paid",
            "cancelled",
        ],
    )
    agreements.add_argument(
        "--lang",
        dest="doc_lang",
        metavar="CODE",
        help="document language (default: each visitor's)",
    )
    agreements.add_argument(
        "--commitment", action="store_true", help="print the Commitments to Quality instead"
    )
    shot = sub.add_parser(
        "screenshot", help="draw the main window off screen into a picture (.png, .jpg)"
    )
    shot.add_argument("-o", "--out", required=True, type=output_value, metavar="OUT.png")
    shot.add_argument(
        "--tab",
        default="members",
        choices=["members", "exchanges", "calendar", "funding", "due", "funding-sepa"],
    )
    shot.add_argument(
        "--lang",
        dest="shot_lang",
        metavar="CODE",
        help="interface language of the picture (default: --lang)",
    )
    shot.add_argument(
        "--exchange",
        metavar="REFERENCE",
        help="show this exchange's pane, scrolled to its Report section",
    )

    conflicts = sub.add_parser(
        "conflicts",
        help="the fields where the desk and the platform disagree, waiting for a choice",
    )
    conflicts.add_argument("--json", action="store_true")
    resolve = sub.add_parser(
        "resolve", help="settle one conflict: keep the desk's value or take the platform's"
    )
    resolve.add_argument("key", help="uid, platform id, or an exchange's reference")
    resolve.add_argument("field", help="the field in conflict (as `conflicts` lists it)")
    resolve.add_argument("--keep", required=True, choices=["desk", "platform"])

    history = sub.add_parser("history", help="every change of one record: when, who, what")
    history.add_argument("key", help="uid, platform id, or an exchange's reference")
    history.add_argument("--json", action="store_true")
    listing = sub.add_parser("list", help="every record of a table, one a line (or JSON)")
    listing.add_argument(
        "table", choices=["organisations", "people", "exchanges", "payments", "reports"]
    )
    listing.add_argument(
        "--filter",
        default="",
        metavar="TEXT",
        help="the tab's text filter: names, cities, references",
    )
    listing.add_argument(
        "--status",
        choices=[
            "draft",
            "submitted",
            "approved",
            "rejected",
            "signed",
            "completed",
            "reported",
            "paid",
            "cancelled",
        ],
        help="exchanges (and their payments) in this status",
    )
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="one record with the rules that fail today")
    show.add_argument("key", help="uid, platform id, or an exchange's reference")
    show.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="create a record through the editors' validation")
    add.add_argument("table", choices=["organisations", "people", "exchanges"])
    add.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    from cxdesk.cli.match_commands import add_match_parser

    add_match_parser(sub)
    from cxdesk.cli.report_commands import add_report_parser

    add_report_parser(sub)
    from cxdesk.cli import (
        closing_commands,
        mail_commands,
        papers_commands,
        payment_commands,
        sign_commands,
    )

    for group in (
        closing_commands,
        papers_commands,
        payment_commands,
        mail_commands,
        sign_commands,
    ):
        group.add_parsers(sub)
    _common_after_command(sub.choices.values())
    return parser


def _common_after_command(parsers: Iterable[argparse.ArgumentParser]) -> None:
    """`--db`, `--lang` and `--user` stand before or after the command (cli.md): each command
    takes them too, and a value given after the command wins."""
    for command in parsers:
        known = {option for action in command._actions for option in action.option_strings}
        if "--db" not in known:
            command.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if "--user" not in known:
            command.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if "--lang" not in known:
            command.add_argument("--lang", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    # Imported here so that `cxdesk --help` and usage errors answer without loading the stack.
    from cxdesk.cli.commands import HANDLERS

    handler = HANDLERS.get(args.command)
    if handler is None:  # no command: the window
        from cxdesk.ui.app import run_window

        return run_window(args.db, args.lang)
    signal.signal(signal.SIGTERM, _interrupted)
    return handler(args)


def _refuse_unknown_languages(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """`--lang` names a language the desk speaks (a region may follow: de_AT); else a usage
    error (exit 2) naming them, rather than English in silence."""
    for option in ("lang", "doc_lang", "shot_lang"):
        code = getattr(args, option, None)
        if code is None:
            continue
        base = code.replace("-", "_").split("_")[0].strip().lower()
        # A document's language may be any participating country's; the messages then are
        # in English when the window does not speak it.
        if base not in i18n.LANGUAGES and base not in i18n.DOCUMENT_LANGUAGES:
            documents_only = sorted(set(i18n.DOCUMENT_LANGUAGES) - set(i18n.LANGUAGES))
            spoken = [*i18n.LANGUAGES, *documents_only]
            parser.error(
                i18n._(
                    "argument --lang: {code} is not a language the desk speaks; "
                    "choose one of {languages}"
                ).format(
                    code=printable(repr(code)),
                    languages=", ".join(spoken),
                )
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _refuse_unknown_languages(parser, args)
    # `--lang` after a document's command names the document's language and the messages'.
    args.lang = getattr(args, "doc_lang", None) or getattr(args, "shot_lang", None) or args.lang
    i18n.set_language(args.lang)
    log_file = logs.setup_logging()
    try:
        return run(args)
    except UserError as exc:
        # A message or problem may quote a package's or a person's text: never raw escapes.
        print(printable(exc.message, multiline=True), file=sys.stderr)
        for problem in exc.problems:
            print(printable(str(problem), multiline=True), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except Exception as exc:
        # A database's foreseeable failure (damaged, busy, full, read-only, a server away)
        # is told in its sentence; the rest is a bug.
        from cxdesk.db.failures import explain

        explained = explain(exc)
        if explained is not None:
            print(explained.message, file=sys.stderr)
            return EXIT_REFUSED
        # A bug: the traceback goes to the log, never to the person; never a password either.
        logs.log_bug(exc, "cxdesk " + " ".join(_without_secrets(argv or sys.argv[1:])))
        print(
            f"cxdesk hit an unexpected error ({type(exc).__name__}); "
            f"the details are in {log_file}.",
            file=sys.stderr,
        )
        return EXIT_REFUSED


def _without_secrets(argv: Sequence[str]) -> list[str]:
    from cxdesk.db.addresses import make_url_safe

    return [make_url_safe(arg) if "://" in arg else arg for arg in argv]
