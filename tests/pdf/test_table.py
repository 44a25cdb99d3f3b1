"""“Print this view”: landscape pages, the header row on each, the filter and page numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from cxdesk.core.i18n import format_money
from cxdesk.pdf.table import render_table

from .pdfread import fonts, page_texts, text, to_bytes

HEADERS = ["Reference", "Visitor", "Host organisation", "Host city", "Lump sum", "Notes"]


def rows(count: int) -> list[list[str]]:
    names = ["Мария Иванова", "Ștefan Brâncuși", "Γιώργος Παπαδόπουλος", "Żaneta Wójcik"]
    hosts = ["Ελληνικό Κέντρο Καινοτομίας", "Klaster Żółć i Len", "Pôle Aérospatial"]
    return [
        [
            f"CX-2026-{i:04d}",
            names[i % len(names)],
            hosts[i % len(hosts)],
            ["Θεσσαλονίκη", "Łódź", "Timișoara"][i % 3],
            format_money(Decimal(475 + i), "fr"),
            "Dates moved by one week at the host's request; the visitor agreed." if i % 5 else "",
        ]
        for i in range(count)
    ]


def printed(body: list[list[str]], footer: str = "Status: approved", lang: str = "en") -> bytes:
    return to_bytes(lambda out: render_table("Exchanges", HEADERS, body, footer, out, lang))


def test_landscape_header_and_footer_on_every_page() -> None:
    data = printed(rows(120), footer="Status: approved · Host country: Greece")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 2
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height
    pages = page_texts(data)
    for number, page in enumerate(pages, start=1):
        assert "Reference" in page and "Host organisation" in page  # header row repeated
        assert "Status: approved · Host country: Greece" in page
        assert f"Page {number} of {len(pages)}" in page


def test_cells_come_out_exact_in_every_script() -> None:
    body = rows(8)
    content = text(printed(body, lang="fr"))
    for row in body:
        for cell in row[:5]:
            assert cell.replace("\xa0", " ") in content
    assert "Page 1 sur 1" in content  # the page numbers follow the language
    assert "Imprimé le" in content


def test_ragged_rows_and_an_empty_view() -> None:
    content = text(printed([["CX-1"], ["CX-2", "Ana", "Host", "City", "1 €", "n", "extra"]]))
    assert "CX-1" in content and "CX-2" in content and "extra" not in content
    assert "No rows to print." in text(printed([]))


def test_a_long_filter_is_shortened_not_spilled() -> None:
    footer = "Text contains “cluster” · " * 40
    first = page_texts(printed(rows(3), footer=footer))[0]
    assert "…" in first
    assert "Page 1 of 1" in first


def test_every_font_is_embedded() -> None:
    data = printed(rows(30))
    for font in fonts(data):
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert b"Helvetica" not in data
