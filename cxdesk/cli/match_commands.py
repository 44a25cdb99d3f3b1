"""`cxdesk match`: host organisations for a visitor, best first, each with its reasons."""

from __future__ import annotations

import argparse
import sys

from cxdesk.cli.arguments import date_value
from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, EXIT_USAGE, print_json
from cxdesk.core.i18n import _, ngettext
from cxdesk.core.text import printable

#: How many hosts `match` lists unless told: the matching service's DEFAULT_LIMIT, written here
#: so that building the parser does not import the services (a test keeps the two equal).
DEFAULT_LIMIT = 20


def add_match_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `match` command's arguments (cli.md)."""
    match = sub.add_parser(
        "match", help="eligible host organisations for a visitor, best first, with reasons"
    )
    match.add_argument(
        "visitor", metavar="VISITOR", help="a person or an organisation: uid or platform id"
    )
    match.add_argument("--start", type=date_value, help="the visit's first day (YYYY-MM-DD)")
    match.add_argument("--end", type=date_value, help="the visit's last day (YYYY-MM-DD)")
    match.add_argument(
        "--limit",
        type=_positive,
        default=DEFAULT_LIMIT,
        help=f"how many hosts at most (default {DEFAULT_LIMIT})",
    )
    match.add_argument("--json", action="store_true")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a number of hosts (1 or more)")
    return number


def cmd_match(args: argparse.Namespace) -> int:
    from cxdesk.services.matching import match_hosts

    if (args.start is None) != (args.end is None):
        print(_("cxdesk match: give both --start and --end, or neither."), file=sys.stderr)
        return EXIT_USAGE
    db = open_desk(args)
    try:
        found = match_hosts(db, args.visitor, start=args.start, end=args.end, limit=args.limit)
    finally:
        db.close()
    if args.json:
        print_json([match.to_json() for match in found.matches])
        return EXIT_OK
    visitor = printable(found.visitor.label)
    if found.start is not None and found.end is not None:
        print(
            _("Hosts for {visitor} from {start} to {end}, best first:").format(
                visitor=visitor, start=found.start.isoformat(), end=found.end.isoformat()
            )
        )
    else:
        print(_("Hosts for {visitor}, best first (no dates given):").format(visitor=visitor))
    for rank, match in enumerate(found.matches, start=1):
        reasons = "; ".join(match.reasons)
        print(
            f"{rank:>3}. {printable(match.name)} ({printable(match.city)}, {match.country}) "
            f"— {reasons}"
        )
    if not found.matches:
        print(_("No eligible host found."))
    if found.unplaced:
        print(
            ngettext(
                "{n} eligible host was left out: neither its coordinates nor its city are known.",
                "{n} eligible hosts were left out: neither their coordinates nor their cities are "
                "known.",
                found.unplaced,
            ).format(n=found.unplaced)
        )
    return EXIT_OK
