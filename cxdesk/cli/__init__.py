"""The `cxdesk` command: parse the arguments, hand over to a service, turn errors into sentences."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cxdesk import __version__
from cxdesk.core import i18n, logs
from cxdesk.core.errors import UserError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_CONFLICTS = 0, 1, 2, 3


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value} is not a date (YYYY-MM-DD)") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxdesk",
        description="The desk of ClusterXchange coordinators. With no command: open the window.",
    )
    parser.add_argument("--version", action="version", version=f"cxdesk {__version__}")
    parser.add_argument(
        "--db",
        help="database file or SQLAlchemy URL (default: $CXDESK_DB, "
        "else cxdesk.sqlite3 in the data folder)",
    )
    parser.add_argument("--lang", help="interface and document language (ISO 639-1)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill the database with realistic demo data")
    demo.add_argument("--size", choices=["small", "large", "platform"], default="small")
    demo.add_argument("--seed", type=int, default=1)

    quote = sub.add_parser("quote", help="apply the scheme's rules to a proposed exchange")
    quote.add_argument("--visitor-city", required=True)
    quote.add_argument("--visitor-country", required=True)
    quote.add_argument("--host-city", required=True)
    quote.add_argument("--host-country", required=True)
    quote.add_argument("--start", required=True, type=_date)
    quote.add_argument("--end", required=True, type=_date)
    quote.add_argument("--json", action="store_true")

    package = sub.add_parser("import", help="apply a sync package from the platform")
    package.add_argument("package", type=Path, metavar="PACKAGE.zip")
    package.add_argument("--dry-run", action="store_true",
                         help="report what would change and change nothing")
    package.add_argument("--json", action="store_true")

    export = sub.add_parser("export", help="write the desk's package of local changes")
    export.add_argument("out", type=Path, metavar="OUT.zip")
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

    sub.add_parser("check", help="verify the database and the scheme's rules on every exchange")

    agreement = sub.add_parser("agreement", help="the grant agreement of one exchange as PDF")
    agreement.add_argument("reference")
    agreement.add_argument("-o", "--out", required=True, type=Path, metavar="OUT.pdf")
    agreement.add_argument("--lang", dest="doc_lang", metavar="CODE",
                           help="document language (default: the visitor's)")
    agreement.add_argument("--commitment", action="store_true",
                           help="print the Commitment to Quality instead")
    agreements = sub.add_parser("agreements", help="one grant agreement PDF per exchange")
    agreements.add_argument("-o", "--out", required=True, type=Path, metavar="DIR")
    agreements.add_argument("--status", default="approved",
                            choices=["draft", "submitted", "approved", "rejected", "signed",
                                     "completed", "reported", "paid", "cancelled"])
    agreements.add_argument("--lang", dest="doc_lang", metavar="CODE",
                            help="document language (default: each visitor's)")
    agreements.add_argument("--commitment", action="store_true",
                            help="print the Commitments to Quality instead")
    shot = sub.add_parser("screenshot", help="draw the main window off screen into a PNG")
    shot.add_argument("-o", "--out", required=True, type=Path, metavar="OUT.png")
    shot.add_argument(
        "--tab", default="members", choices=["members", "exchanges", "calendar", "funding"]
    )
    shot.add_argument("--lang", dest="shot_lang", metavar="CODE",
                      help="interface language of the picture (default: --lang)")
    return parser


def run(args: argparse.Namespace) -> int:
    # Imported here so that `cxdesk --help` and usage errors answer without loading the stack.
    from cxdesk.cli.commands import HANDLERS

    handler = HANDLERS.get(args.command)
    if handler is None:  # no command: the window
        from cxdesk.ui.app import run_window

        return run_window(args.db, args.lang)
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    log_file = logs.setup_logging()
    try:
        return run(args)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("Interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: the traceback goes to the log, never to the person
        logs.log_bug(exc, f"cxdesk {' '.join(argv or sys.argv[1:])}")
        print(
            f"cxdesk hit an unexpected error ({type(exc).__name__}); "
            f"the details are in {log_file}.",
            file=sys.stderr,
        )
        return EXIT_REFUSED


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))
