"""What a real grant agreement holds besides the amount, and the Commitment's typed content."""

from __future__ import annotations

import io

from pypdf import PdfReader

from cxdesk.pdf.agreement import render_agreement, render_commitment
from cxdesk.pdf.content import AgreementContent
from cxdesk.pdf.sample import sample_content

from .pdfread import text, to_bytes


def agreement(content: AgreementContent, lang: str = "en") -> str:
    return text(to_bytes(lambda out: render_agreement(content, out, lang)))


def commitment(content: AgreementContent, lang: str = "en") -> str:
    return text(to_bytes(lambda out: render_commitment(content, out, lang)))


def test_the_new_clauses_are_there_under_their_headings() -> None:
    printed = agreement(sample_content())
    for words in (
        "Amounts not justified",
        "is recovered: the visitor repays it to the Partnership",
        "Funding by the European Union",
        "co-funded by the European Union under the Single Market Programme (SMP COSME)",
        "ClusterXchange scheme",
        "Data protection",
        "General Data Protection Regulation (Regulation (EU) 2016/679)",
        "writing to the Partnership (Balkan Agri-Food Cluster Partnership (BALKAN-AGRI))",
        "Applicable law and disputes",
        "governed by the law of Bulgaria",  # the paying partnership's side: the visitor's
        "the courts of Bulgaria have jurisdiction",
    ):
        assert words in printed, words
    # The signatures stay last.
    assert printed.index("Applicable law and disputes") < printed.index("Signatures")


def test_the_law_is_named_in_the_documents_language() -> None:
    assert "Bulgarien" in agreement(sample_content(), "de")


def test_signatories_names_are_printed_when_known() -> None:
    named = agreement(sample_content(coordinator="Елена Петрова"), "bg")
    assert "Елена Петрова" in named and "Мария Иванова" in named
    unnamed = agreement(sample_content(coordinator=None))
    assert "Елена Петрова" not in unnamed
    assert "Name and position of the signatory" in unnamed  # a line to write it on
    assert "Елена Петрова" in commitment(sample_content(coordinator="Елена Петрова"))


def test_commitment_prints_what_was_typed_and_lines_only_where_nothing_was() -> None:
    typed = sample_content(
        goals="Learn how the Greek cluster runs its academy.",
        objectives="Ένα κοινό σχέδιο για την επόμενη πρόσκληση.",
        agenda="Mon 2 March: welcome\n\nTue 3 March: packaging workshop\nWed 4 March: visits",
    )
    printed = commitment(typed)
    assert "Learn how the Greek cluster runs its academy." in printed
    assert "Ένα κοινό σχέδιο για την επόμενη πρόσκληση." in printed
    assert "• Mon 2 March: welcome • Tue 3 March: packaging workshop • Wed 4 March: visits" in (
        printed
    )
    only_goals = commitment(sample_content(goals="Meet two food processors."))
    assert "Meet two food processors." in only_goals
    assert "Mon 2 March" not in only_goals


def _lines_drawn(content: AgreementContent) -> int:
    """How many straight lines the pages draw (rules, signature lines, lines to write on)."""
    data = to_bytes(lambda out: render_commitment(content, out, "en"))
    reader = PdfReader(io.BytesIO(data))
    return sum(page.get_contents().get_data().count(b" l S") for page in reader.pages)


def test_ruled_lines_to_write_on_only_for_what_was_left_empty() -> None:
    empty = _lines_drawn(sample_content())
    # Goals and objectives get four lines each when empty, the agenda eight.
    assert empty - _lines_drawn(sample_content(goals="Meet two food processors.")) == 4
    typed = sample_content(goals="a", objectives="b", agenda="Mon: c\nTue: d")
    assert empty - _lines_drawn(typed) == 16
