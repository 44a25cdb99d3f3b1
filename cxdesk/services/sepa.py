"""SEPA credit transfers (pain.001.001.03): a batch of the payments due, confirmed or cancelled.

A batch is recorded and its file written together: the file is written whole to a temporary
file inside the operation (a full disk rolls the batch back), and put in place once the batch is
committed (a file that cannot be put in place takes the batch back). While a batch is open its
payments are in no other file; confirming it pays each one (payment.pay_in), cancelling releases
them.
"""

from __future__ import annotations

import contextlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sepaxml import SepaTransfer

from cxdesk.core.clock import today_utc
from cxdesk.core.errors import NotFound, UserError
from cxdesk.core.i18n import _, format_money, ngettext
from cxdesk.core.outputs import atomic_output
from cxdesk.db.batch_store import BatchStore, Payable
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.domain.codes import BatchStatus
from cxdesk.domain.records import Batch, BatchItem, Change
from cxdesk.services import operations
from cxdesk.services.account import Account, account_in
from cxdesk.services.payment import pay_in

SCHEMA = "pain.001.001.03"
#: What a batch changes: the window refreshes these.
BATCH_TABLES = frozenset({"sepa_batches", "sepa_items", "exchanges", "payments"})
#: A batch file's largest plausible size: anything bigger is not one of ours.
LARGEST_FILE = 50 * 1024 * 1024


@dataclass(frozen=True)
class LeftOut:
    """A payment due that is not in the file, and why."""

    reference: str
    reason: str

    def __str__(self) -> str:
        return f"{self.reference}: {self.reason}"


@dataclass(frozen=True)
class Written:
    """A batch recorded and its file written."""

    batch: Batch
    total: Decimal
    path: Path
    left_out: tuple[LeftOut, ...]
    change: Change
    note: str = ""


def no_account_message() -> str:
    return _(
        "No account to pay from: give the partnership's account with --debtor-iban and "
        "--debtor-name, or set it once in the window (File → Settings)."
    )


def _left_out(payable: Payable) -> LeftOut | None:
    if payable.open_batch is not None:
        return LeftOut(
            payable.reference,
            _("waits in the open batch {batch}").format(batch=payable.open_batch),
        )
    if not payable.iban:
        return LeftOut(payable.reference, _("no IBAN given"))
    return None


def plan(db: Database) -> tuple[list[Payable], list[LeftOut]]:
    """What a new file would hold now, and the payments due it would leave out (and why)."""
    with db.unit() as session:
        return _plan(Store(session))


def _plan(store: Store) -> tuple[list[Payable], list[LeftOut]]:
    taken: list[Payable] = []
    left: list[LeftOut] = []
    for payable in BatchStore(store).payable():
        reason = _left_out(payable)
        if reason is None:
            taken.append(payable)
        else:
            left.append(reason)
    return taken, left


def _cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1)))


def transfer_xml(number: str, execution_date: date, debtor: Account, taken: list[Payable]) -> bytes:
    """The pain.001.001.03 document, checked against the schema."""
    config: dict[str, object] = {
        "name": debtor.name,
        "IBAN": debtor.iban,
        "batch": True,
        "currency": "EUR",
    }
    if debtor.bic:
        config["BIC"] = debtor.bic
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    # The message id is the batch's number: how the bank's answer and the file find the batch.
    header = transfer._xml.find("CstmrCdtTrfInitn/GrpHdr/MsgId")
    assert header is not None
    header.text = number
    for payable in taken:
        assert payable.iban is not None
        payment: dict[str, object] = {
            "name": payable.account_holder or payable.visitor,
            "IBAN": payable.iban,
            "amount": _cents(payable.owed),
            "execution_date": execution_date,
            "description": payable.reference,
            "endtoend_id": payable.reference,
        }
        if payable.bic:
            payment["BIC"] = payable.bic
        transfer.add_payment(payment)
    content: bytes = transfer.export(validate=True, pretty_print=True)
    return content


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        # On disk before the batch is committed: a full disk shows here, not after.
        with contextlib.suppress(OSError):
            os.fsync(handle.fileno())


def write_batch(
    db: Database,
    path: Path | str,
    *,
    execution_date: date | None = None,
    debtor: Account | None = None,
    source: str = "editor",
    today: date | None = None,
) -> Written:
    """Write a SEPA file of every payment due not in an open batch whose visitor gave an IBAN,
    from `debtor` (else the partnership's account), and record it as an open batch."""
    today = today or today_utc()
    day = execution_date or today
    if day < today:
        raise UserError(
            _("The execution date {date} is in the past: give today or a later day.").format(
                date=day.isoformat()
            )
        )
    found: list[Written] = []
    committed: str | None = None
    try:
        with atomic_output(path, "sepa.xml") as out:

            def work(store: Store) -> Change:
                found.clear()
                chosen = debtor or account_in(store)
                if chosen is None:
                    raise UserError(no_account_message())
                taken, left = _plan(store)
                if not taken:
                    raise UserError(
                        _("Nothing is left to pay: no SEPA file was written."),
                        problems=[str(item) for item in left],
                    )
                batches = BatchStore(store)
                number = batches.next_number(f"SEPA-{today.year}-")
                items = [BatchItem(p.uid, p.owed) for p in taken]
                file_name = str(Path(os.path.abspath(out.target)))
                batch = batches.add(
                    number, day, (chosen.name, chosen.iban, chosen.bic), items, file_name
                )
                _write_synced(out.path, transfer_xml(number, day, chosen, taken))
                total = sum((p.owed for p in taken), Decimal(0))
                message = ngettext(
                    "SEPA batch {batch}: {n} payment, {total}, written to {file}.",
                    "SEPA batch {batch}: {n} payments, {total}, written to {file}.",
                    len(taken),
                ).format(batch=number, n=len(taken), total=format_money(total), file=out.target)
                change = Change(BATCH_TABLES, frozenset(p.uid for p in taken), message)
                found.append(Written(batch, total, out.target, tuple(left), change, out.note))
                return change

            change = operations.run(db, work)
            committed = found[0].batch.number
    except BaseException:
        if committed is not None:
            # The batch is recorded but its file could not be put in place: take it back.
            _remove(db, committed)
        raise
    written = found[0]
    return Written(
        written.batch, written.total, written.path, written.left_out, change, written.note
    )


