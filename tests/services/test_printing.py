"""Documents made for the window's printing: the selection's agreements and a view's pages."""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader

from cxdesk.core.errors import UserError
from cxdesk.services import printing


def test_no_selection_no_agreements(demo_db: Any) -> None:
    with pytest.raises(UserError, match="Select the exchanges"):
        printing.agreements_for_printing(demo_db, [])


def test_a_view_prints_its_rows_under_its_headers_with_the_footer() -> None:
    rows = [[f"CX-2026-{i:04d}", "Łódź", "Пловдив"] for i in range(1, 121)]
    path = printing.view_for_printing("Exchanges", ["Reference", "City", "Host"], rows, "Filter: x")
    pages = PdfReader(str(path)).pages
    words = "\n".join(p.extract_text() for p in pages)
    assert len(pages) >= 2 and "CX-2026-0120" in words and "Пловдив" in words
    assert words.count("Filter: x") == len(pages)  # the filter on every page
