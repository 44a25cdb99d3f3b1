"""Grant agreements per second in a batch of 1,000, against a floor measured in the same run.

The floor is the least reportlab can do for the same output: one page drawn straight on a
canvas with the same text in the same embedded font (DejaVu Sans, subset), no layout engine.
Run: .venv/bin/python bench/bench_agreements.py [--count N] [--lang de]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from cxdesk.domain.codes import Status  # noqa: E402
from cxdesk.pdf.agreement import render_agreement, render_agreements  # noqa: E402
from cxdesk.pdf.content import AgreementContent, VisitorInfo  # noqa: E402
from cxdesk.pdf.fonts import REGULAR, register_fonts  # noqa: E402
from cxdesk.pdf.sample import sample_content  # noqa: E402

BLOCK = 50


FIRST = ("Мария", "Ștefan", "Γιώργος", "Żaneta", "Jean", "Anneliese", "Łukasz", "Αικατερίνη")
LAST = ("Иванова", "Brâncuși", "Παπαδόπουλος", "Wójcik", "Dupont", "Müller", "Nowak", "Οικονόμου")


def _contents(count: int) -> list[AgreementContent]:
    """Every agreement different in its names and numbers, as in a real batch (no cache luck)."""
    base = sample_content()
    statuses = (Status.APPROVED, Status.SUBMITTED)
    contents = []
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
        contents.append(
            replace(
                base,
                reference=f"CX-2026-{i:05d}",
                status=statuses[i % 2],
                visitor=VisitorInfo(name, f"visitor{i}@example.eu", "Project manager"),
                visiting_organisation=replace(
                    base.visiting_organisation, name=f"{base.visiting_organisation.name} {i}"
                ),
                host_organisation=replace(
                    base.host_organisation, name=f"{base.host_organisation.name} {i % 97}"
                ),
                host_contact=f"{FIRST[(i + 3) % len(FIRST)]} {LAST[i % len(LAST)]}",
                distance_km=Decimal(150 + i % 900),
                working_days=3 + i % 18,
            )
        )
    return contents


def _agreement_text(lang: str) -> str:
    buf = io.BytesIO()
    render_agreement(sample_content(), buf, lang)
    buf.seek(0)
    return "\n".join(page.extract_text() for page in PdfReader(buf).pages)


def _floor_document(text: str, path: Path) -> None:
    """The same characters on one page, wrapped and drawn line by line, in the same font."""
    canvas = Canvas(str(path), pagesize=A4, initialFontName=REGULAR)
    canvas.setFont(REGULAR, 6)
    width = A4[0] - 60
    y = A4[1] - 30
    for paragraph in text.splitlines():
        for line in simpleSplit(paragraph, REGULAR, 6, width):
            canvas.drawString(30, y, line)
            y -= 7
    canvas.showPage()
    canvas.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--lang", default="de")
    args = parser.parse_args()

    register_fonts()
    text = _agreement_text(args.lang)
    contents = _contents(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Warm up both paths once (font parsing, catalogs, babel data) outside the clocks.
        _floor_document(text, folder / "warm.pdf")
        render_agreements(contents[:1], folder / "warm", lambda _c: args.lang)

        # Alternate blocks of both so a busy machine slows them alike and the ratio holds.
        floor = agreements = 0.0
        for block in range(0, args.count, BLOCK):
            size = min(BLOCK, args.count - block)
            start = time.process_time()
            for i in range(block, block + size):
                _floor_document(text, folder / f"floor-{i:05d}.pdf")
            floor += time.process_time() - start
            start = time.process_time()
            render_agreements(
                contents[block : block + size], folder / "agreements", lambda _c: args.lang
            )
            agreements += time.process_time() - start

    print(f"text per document: {len(text)} characters, language {args.lang}")
    print(f"floor (one canvas page):  {args.count / floor:8.1f} documents/s")
    print(f"grant agreements:         {args.count / agreements:8.1f} agreements/s")
    print(f"ratio: {agreements / floor:.2f}x the floor (goal <= 2x)")


if __name__ == "__main__":
    main()
