"""A full disk while the desk keeps a paper, from the outside: an e-mail's attachment queued in
the outbox (`send`) and a verified signed PDF (`signed-in`). Each is one transaction: one
sentence, exit 1, no traceback, and the database as it was (no message, no paper, no blob, no
history line, the exchange's status kept)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_backup_cli import _limited
from tests.cli.test_db_failures import content, refused
from tests.cli.test_output_paths import FILE_LIMIT
from tests.cli.test_sign_cli import Desk, _coordinator, _sign, _signed_by_coordinator
from tests.pdf.certs import TestCA


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA()


@pytest.fixture
def desk(tmp_path: Path, demo_template: Path) -> Desk:
    return Desk(tmp_path, demo_template)


def _db(desk: Desk) -> Path:
    return Path(desk.env["CXDESK_DB"])


def _on_a_full_disk(
    desk: Desk, limit: int, *args: str | Path, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`cxdesk` on the desk, no file of its own allowed past `limit` bytes (a full disk)."""
    env = {**desk.env, **({"TMPDIR": str(tmp)} if tmp else {})}
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=_limited(limit),
    )


def _db_full(desk: Desk) -> str:
    return (
        f"The database {_db(desk)} could not be written: the disk is full (or the file reached "
        "its size limit); nothing was changed: free some space and try again."
    )


def _attachment_size(tmp: Path, template: Path, reference: str) -> int:
    """The size of the PDF `send` attaches, found on a copy of the desk (it may vary a little)."""
    (tmp / "probe").mkdir()
    probe = Desk(tmp / "probe", template)
    done = probe.run("send", "agreement", reference)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(_db(probe)) as conn:
        row = conn.execute(
            "SELECT b.size FROM outbox o JOIN blobs b ON b.sha256 = o.attachment_sha256"
        ).fetchone()
    conn.close()
    return int(row[0])


# -- send: the attachment in the outbox ---------------------------------------------------------


def test_a_full_database_queues_no_message_and_keeps_no_attachment(
    desk: Desk, tmp_path: Path, demo_template: Path
) -> None:
    reference = desk.exchange(same_partnership=False)["reference"]
    size = _attachment_size(tmp_path, demo_template, reference)
    before = content(_db(desk))
    # The document itself is written (to a scratch file); the outbox's blob of it is not.
    done = _on_a_full_disk(desk, size + 4096, "send", "agreement", reference)
    refused(done, _db_full(desk))
    assert done.stdout == ""
    assert content(_db(desk)) == before
    assert desk.json("outbox") == []


def test_a_full_scratch_folder_queues_no_message_and_leaves_no_scratch_file(
    desk: Desk, tmp_path: Path
) -> None:
    reference = desk.exchange(same_partnership=False)["reference"]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = content(_db(desk))
    done = _on_a_full_disk(desk, FILE_LIMIT, "send", "agreement", reference, tmp=scratch)
    refused(done, "document.pdf could not be written: the disk is full; free some space")
    assert str(scratch) in done.stderr  # the disk that is full: the scratch folder's
    assert list(scratch.iterdir()) == []
    assert content(_db(desk)) == before


# -- signed-in: the verified signed PDF ----------------------------------------------------------


def test_a_full_disk_keeps_no_signed_paper(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    ref = ex["reference"]
    signed = _signed_by_coordinator(desk, ca, ref)
    signed = _sign(desk, ca, signed, "sig_visitor", "Vera Visitor", ex["visitor"])
    assert signed.stat().st_size > FILE_LIMIT  # its blob cannot fit in the journal
    before = content(_db(desk))
    done = _on_a_full_disk(desk, FILE_LIMIT, "signed-in", ref, signed)
    refused(done, _db_full(desk))
    assert done.stdout == ""
    assert content(_db(desk)) == before
    # Space again: the same file is received as if nothing had happened.
    again = desk.run("signed-in", ref, signed)
    assert again.returncode == 0, again.stderr
    assert content(_db(desk)) != before


def test_a_full_disk_on_the_last_signature_keeps_the_exchange_approved(
    desk: Desk, ca: TestCA
) -> None:
    ex = desk.exchange(same_partnership=False)
    ref, other = ex["reference"], ex["host_partnership"]
    agreement = _signed_by_coordinator(desk, ca, ref)
    agreement = _sign(desk, ca, agreement, "sig_visitor", "Vera Visitor", ex["visitor"])
    assert desk.run("signed-in", ref, agreement).returncode == 0
    commitment = _signed_by_coordinator(desk, ca, ref, commitment=True)
    for field, name, email in (
        ("sig_visitor", "Vera Visitor", ex["visitor"]),
        ("sig_host", "Hugo Host", ex["host"]),
        (f"sig_partnership_{other}", "Otto Other", _coordinator(other)),
    ):
        commitment = _sign(desk, ca, commitment, field, name, email)
    before = content(_db(desk))
    # The paper, its blob, the move to signed and its history line: all or none.
    done = _on_a_full_disk(desk, FILE_LIMIT, "signed-in", ref, commitment)
    refused(done, _db_full(desk))
    assert content(_db(desk)) == before
    assert desk.status(ref) == "approved"
    again = desk.run("signed-in", ref, commitment)
    assert again.returncode == 0, again.stderr
    assert desk.status(ref) == "signed"


# -- the log file cannot grow --------------------------------------------------------------------


def test_a_log_that_cannot_grow_does_not_spoil_a_queued_message(desk: Desk) -> None:
    """The database has room (its journal reused), the log file none: the message is queued and
    the user sees the desk's sentence only, not logging's own traceback."""
    reference = desk.exchange(same_partnership=False)["reference"]
    log = Path(desk.env["CXDESK_HOME"]) / "logs" / "cxdesk.log"
    log.parent.mkdir(parents=True)
    limit = 512 * 1024
    log.write_bytes(b"an old line\n" * (limit // 12 + 1))
    done = _on_a_full_disk(desk, limit, "send", "agreement", reference)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"Queued the agreement of {reference}" in done.stdout
    [waiting] = desk.json("outbox")
    assert waiting["status"] == "waiting" and waiting["reference"] == reference
