"""`agreement --sign` and `signed-in` through the command line, with certificates made here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.pdf.certs import PASSPHRASE, TestCA, add_text, sign_field

OWN = "ECP-DIGI"  # the demo desk's partnership; coordinators are coordinator@<code>.eu


def _coordinator(code: str) -> str:
    return f"coordinator@{code.lower()}.eu"


class Desk:
    def __init__(self, tmp: Path, template: Path) -> None:
        self.tmp = tmp
        db = tmp / "demo.sqlite3"
        shutil.copyfile(template, db)
        self.env = {**os.environ, "CXDESK_HOME": str(tmp / "home"), "CXDESK_DB": str(db)}
        self.env.pop("CXDESK_USER", None)

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cxdesk", *map(str, args)],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
        )

    def json(self, *args: str) -> Any:
        done = self.run(*args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def exchange(self, same_partnership: bool) -> dict[str, Any]:
        """An approved exchange with a host contact, its host in (or not in) the desk's
        partnership; with the e-mail addresses of its parties (read here, not through the CLI:
        a dozen commands would take as many seconds)."""
        from cxdesk.db.migrate import open_database
        from cxdesk.db.store import Store
        from cxdesk.services.agreements import matching_references

        db = open_database(Path(self.env["CXDESK_DB"]))
        try:
            for reference in matching_references(db, "approved"):
                with db.unit() as session:
                    store = Store(session)
                    exchange = store.exchange(reference)
                    if not exchange.host_contact_uid:
                        continue
                    host = store.organisation(exchange.host_organisation_uid)
                    visitor = store.person(exchange.visitor_uid)
                    contact = store.person(exchange.host_contact_uid)
                if not host.partnership or (host.partnership == OWN) != same_partnership:
                    continue
                if visitor.email and contact.email:
                    return {
                        "reference": reference,
                        "visitor": visitor.email,
                        "host": contact.email,
                        "host_partnership": host.partnership,
                    }
        finally:
            db.close()
        pytest.skip("the demo has no such exchange")

    def status(self, reference: str) -> str:
        return str(self.json("show", reference)["status"])


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA()


@pytest.fixture
def desk(tmp_path: Path, demo_template: Path) -> Desk:
    return Desk(tmp_path, demo_template)


def _passphrase(tmp: Path, text: str = PASSPHRASE) -> Path:
    path = tmp / "passphrase.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _signed_by_coordinator(
    desk: Desk, ca: TestCA, reference: str, commitment: bool = False
) -> Path:
    p12 = ca.person(desk.tmp, "Clara Coordinator", _coordinator(OWN))
    out = desk.tmp / ("commitment.pdf" if commitment else "agreement.pdf")
    extra = ["--commitment"] if commitment else []
    done = desk.run(
        "agreement",
        reference,
        "-o",
        out,
        *extra,
        "--sign",
        p12,
        "--passphrase-file",
        _passphrase(desk.tmp),
    )
    assert done.returncode == 0, done.stderr
    assert "signed" in done.stdout.lower()
    return out


def _sign(desk: Desk, ca: TestCA, pdf: Path, field: str, name: str, email: str) -> Path:
    p12 = ca.person(desk.tmp, name, email)
    out = pdf.with_name(pdf.stem + "-" + field + ".pdf")
    out.write_bytes(sign_field(pdf.read_bytes(), field, p12))
    return out


def test_agreement_and_four_signed_commitment_make_the_exchange_signed(
    desk: Desk, ca: TestCA
) -> None:
    ex = desk.exchange(same_partnership=False)
    ref, other = ex["reference"], ex["host_partnership"]
    agreement = _signed_by_coordinator(desk, ca, ref)
    agreement = _sign(desk, ca, agreement, "sig_visitor", "Vera Visitor", ex["visitor"])
    done = desk.run("signed-in", ref, agreement)
    assert done.returncode == 0, done.stderr
    assert ex["visitor"] in done.stdout and _coordinator(OWN) in done.stdout
    # A certificate of a CA no trust store knows: accepted, with a warning naming it.
    assert "warning:" in done.stderr and "Vera Visitor" in done.stderr
    assert desk.status(ref) == "approved"  # the commitment is still to come

    commitment = _signed_by_coordinator(desk, ca, ref, commitment=True)
    commitment = _sign(desk, ca, commitment, "sig_visitor", "Vera Visitor", ex["visitor"])
    commitment = _sign(desk, ca, commitment, "sig_host", "Hugo Host", ex["host"])
    three = desk.run("signed-in", ref, commitment)
    assert three.returncode == 0, three.stderr
    assert f"partnership {other}" in three.stdout  # who is still to sign
    assert desk.status(ref) == "approved"

    four = _sign(
        desk, ca, commitment, f"sig_partnership_{other}", "Otto Other", _coordinator(other)
    )
    done = desk.run("signed-in", ref, four)
    assert done.returncode == 0, done.stderr
    assert f"{ref} is now signed" in done.stdout
    assert desk.status(ref) == "signed"


def test_same_partnership_needs_three_signatures_on_the_commitment(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=True)
    ref = ex["reference"]
    agreement = _signed_by_coordinator(desk, ca, ref)
    agreement = _sign(desk, ca, agreement, "sig_visitor", "Vera Visitor", ex["visitor"])
    assert desk.run("signed-in", ref, agreement).returncode == 0
    commitment = _signed_by_coordinator(desk, ca, ref, commitment=True)
    commitment = _sign(desk, ca, commitment, "sig_visitor", "Vera Visitor", ex["visitor"])
    commitment = _sign(desk, ca, commitment, "sig_host", "Hugo Host", ex["host"])
    done = desk.run("signed-in", ref, commitment)
    assert done.returncode == 0, done.stderr
    assert desk.status(ref) == "signed"


def _refused(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_tampered_bytes_are_refused(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    signed = _signed_by_coordinator(desk, ca, ex["reference"])
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Producer")  # in the signed bytes, uncompressed
    data[at + 1] = ord("Q")
    tampered = desk.tmp / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    line = _refused(desk.run("signed-in", ex["reference"], tampered))
    assert "was changed after Clara Coordinator" in line
    assert desk.status(ex["reference"]) == "approved"


def test_text_added_after_signing_is_refused(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    signed = _signed_by_coordinator(desk, ca, ex["reference"])
    changed = desk.tmp / "changed.pdf"
    changed.write_bytes(add_text(signed.read_bytes(), "Lump sum: 99 999 EUR"))
    line = _refused(desk.run("signed-in", ex["reference"], changed))
    assert "was changed after Clara Coordinator" in line


def test_expired_certificate_is_refused(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    signed = _signed_by_coordinator(desk, ca, ex["reference"])
    now = datetime.now(UTC)
    p12 = ca.person(
        desk.tmp,
        "Vera Visitor",
        ex["visitor"],
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=35),
    )
    late = desk.tmp / "late.pdf"
    late.write_bytes(sign_field(signed.read_bytes(), "sig_visitor", p12))
    line = _refused(desk.run("signed-in", ex["reference"], late))
    assert "expired" in line and "Vera Visitor" in line


def test_expired_certificate_cannot_sign(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    now = datetime.now(UTC)
    p12 = ca.person(
        desk.tmp,
        "Clara Coordinator",
        _coordinator(OWN),
        not_before=now - timedelta(days=400),
        not_after=now - timedelta(days=1),
    )
    out = desk.tmp / "out" / "a.pdf"
    done = desk.run(
        "agreement", ex["reference"], "-o", out, "--sign", p12, "--passphrase-file",
        _passphrase(desk.tmp),
    )  # fmt: skip
    assert "expired" in _refused(done)
    assert not out.exists()


def test_stranger_signature_is_refused(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    signed = _signed_by_coordinator(desk, ca, ex["reference"])
    stranger = _sign(desk, ca, signed, "sig_visitor", "Sam Stranger", "sam@elsewhere.example")
    line = _refused(desk.run("signed-in", ex["reference"], stranger))
    assert line.endswith(
        f"Sam Stranger <sam@elsewhere.example> signed it but is not a party to {ex['reference']}."
    )


def test_another_exchange_document_is_refused(desk: Desk, ca: TestCA) -> None:
    first = desk.exchange(same_partnership=False)
    second = desk.exchange(same_partnership=True)
    signed = _signed_by_coordinator(desk, ca, first["reference"])
    line = _refused(desk.run("signed-in", second["reference"], signed))
    assert first["reference"] in line and second["reference"] in line


def test_wrong_passphrase_is_one_sentence(desk: Desk, ca: TestCA) -> None:
    ex = desk.exchange(same_partnership=False)
    p12 = ca.person(desk.tmp, "Clara Coordinator", _coordinator(OWN))
    out = desk.tmp / "a.pdf"
    done = desk.run(
        "agreement", ex["reference"], "-o", out, "--sign", p12, "--passphrase-file",
        _passphrase(desk.tmp, "wrong"),
    )  # fmt: skip
    assert "passphrase" in _refused(done)
    assert not out.exists()
    missing = desk.run("agreement", ex["reference"], "-o", out, "--sign", desk.tmp / "no.p12")
    assert "no.p12" in _refused(missing)
    junk = desk.tmp / "junk.p12"
    junk.write_bytes(b"not a certificate")
    line = _refused(desk.run("agreement", ex["reference"], "-o", out, "--sign", junk))
    assert "not a certificate file" in line
    assert not out.exists()


def test_a_submitted_exchange_paper_is_not_signed(desk: Desk, ca: TestCA) -> None:
    from cxdesk.db.migrate import open_database
    from cxdesk.services.agreements import matching_references

    db = open_database(Path(desk.env["CXDESK_DB"]))
    try:
        reference = matching_references(db, "submitted")[0]
    finally:
        db.close()
    p12 = ca.person(desk.tmp, "Clara Coordinator", _coordinator(OWN))
    out = desk.tmp / "submitted.pdf"
    done = desk.run(
        "agreement", reference, "-o", out, "--sign", p12, "--passphrase-file",
        _passphrase(desk.tmp),
    )  # fmt: skip
    line = _refused(done)
    assert line.endswith(f"{reference} is submitted: its papers are signed once it is approved.")
    assert not out.exists()
