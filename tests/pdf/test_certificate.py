"""The certificate of participation, read back from the PDF bytes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from cxdesk.core.i18n import translate_in
from cxdesk.domain.codes import Purpose
from cxdesk.pdf.certificate import render_certificate
from cxdesk.pdf.content import CertificateContent, VisitorInfo
from cxdesk.pdf.sample import sample_content
from cxdesk.pdf.texts import EU_FUNDING_SHORT

from .pdfread import fonts, text, to_bytes


def certificate(lang: str, days: int = 4, **changes: object) -> bytes:
    content = CertificateContent(
        exchange=sample_content(**changes),
        start_date=date(2026, 3, 3),
        end_date=date(2026, 3, 6),
        working_days=days,
        issued_on=date(2026, 3, 20),
    )
    return to_bytes(lambda out: render_certificate(content, out, lang))


@pytest.mark.parametrize("lang", ["en", "bg", "el"])
def test_names_places_and_reference_come_out_exact(lang: str) -> None:
    printed = text(certificate(lang))
    for words in (
        "Мария Иванова",
        "Клъстер Мехатроника и автоматизация",
        "Пловдив",
        "Ελληνικό Κέντρο Καινοτομίας",
        "Θεσσαλονίκη",
        "Balkan Agri-Food Cluster Partnership (BALKAN-AGRI)",
        "CX-2026-0042",
        # The EU funding statement, in the certificate's language.
        " ".join(translate_in(lang, EU_FUNDING_SHORT).split()[:4]),
    ):
        assert words in printed, words


def test_the_dates_taken_and_working_days_in_the_language() -> None:
    printed = text(certificate("de", coordinator="Elena Petrova"))
    assert "vom 3. März 2026 bis 6. März 2026" in printed  # the dates given, not the planned
    assert "2. März" not in printed
    assert "4 Arbeitstage bei der Gastorganisation" in printed
    assert "Griechenland" in printed  # the host's country, in German
    assert "Von Akteuren eines anderen Clusters lernen" in printed  # a purpose, translated
    assert "20. März 2026" in printed and "Ort und Datum" in printed
    assert "Elena Petrova" in printed
    assert "1 working day at the host" in text(certificate("en", days=1))


def test_one_landscape_page_even_for_a_long_name_and_every_purpose() -> None:
    long_name = "Maximilian Alexander von Hohenzollern-Sigmaringen-Wittelsbach der Jüngere"
    data = certificate(
        "fr", visitor=VisitorInfo(long_name), purposes=tuple(Purpose), coordinator=None
    )
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    assert pages[0].mediabox.width > pages[0].mediabox.height
    printed = text(data)
    assert "Hohenzollern-Sigmaringen-Wittelsbach" in printed
    assert "Signature de la personne chargée de la coordination" in printed


def test_every_font_is_embedded() -> None:
    data = certificate("bg")
    assert fonts(data)
    for font in fonts(data):
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font.get("/BaseFont")
    assert b"Helvetica" not in data
