"""The visible signature: in the document's language, and inside its box on the page."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from cxdesk.pdf.agreement import render_commitment
from cxdesk.pdf.sample import sample_content
from cxdesk.pdf.signature_places import Places
from cxdesk.pdf.signatures import SignatureRow
from cxdesk.pdf.stamp import stamp_text

MOMENT = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_the_stamp_dates_in_the_documents_language() -> None:
    german = stamp_text("Clara Coordinator", "de", MOMENT)
    assert "Clara Coordinator" in german and "Dezember 2026" in german
    assert "December 3, 2026" in stamp_text("Clara Coordinator", "en", MOMENT)


def test_each_field_sits_inside_its_signature_room() -> None:
    places: Places = {}
    render_commitment(sample_content(), BytesIO(), "en", places)
    assert len(places) >= 3
    room = SignatureRow.ROOM[-1]
    for place in places.values():
        _left, bottom, _right, top = place.box
        height = top - bottom
        # Clear of the rule under it and of the "Signature" caption above it.
        assert 0 < height < room - 4, place
