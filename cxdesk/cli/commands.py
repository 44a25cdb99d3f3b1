"""What each `cxdesk` command does: call the service the window calls too, and print the result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal

from cxdesk.cli import (
    closing_commands,
    mail_commands,
    papers_commands,
    payment_commands,
    sign_commands,
)
from cxdesk.cli.conflict_commands import cmd_conflicts, cmd_resolve
from cxdesk.cli.desk import open_desk
from cxdesk.cli.match_commands import cmd_match
from cxdesk.cli.output import EXIT_CONFLICTS, EXIT_OK, EXIT_REFUSED, print_json, said
from cxdesk.cli.record_commands import cmd_add, cmd_list, cmd_show
from cxdesk.cli.report_commands import cmd_report
from cxdesk.core.errors import UserError
from cxdesk.core.i18n import _, format_money, format_number, ngettext
from cxdesk.core.outputs import check_file, check_folder, outermost_missing


def cmd_demo(args: argparse.Namespace) -> int:
    from cxdesk.services.demo import make_demo

    db = open_desk(args)
    try:
        change = make_demo(db, args.size, args.seed)
    finally:
        db.close()
    print(change.message)
    return EXIT_OK


def cmd_quote(args: argparse.Namespace) -> int:
    from cxdesk.services.quoting import quote_places

    quote = quote_places(
        args.visitor_city,
        args.visitor_country,
        args.host_city,
        args.host_country,
        args.start,
        args.end,
        db_option=args.db,
    )
    if args.json:
        print_json(quote.to_json())
        return EXIT_OK
    verdict = _("eligible") if quote.eligible else _("not eligible")
    print(_("The exchange is {verdict}.").format(verdict=verdict))
    for reason in quote.reasons:
        print(f"  - {reason}")
    print(
        _("Working days at the host: {days} (of {calendar} calendar days)").format(
            days=quote.working_days, calendar=quote.calendar_days
        )
    )
    for day, name in quote.holidays:
        # A holiday's name where its calendar has one in this language, else the date alone.
        print(f"    {day.isoformat()} {name}".rstrip())
    km = format_number(Decimal(str(quote.distance_km)).quantize(Decimal("0.1")))
    print(_("Distance: {km} km").format(km=km))
    print(
        _("Ceiling for the host country: {amount} ({rates})").format(
            amount=format_money(quote.ceiling), rates=quote.rates
        )
    )
    for because in quote.halved_because:
        print(_("  halved: {reason}").format(reason=because))
    if quote.eligible:  # an exchange the scheme refuses gets no amount (cli.md)
        print(_("Lump sum: {amount}").format(amount=format_money(quote.lump_sum)))
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from cxdesk.services.editing import set_fields

    db = open_desk(args)
    try:
        change = set_fields(db, args.table, args.key, args.assignments)
    finally:
        db.close()
    print(change.message)
    for warning in change.warnings:
        # Rules that failed before this edit and still fail: said, not refused.
        print(_("warning: {text}").format(text=warning), file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from cxdesk.db.health import sqlite_damage
    from cxdesk.services.checking import check_database

    db = open_desk(args)
    try:
        # A damaged file first, in words: reading its rows would only stop at the bad page.
        damage = sqlite_damage(db)
        if damage is not None:
            raise damage
        report = check_database(db)
    finally:
        db.close()
    for note in report.notes[:50]:
        print(_("note: {text}").format(text=note))
    if len(report.notes) > 50:
        print(_("note: … and {n} more").format(n=len(report.notes) - 50))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(
        _("{n} exchanges checked, {p} problems.").format(
            n=report.exchanges_checked, p=len(report.problems)
        )
    )
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_backup(args: argparse.Namespace) -> int:
    from cxdesk.services.backups import backup

    db = open_desk(args)
    try:
        written = backup(db, args.out)  # exactly OUT, so `restore OUT` reads it back
    finally:
        db.close()
    print(_("Backup written to {path}.").format(path=written))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from cxdesk.services.backups import restore, sqlite_file
    from cxdesk.services.workspace import resolve_target

    if not args.source.is_file():
        raise UserError(_("{path} does not exist.").format(path=args.source))
    target = resolve_target(args.db)
    if sqlite_file(target) is not None:
        # Never opened first: a damaged file is replaced, and kept aside, without reading it.
        restored = restore(target, args.source, force=args.force)
    else:
        restored = restore(open_desk(args), args.source, force=args.force)
    restored.db.close()
    print(restored.sentence(args.source))
    return EXIT_OK


def _doc_lang(args: argparse.Namespace) -> str | None:
    # `--lang` after the command names the document's language; before it, the interface's,
    # which documents follow too when no document language is given.
    return getattr(args, "doc_lang", None) or None


def cmd_agreement(args: argparse.Namespace) -> int:
    from cxdesk.pdf.agreement import file_name
    from cxdesk.services.agreements import english_instead, write_document

    check_file(args.out, file_name(args.reference))  # told before the database is opened
    if getattr(args, "sign", None):
        return sign_commands.sign_agreement(args)
    made = outermost_missing(args.out.parent)
    db = open_desk(args)
    try:
        path = write_document(db, args.reference, args.out, _doc_lang(args), args.commitment)
        note = english_instead(db, args.reference, _doc_lang(args))
    finally:
        db.close()
    print(said(_("Written {path}.").format(path=path), made))
    if note:
        print(note)
    return EXIT_OK


def cmd_agreements(args: argparse.Namespace) -> int:
    from cxdesk.services.agreements import matching_references, write_documents

    check_folder(args.out)  # told before the database is opened
    made = outermost_missing(args.out)
    db = open_desk(args)
    count = 0
    try:
        references = matching_references(db, args.status)
        for _path in write_documents(db, args.out, references, _doc_lang(args), args.commitment):
            count += 1
    except UserError as exc:
        if count:  # the ones before are whole, and the person should know they are there
            raise UserError(
                exc.message,
                [
                    *exc.problems,
                    ngettext(
                        "{n} document was written to {folder} before it.",
                        "{n} documents were written to {folder} before it.",
                        count,
                    ).format(n=count, folder=args.out),
                ],
            ) from exc
        raise
    finally:
        db.close()
    print(
        said(
            ngettext(
                "{n} document written to {folder}.", "{n} documents written to {folder}.", count
            ).format(n=count, folder=args.out),
            made,
        )
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from cxdesk.services.importing import import_package

    db = open_desk(args)
    try:
        report = import_package(db, args.package, dry_run=args.dry_run)
    finally:
        db.close()
    if args.json:
        print_json(report.to_json())
    else:
        print(report.message)
        for warning in report.warnings:
            if warning != report.message:  # "already applied" is both
                print(_("warning: {text}").format(text=warning), file=sys.stderr)
        if report.backup is not None:
            print(_("The desk as it was is kept in {path}.").format(path=report.backup))
    for error in report.errors:
        print(error, file=sys.stderr)
    for path in report.errors_files:
        print(_("The rows and their problems are in {path}.").format(path=path), file=sys.stderr)
    if report.refused:
        return EXIT_REFUSED
    # A dry run says what applying would do, exit status included.
    return EXIT_CONFLICTS if report.conflicts else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cxdesk.services.exporting import export_package

    check_file(args.out, "package.zip")  # told before the database is opened
    db = open_desk(args)
    try:
        report = export_package(db, args.out, full=args.full)
    finally:
        db.close()
    if args.json:
        print_json(report.to_json())
    else:
        print(report.message)
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    from cxdesk.ui.screenshot import take_screenshot

    made = outermost_missing(args.out.parent)
    out = take_screenshot(
        args.db, args.out, args.tab, args.shot_lang or args.lang, exchange=args.exchange
    )
    print(said(_("Window drawn into {path}.").format(path=out), made))
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "quote": cmd_quote,
    "set": cmd_set,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "agreement": cmd_agreement,
    "agreements": cmd_agreements,
    "import": cmd_import,
    "export": cmd_export,
    "screenshot": cmd_screenshot,
    "conflicts": cmd_conflicts,
    "resolve": cmd_resolve,
}


def cmd_history(args: argparse.Namespace) -> int:
    from cxdesk.services.history import history

    db = open_desk(args)
    try:
        label, entries = history(db, args.key)
    finally:
        db.close()
    if args.json:
        print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    print(_("History of {label}:").format(label=label))
    for entry in entries:
        when = entry.at.strftime("%Y-%m-%d %H:%M UTC")
        if entry.what == "created":
            line = _("created")
        elif entry.what == "deleted":
            line = _("deleted")
        elif entry.source == "mail":  # the outbox: "queued agreement to x@y", "sent …"
            line = f"{entry.field} {entry.new or ''}"
        else:
            line = _("{field}: {old} → {new}").format(
                field=entry.field, old=_shown(entry.old), new=_shown(entry.new)
            )
        print(f"{when}  {entry.who} ({entry.source})  {line}")
    return EXIT_OK


def _shown(value: str | None) -> str:
    """A stored value on one line, control characters made visible."""
    if value in (None, ""):
        return _("(empty)")
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return f"“{text}”"


HANDLERS["history"] = cmd_history

HANDLERS.update({"list": cmd_list, "show": cmd_show, "add": cmd_add})


HANDLERS["match"] = cmd_match

for _group in (closing_commands, papers_commands, payment_commands, mail_commands, sign_commands):
    HANDLERS.update(_group.HANDLERS)


HANDLERS["report"] = cmd_report
