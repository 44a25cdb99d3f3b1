"""The whole second half of an exchange from the outside, as a coordinator and a visitor do it:
the form out, filled by the visitor's PDF reader, back in with three evidence files, validated,
paid in a SEPA file the bank accepts, confirmed, a certificate printed; the next package carries
the report and its evidence hashes and no bank detail."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import sepaxml
import xmlschema
from pypdf import PdfReader, PdfWriter

from tests.cli import runner
from tests.services.test_closing import GOOD_IBAN, completed, evidence_files

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def cxdesk(db: Any, *argv: str) -> subprocess.CompletedProcess[str]:
    """The command as the coordinator types it; whatever it answers, never a traceback."""
    done = runner.cxdesk(db, *argv, user="coordinator", timeout=120)
    assert "Traceback" not in done.stderr
    return done


def fill_as_a_reader_would(form: Path, out: Path, values: dict[str, str]) -> Path:
    writer = PdfWriter(clone_from=PdfReader(form))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    with out.open("wb") as fh:
        writer.write(fh)
    return out


def test_form_out_and_in_validated_paid_by_sepa_certified_and_synced(
    demo_db: Any, tmp_path: Path
) -> None:
    reference, start, end = completed(demo_db)[0]
    demo_db.close()  # the commands below open the database themselves

    # The form goes out; the visitor fills it in any reader and sends it back with the files.
    blank = tmp_path / "form.pdf"
    assert cxdesk(demo_db, "report-form", reference, "-o", str(blank)).returncode == 0
    filled = fill_as_a_reader_would(
        blank,
        tmp_path / "filled.pdf",
        {
            "actual_start": start.isoformat(),
            "actual_end": end.isoformat(),
            "activities": "Day 1: the pilot line.\nDay 2: the SMEs of the cluster.",
            "results": "Two joint project ideas.",
            "rating": "5",
            "iban": GOOD_IBAN,
            "account_holder": "Ana Ruiz",
        },
    )
    files = evidence_files(tmp_path / "evidence")
    evidence = [f"--evidence={kind.value}:{path}" for kind, path in files.items()]
    received = cxdesk(demo_db, "report-in", reference, str(filled), *evidence)
    assert received.returncode == 0, received.stderr

    # Validated on the day the visit ended (the first day it may be).
    validated = cxdesk(demo_db, "validate-report", reference, "--on", end.isoformat())
    assert validated.returncode == 0, validated.stderr

    # The SEPA file holds this payment to the visitor's IBAN and is valid for the bank.
    transfer = tmp_path / "transfer.xml"
    written = cxdesk(demo_db, "sepa", "-o", str(transfer))
    assert written.returncode == 0, written.stderr
    xml = transfer.read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(SCHEMA)).validate(xml)
    assert reference in xml and GOOD_IBAN.replace(" ", "") in xml
    # Paid once only: the payment waits in its batch, so `pay` and a second file leave it out.
    assert cxdesk(demo_db, "pay", reference).returncode == 1
    confirmed = cxdesk(
        demo_db, "sepa", "--confirm", str(transfer), "--bank-reference", "BANK-2026-77"
    )
    assert confirmed.returncode == 0, confirmed.stderr
    shown = json.loads(cxdesk(demo_db, "show", reference, "--json").stdout)
    assert shown["status"] == "paid"
    assert [p["bank_reference"] for p in shown["payments"]] == ["BANK-2026-77"]

    certificate = tmp_path / "certificate.pdf"
    assert cxdesk(demo_db, "certificate", reference, "-o", str(certificate)).returncode == 0
    assert reference in "".join(p.extract_text() for p in PdfReader(certificate).pages)

    # The next package: the report with its three evidence hashes, and no bank detail anywhere.
    package = tmp_path / "desk.zip"
    assert cxdesk(demo_db, "export", str(package), "--full").returncode == 0
    with zipfile.ZipFile(package) as zf:
        everything = b"".join(zf.read(name) for name in zf.namelist())
        reports = list(csv.DictReader(io.StringIO(zf.read("reports.csv").decode("utf-8"))))
    row = next(r for r in reports if r["exchange_uid"] == shown["uid"])
    hashes = {item.split(":")[2] for item in row["evidence"].split(";")}
    assert hashes == {hashlib.sha256(p.read_bytes()).hexdigest() for p in files.values()}
    for secret in (GOOD_IBAN.replace(" ", ""), GOOD_IBAN, "Ana Ruiz"):
        assert secret.encode() not in everything
