"""`cxdesk conflicts` and `cxdesk resolve`: the fields where desk and platform disagree, settled."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cxdesk.cli.desk import open_desk
from cxdesk.cli.output import EXIT_OK, print_json
from cxdesk.core.i18n import _, ngettext
from cxdesk.core.text import printable

if TYPE_CHECKING:
    from cxdesk.services.conflicts import Choice

#: --keep on the command line → the side the service keeps.
KEEP: dict[str, Choice] = {"desk": "local", "platform": "platform"}


def _shown(value: str | None) -> str:
    from cxdesk.services.conflicts import describe_value

    # Values come from packages and people: shown on one line, control characters escaped.
    return printable(describe_value(value))


def cmd_conflicts(args: argparse.Namespace) -> int:
    from cxdesk.services.conflicts import open_conflicts_keyed

    db = open_desk(args)
    try:
        keyed = open_conflicts_keyed(db)
    finally:
        db.close()
    if args.json:
        print_json(
            [
                {
                    "table": k.conflict.table,
                    "key": k.key,
                    "field": k.conflict.field,
                    # An empty value is "", as a package writes it.
                    "desk": k.conflict.local or "",
                    "platform": k.conflict.remote or "",
                }
                for k in keyed
            ]
        )
        return EXIT_OK
    if not keyed:
        print(_("No conflicts."))
        return EXIT_OK
    for k in keyed:
        conflict = k.conflict
        # The key is what `resolve` takes; an exchange's label is its key already.
        record = printable(
            conflict.label if conflict.label == k.key else f"{conflict.label} [{k.key}]"
        )
        print(
            _("{record} ({table}), {field} — desk: {desk}; platform: {platform}").format(
                record=record,
                table=conflict.table,
                field=printable(conflict.field),
                desk=_shown(conflict.local),
                platform=_shown(conflict.remote),
            )
        )
    print(
        ngettext(
            "{n} conflict waits for your choice: cxdesk resolve KEY FIELD --keep desk|platform.",
            "{n} conflicts wait for your choice: cxdesk resolve KEY FIELD --keep desk|platform.",
            len(keyed),
        ).format(n=len(keyed))
    )
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from cxdesk.services.conflicts import resolve_field

    db = open_desk(args)
    try:
        conflict, _change = resolve_field(db, args.key, args.field, KEEP[args.keep])
    finally:
        db.close()
    record, field = printable(conflict.label), printable(conflict.field)
    if args.keep == "desk":
        message = _(
            "{record}, {field}: the desk's value is kept ({value}); it goes to the "
            "platform with the next export."
        )
        value = conflict.local
    else:
        message = _("{record}, {field}: the platform's value is now in force ({value}).")
        value = conflict.remote
    print(message.format(record=record, field=field, value=_shown(value)))
    return EXIT_OK
