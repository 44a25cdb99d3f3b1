"""The coordinator's signature on an agreement: valid for pyHanko's validator, a field for each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest

from cxdesk.core.errors import UserError
from cxdesk.db.engine import Database
from cxdesk.db.store import Store
from cxdesk.pdf import signature_check, signing
from cxdesk.pdf.agreement import render_agreement, render_commitment
from cxdesk.pdf.content import AgreementContent
from cxdesk.pdf.signature_places import Places, partnership_field
from cxdesk.services.agreements import agreement_content, matching_references
from tests.pdf.certs import PASSPHRASE, TestCA, add_text, sign_field


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA()


def _content(db: Database) -> AgreementContent:
    reference = matching_references(db, "approved")[0]
    with db.unit() as session:
        return agreement_content(Store(session), reference)


def _signed(db: Database, ca: TestCA, tmp: Path, commitment: bool = False) -> tuple[bytes, Places]:
    content = _content(db)
    places: Places = {}
    out = BytesIO()
    (render_commitment if commitment else render_agreement)(content, out, "en", places)
    p12 = ca.person(tmp, "Clara Coordinator", "coordinator@ecp-digi.eu")
    signed = signing.sign(
        out.getvalue(),
        places,
        partnership_field(content.partnership.acronym),
        p12.read_bytes(),
        PASSPHRASE.encode(),
        reference=content.reference,
        document="commitment" if commitment else "agreement",
        file_label=p12.name,
    )
    return signed, places


def test_signed_agreement_validates_with_pyhanko_validator(
    demo_db: Database, ca: TestCA, tmp_path: Path
) -> None:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signed, places = _signed(demo_db, ca, tmp_path)
    _type, _headers, der = pem.unarmor(ca.pem())
    # pyHanko's own validator, trusting the test CA: the signature is intact, valid and trusted,
    # and covers the whole file.
    reader = PdfFileReader(BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    status = validate_pdf_signature(
        embedded,
        ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False),
    )
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert embedded.field_name == "sig_partnership_ECP-DIGI"
    # The visitor's field waits, empty, on the last page beside the partnership's.
    assert set(places) == {"sig_partnership_ECP-DIGI", "sig_visitor"}
    last = len(reader.root["/Pages"]["/Kids"]) - 1 if "/Kids" in reader.root["/Pages"] else 0
    assert {place.page for place in places.values()} == {last}
    paper = signature_check.read_signed(signed, "a.pdf")
    assert paper.empty_fields == ("sig_visitor",)
    assert (paper.reference, paper.document) == (_content(demo_db).reference, "agreement")
    (found,) = paper.signatures
    assert found.holder is not None and found.holder.email == "coordinator@ecp-digi.eu"
    assert found.intact and not found.changed_after and not found.trusted
    assert signature_check.has_signatures(signed)


def test_commitment_has_a_field_per_party(demo_db: Database, ca: TestCA, tmp_path: Path) -> None:
    signed, places = _signed(demo_db, ca, tmp_path, commitment=True)
    assert {"sig_visitor", "sig_host", "sig_partnership_ECP-DIGI"} <= set(places)
    paper = signature_check.read_signed(signed, "c.pdf")
    assert "sig_host" in paper.empty_fields and "sig_visitor" in paper.empty_fields


def test_later_signatures_keep_the_first_valid_and_added_text_does_not(
    demo_db: Database, ca: TestCA, tmp_path: Path
) -> None:
    signed, _places = _signed(demo_db, ca, tmp_path)
    visitor = ca.person(tmp_path, "Vera Visitor", "vera@example.org")
    both = sign_field(signed, "sig_visitor", visitor)
    paper = signature_check.read_signed(both, "b.pdf")
    assert [s.changed_after for s in paper.signatures] == [False, False]
    assert paper.empty_fields == ()
    changed = signature_check.read_signed(add_text(both, "changed"), "x.pdf")
    assert all(s.changed_after for s in changed.signatures)


def test_refusals_are_one_sentence(demo_db: Database, ca: TestCA, tmp_path: Path) -> None:
    p12 = ca.person(tmp_path, "Clara Coordinator", "coordinator@ecp-digi.eu")
    with pytest.raises(UserError, match="passphrase does not open"):
        signing.certificate_holder(p12.read_bytes(), b"wrong", p12.name)
    with pytest.raises(UserError, match="locked by a passphrase"):
        signing.certificate_holder(p12.read_bytes(), None, p12.name)
    with pytest.raises(UserError, match="not a certificate file"):
        signing.certificate_holder(b"junk", None, "junk.p12")
    now = datetime.now(UTC)
    old = ca.person(
        tmp_path,
        "Old Timer",
        "old@example.org",
        not_before=now - timedelta(days=100),
        not_after=now - timedelta(days=2),
    )
    holder = signing.certificate_holder(old.read_bytes(), PASSPHRASE.encode(), old.name)
    problem = signing.validity_problem(holder, now)
    assert problem is not None and "expired" in problem and "Old Timer" in problem
    with pytest.raises(UserError, match="expired"):
        signing.sign(
            b"%PDF-1.4",
            {},
            "sig_x",
            old.read_bytes(),
            PASSPHRASE.encode(),
            reference="R",
            document="agreement",
            file_label=old.name,
        )
