"""`cxdesk report` from the outside: the workbook opens, the PDF says the totals, the JSON."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cxdesk.core.i18n import format_money, format_number


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


def cxdesk(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxdesk", "--db", str(db), *argv],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def figures(db: Path, tmp_path: Path, *argv: str) -> dict[str, object]:
    done = cxdesk(db, "report", "-o", str(tmp_path / "for-json.xlsx"), "--json", *argv)
    assert done.returncode == 0, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_json_prints_the_figures_in_the_agreed_shape(demo: Path, tmp_path: Path) -> None:
    data = figures(demo, tmp_path, "--from", "2026-01-01", "--to", "2026-12-31")
    assert set(data) == {
        "from", "to", "exchanges_by_status", "exchanges_by_ecosystem", "exchanges_by_purpose",
        "exchanges_by_host_country", "exchanges_by_visitor_country",
        "organisations_taking_part", "sme_visitors", "green_travel", "granted_by_host_country",
        "granted_total", "paid_total", "working_days",
    }  # fmt: skip
    assert data["from"] == "2026-01-01" and data["to"] == "2026-12-31"
    assert isinstance(data["organisations_taking_part"], int)
    assert re.fullmatch(r"\d+\.\d\d", str(data["granted_total"]))
    assert (tmp_path / "for-json.xlsx").is_file()


def test_the_workbook_has_a_summary_and_a_sheet_a_breakdown(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "agency" / "report.xlsx"
    done = cxdesk(demo, "report", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"Report written to {out}." in done.stdout
    book = load_workbook(out)
    assert book.sheetnames == [
        "Summary", "Status", "Ecosystems", "Purposes", "Host countries", "Visitor countries",
        "Kinds of organisation", "Granted by country", "Exchanges listed",
    ]  # fmt: skip
    data = figures(demo, tmp_path)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert (
        summary["Organisations taking part (each counted once)"]
        == (data["organisations_taking_part"])
    )
    assert Decimal(str(summary["Lump sums paid"])).quantize(Decimal("0.01")) == Decimal(
        str(data["paid_total"])
    )
    hosts = {r[0]: r[2] for r in book["Host countries"].iter_rows(min_row=3, values_only=True)}
    assert hosts == data["exchanges_by_host_country"]


def test_the_pdf_says_the_totals_in_the_chosen_language(demo: Path, tmp_path: Path) -> None:
    data = figures(demo, tmp_path)
    for lang in ("en", "de"):
        out = tmp_path / f"report-{lang}.pdf"
        done = cxdesk(demo, "report", "-o", str(out), "--lang", lang)
        assert done.returncode == 0, done.stderr
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        flat = re.sub(r"\s", "", text)
        for amount in (data["granted_total"], data["paid_total"]):
            assert re.sub(r"\s", "", format_money(Decimal(str(amount)), lang)) in flat
        assert format_number(int(str(data["working_days"])), lang) in text
        assert out.read_bytes().count(b"Helvetica") == 0  # every face embedded
    # A language's own words and formats: German writes 18.055,00 €.
    assert "Seite 1 von" in "".join(p.extract_text() for p in PdfReader(out).pages)


def test_refusals_say_why_and_write_nothing(demo: Path, tmp_path: Path) -> None:
    done = cxdesk(demo, "report", "-o", str(tmp_path / "report.docx"))
    assert done.returncode == 1
    assert "report.docx: the report is written as .xlsx or .pdf" in done.stderr
    fresh = tmp_path / "fresh.sqlite3"
    done = cxdesk(fresh, "report", "-o", str(tmp_path / "r.pdf"),
                  "--from", "2026-05-01", "--to", "2026-04-01")  # fmt: skip
    assert done.returncode == 1
    assert "before it starts" in done.stderr and "Traceback" not in done.stderr
    assert not fresh.exists() and not (tmp_path / "r.pdf").exists()