def _remove(db: Database, number: str) -> None:
    def work(store: Store) -> Change:
        BatchStore(store).remove(number)
        return Change(BATCH_TABLES, frozenset(), "")

    operations.run(db, work)


# -- naming a batch --------------------------------------------------------------------------


def message_id(path: Path) -> str:
    """The message id (the batch's number) in a SEPA file written by the desk."""
    try:
        if path.stat().st_size > LARGEST_FILE:
            raise UserError(_("{file} is not a SEPA transfer file.").format(file=path))
        root = ET.parse(path).getroot()
    except ET.ParseError:
        raise UserError(
            _("{file} is not a SEPA transfer file: it is not XML.").format(file=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("{file} could not be read: {reason}.").format(file=path, reason=exc.strerror or exc)
        ) from exc
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "MsgId" and element.text:
            return element.text.strip()
    raise UserError(
        _("{file} is not a SEPA transfer file: it names no message id (MsgId).").format(file=path)
    )


def batch_number(name: str) -> str:
    """A batch named by its number or by the file written for it."""
    path = Path(name)
    if path.suffix.lower() == ".xml" or path.is_file():
        if not path.exists():
            raise UserError(
                _("{file} does not exist: name the batch by its number or its file.").format(
                    file=path
                )
            )
        return message_id(path)
    return name.strip()


def _open_batch(store: Store, name: str) -> tuple[BatchStore, Batch]:
    number = batch_number(name)
    batches = BatchStore(store)
    batch = batches.batch(number)
    if batch is None:
        raise NotFound(_("There is no SEPA batch {batch}.").format(batch=number))
    if batch.status is BatchStatus.CONFIRMED:
        raise UserError(
            _(
                "The SEPA batch {batch} was confirmed on {date}: its payments are recorded "
                "already; nothing was changed."
            ).format(batch=batch.number, date=_day(batch.closed_on))
        )
    if batch.status is BatchStatus.CANCELLED:
        raise UserError(
            _(
                "The SEPA batch {batch} was cancelled on {date}: write a new file (sepa -o) for "
                "the payments still due; nothing was changed."
            ).format(batch=batch.number, date=_day(batch.closed_on))
        )
    return batches, batch


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "?"


# -- the bank's answer -----------------------------------------------------------------------


def confirm_batch(
    db: Database,
    name: str,
    *,
    on: date | None = None,
    bank_reference: str | None = None,
    source: str = "editor",
) -> Change:
    """The bank carried the batch out: each of its payments is recorded as paid on `on`."""
    day = on or today_utc()
    reference = (bank_reference or "").strip() or None

    def work(store: Store) -> Change:
        batches, batch = _open_batch(store, name)
        for item in batch.items:
            pay_in(
                store,
                item.exchange_uid,
                on=day,
                bank_reference=reference or batch.number,
                source=source,
                batch=batch.number,
            )
        batches.close(batch.number, BatchStatus.CONFIRMED, day, reference)
        message = ngettext(
            "SEPA batch {batch} confirmed: {n} payment recorded as paid on {date}.",
            "SEPA batch {batch} confirmed: {n} payments recorded as paid on {date}.",
            len(batch.items),
        ).format(batch=batch.number, n=len(batch.items), date=day.isoformat())
        uids = frozenset(i.exchange_uid for i in batch.items)
        return Change(BATCH_TABLES | {"reports"}, uids, message)

    return operations.run(db, work)


def cancel_batch(db: Database, name: str, source: str = "editor") -> Change:
    """The file was not sent (or the bank refused it): its payments are due again."""

    def work(store: Store) -> Change:
        batches, batch = _open_batch(store, name)
        batches.close(batch.number, BatchStatus.CANCELLED, today_utc(), None)
        message = ngettext(
            "SEPA batch {batch} cancelled: its {n} payment is due again.",
            "SEPA batch {batch} cancelled: its {n} payments are due again.",
            len(batch.items),
        ).format(batch=batch.number, n=len(batch.items))
        return Change(BATCH_TABLES, frozenset(i.exchange_uid for i in batch.items), message)

    return operations.run(db, work)


def open_batches(db: Database) -> list[Batch]:
    """The batches waiting for the bank's confirmation, the oldest first."""
    with db.unit() as session:
        return BatchStore(Store(session)).batches(BatchStatus.OPEN)


def batches(db: Database) -> list[Batch]:
    """Every batch, the oldest first."""
    with db.unit() as session:
        return BatchStore(Store(session)).batches()
