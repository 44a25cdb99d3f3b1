"""The closing-report form, filled in as a reader would (pypdf) and read back."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_currency
from pypdf import PdfReader, PdfWriter

from cxdesk.pdf.report_form import FIELDS, render_report_form
from cxdesk.pdf.sample import sample_content

from .pdfread import fonts, text, to_bytes

FILLED = {
    "actual_start": "2026-03-03",
    "actual_end": "2026-03-06",
    "activities": "Ден 1: посещение на лабораторията\nΗμέρα 2: εργαστήριο συσκευασίας",
    "results": "Две споразумения; a joint proposal (Horizon) & follow-up <in May>",
    "rating": "4",
    "iban": "BG80BNBG96611020345678",
    "bic": "BNBGBGSF",
    "account_holder": "Мария Иванова",
}


def form(lang: str = "bg", **changes: object) -> bytes:
    return to_bytes(lambda out: render_report_form(sample_content(**changes), out, lang))


def fill(data: bytes, values: dict[str, str]) -> bytes:
    """What a person's PDF reader does: put values in the fields and save."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_named_fields_are_there_with_the_reference_and_planned_dates() -> None:
    fields = PdfReader(io.BytesIO(form())).get_fields()
    assert fields is not None
    assert set(FIELDS) <= set(fields)
    values = {name: fields[name].get("/V") for name in FIELDS}
    assert values["reference"] == "CX-2026-0042"
    assert values["actual_start"] == "2026-03-02"  # the planned dates, to change if need be
    assert values["actual_end"] == "2026-03-05"
    assert all(not values[name] for name in FIELDS[3:])


def test_filled_values_come_back_exact_in_any_script() -> None:
    reader = PdfReader(io.BytesIO(fill(form(), FILLED)))
    texts = reader.get_form_text_fields()
    for name, value in FILLED.items():
        if name != "rating":
            assert texts[name] == value, name
    fields = reader.get_fields()
    assert fields is not None
    assert fields["rating"]["/V"] == "4"
    assert texts["reference"] == "CX-2026-0042"


def test_reference_is_read_only_and_the_rest_can_be_typed() -> None:
    fields = PdfReader(io.BytesIO(form())).get_fields()
    assert fields is not None
    assert int(fields["reference"].get("/Ff", 0)) & 1
    for name in FIELDS[1:]:
        assert not int(fields[name].get("/Ff", 0)) & 1, name
    assert int(fields["activities"]["/Ff"]) & (1 << 12)  # multi-line
    assert int(fields["results"]["/Ff"]) & (1 << 12)
    rating = fields["rating"]
    assert rating["/FT"] == "/Ch"
    assert [str(option) for option in rating["/Opt"]] == ["1", "2", "3", "4", "5"]


def test_readers_are_asked_to_draw_the_values_in_an_embedded_font_for_every_script() -> None:
    reader = PdfReader(io.BytesIO(form()))
    acro_form = reader.trailer["/Root"]["/AcroForm"]
    assert bool(acro_form["/NeedAppearances"])
    field_fonts = [font.get_object() for font in acro_form["/DR"]["/Font"].values()]
    assert field_fonts
    for font in field_fonts:
        assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]
        assert "DejaVuSans" in str(font["/BaseFont"])
    for font in fonts(form()):
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font.get("/BaseFont")
    assert b"Helvetica" not in form()


def test_the_page_speaks_the_visitors_language_and_shows_the_exchange() -> None:
    printed = text(form("bg"))
    for words in (
        "Мария Иванова",
        "Ελληνικό Κέντρο Καινοτομίας",
        "Клъстер Мехатроника и автоматизация",
        "CX-2026-0042",
        "Гостуващото лице",  # "The visitor", in Bulgarian, naming no gender
        "Билети или бордни карти",  # the evidence to send
        "Фактура за настаняване",
        "Потвърждение за присъствие, подписано от домакина",
    ):
        assert words in printed, words
    assert "Die besuchende Person" in text(form("de"))


@pytest.mark.parametrize(("lang", "expected"), [("de", "1.234,00 €"), ("en", "€1,234.00")])
def test_the_lump_sum_in_the_language_format(lang: str, expected: str) -> None:
    amount = format_currency(Decimal("1234"), "EUR", locale=lang).replace("\xa0", " ")
    assert amount == expected
    assert expected in text(form(lang, lump_sum=Decimal("1234.00"), ceiling=Decimal("1234.00")))


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_error_in_the_form_empty_or_filled(tmp_path: Path) -> None:
    for name, data in (("empty.pdf", form("el")), ("filled.pdf", fill(form("el"), FILLED))):
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run(
            ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout
