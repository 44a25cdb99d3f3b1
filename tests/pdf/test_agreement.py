"""The grant agreement and the Commitment to Quality, read back from the PDF bytes."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from reportlab import rl_config

from cxdesk.domain.codes import Status
from cxdesk.pdf.agreement import file_name, render_agreement, render_agreements, render_commitment
from cxdesk.pdf.content import (
    HALVED_SHORT_DISTANCE,
    HALVED_SHORT_STAY,
    AgreementContent,
    OrganisationInfo,
    PartnershipInfo,
    VisitorInfo,
)
from cxdesk.pdf.sample import sample_content

from .pdfread import fonts, page_texts, text, to_bytes


def agreement(content: AgreementContent, lang: str) -> bytes:
    return to_bytes(lambda out: render_agreement(content, out, lang))


def commitment(content: AgreementContent, lang: str) -> bytes:
    return to_bytes(lambda out: render_commitment(content, out, lang))


def money(amount: str, lang: str) -> str:
    # What babel prints, as the PDF gives it back (U+00A0 drawn as a space, U+202F kept).
    return format_currency(Decimal(amount), "EUR", locale=lang).replace("\xa0", " ")


CENTRAL_EUROPE = sample_content(
    reference="CX-2026-0117",
    visitor=VisitorInfo("Żaneta Wójcik", "z.wojcik@example.pl", "Kierowniczka klastra"),
    visiting_organisation=OrganisationInfo("Klaster Żółć i Len", "Łódź", "PL"),
    host_organisation=OrganisationInfo("Centrul Tehnologic Ștefan Brâncuși", "Timișoara", "RO"),
    host_contact="Ștefan Brâncuși",
    ceiling=Decimal("780.00"),
    halved=False,
    halved_because=(),
    lump_sum=Decimal("780.00"),
    working_days=10,
    calendar_days=12,
    distance_km=Decimal("691"),
)


@pytest.mark.parametrize("lang", ["en", "de", "bg", "el"])
def test_names_in_their_own_scripts_come_out_exact(lang: str) -> None:
    printed = text(agreement(sample_content(), lang))
    for name in (
        "Мария Иванова",
        "Ελληνικό Κέντρο Καινοτομίας",
        "Γιώργος Παπαδόπουλος",
        "Клъстер Мехатроника и автоматизация",
        "Пловдив",
        "Θεσσαλονίκη",
    ):
        assert name in printed
    assert "CX-2026-0042" in printed


def test_polish_and_romanian_diacritics_come_out_exact() -> None:
    printed = text(agreement(CENTRAL_EUROPE, "pl"))
    for name in (
        "Żaneta Wójcik",
        "Klaster Żółć i Len",
        "Łódź",
        "Ștefan Brâncuși",
        "Timișoara",
        "Centrul Tehnologic Ștefan Brâncuși",
    ):
        assert name in printed
    assert "CX-2026-0117" in printed


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "1.234,00 €"), ("fr", "1\u202f234,00 €"), ("pl", "1 234,00 €"), ("en", "€1,234.00")],
)
def test_total_in_the_language_format(lang: str, expected: str) -> None:
    assert money("1234", lang) == expected  # babel's own output, as the PDF gives it back
    content = sample_content(ceiling=Decimal("2468.00"), lump_sum=Decimal("1234.00"))
    printed = text(agreement(content, lang))
    assert expected in printed
    assert money("2468", lang) in printed  # the ceiling in the breakdown


def test_french_amount_keeps_babels_narrow_no_break_space() -> None:
    content = sample_content(ceiling=Decimal("2468.00"), lump_sum=Decimal("1234.00"))
    expected = format_currency(Decimal("1234"), "EUR", locale="fr")
    assert "\u202f" in expected
    assert expected.replace("\xa0", " ") in text(agreement(content, "fr"))


def test_german_text_dates_and_pages() -> None:
    printed = text(agreement(sample_content(), "de"))
    assert "Finanzhilfevereinbarung — ClusterXchange" in printed
    assert "2. März 2026 – 5. März 2026" in printed
    assert "Seite 1 von 3" in printed
    assert "Halbiert, weil der Austausch weniger als 5 Arbeitstage dauert" in printed
    assert "Agrar- und Lebensmittelwirtschaft" in printed  # the ecosystem, translated
    assert "Von Akteuren eines anderen Clusters lernen" in printed  # a purpose, translated
    assert "Grant agreement" not in printed


def test_a_language_without_the_documents_is_wholly_english() -> None:
    content = sample_content(ceiling=Decimal("2468.00"), lump_sum=Decimal("1234.00"))
    printed = text(agreement(content, "ja"))
    assert "Grant agreement — ClusterXchange" in printed
    assert "Page 1 of 3" in printed
    # Formats and country names in English too: never English sentences around Japanese dates.
    assert money("1234", "en") in printed
    assert format_date(content.issued_on, "long", locale="en") in printed
    assert "Greece" in printed


def test_draft_watermark_only_until_approved() -> None:
    for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED):
        pages = page_texts(agreement(sample_content(status=status), "en"))
        assert all("DRAFT" in page for page in pages), status
    for status in (Status.APPROVED, Status.SIGNED, Status.PAID):
        assert "DRAFT" not in text(agreement(sample_content(status=status), "en")), status
    draft_de = text(agreement(sample_content(status=Status.SUBMITTED), "de"))
    assert "ENTWURF" in draft_de
    assert "ΣΧΕΔΙΟ" in text(commitment(sample_content(status=Status.DRAFT), "el"))
    assert "ΣΧΕΔΙΟ" not in text(commitment(sample_content(status=Status.APPROVED), "el"))


@pytest.mark.parametrize("render", [agreement, commitment])
def test_every_font_is_embedded(render: object) -> None:
    assert callable(render)
    data = render(sample_content(status=Status.DRAFT), "bg")
    found = fonts(data)
    assert found
    for font in found:
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get("/BaseFont")
        assert "DejaVuSans" in str(font["/BaseFont"])
    assert b"Helvetica" not in data


def test_halving_reasons_are_translated_and_worked_out_when_missing() -> None:
    both = sample_content(
        halved_because=(HALVED_SHORT_STAY, HALVED_SHORT_DISTANCE), distance_km=Decimal("150")
    )
    printed = text(agreement(both, "fr"))
    assert "l'échange dure moins de 5 jours ouvrables et les deux organisations" in printed
    derived = text(agreement(sample_content(halved_because=(), distance_km=Decimal("90")), "en"))
    assert (
        "Halved because the exchange lasts fewer than 5 working days and the two organisations "
        "are less than 200 km apart" in derived
    )
    whole = text(agreement(CENTRAL_EUROPE, "en"))
    assert "Not halved" in whole and "Halved because" not in whole


def test_data_with_markup_characters_is_printed_as_it_is() -> None:
    content = sample_content(
        visitor=VisitorInfo("Anna <Ann> Smith & Co", None, None),
        host_organisation=OrganisationInfo("R&D <Centre>", "Thessaloniki", "GR"),
    )
    printed = text(agreement(content, "en"))
    assert "Anna <Ann> Smith & Co" in printed
    assert "R&D <Centre>" in printed


def test_commitment_prints_goals_or_lines_to_fill_and_four_signatures() -> None:
    empty = text(commitment(sample_content(), "en"))
    assert "Commitment to Quality — ClusterXchange" in empty
    for role in (
        "The visitor",
        "For the host organisation",
        "For the partnership of the visiting organisation",
        "For the partnership of the host organisation",
    ):
        assert role in empty
    assert "Mediterranean Innovation Partnership (MED-INNO)" in empty
    filled = sample_content(goals="Visit the cluster academy", agenda="Day 1: welcome\nDay 2: labs")
    printed = text(commitment(filled, "en"))
    assert "Visit the cluster academy" in printed
    assert "• Day 1: welcome • Day 2: labs" in printed  # a line a day


def test_agreement_has_its_articles_and_signatures() -> None:
    printed = text(agreement(sample_content(), "en"))
    for words in (
        "within 10 days of validating the visitor's closing report and its evidence",
        "travel tickets or boarding passes, and accommodation invoices",
        "For the Partnership",
        "The visitor",
        "For the host organisation",
        "Name and position of the signatory",
        "Place and date",
        "Signature",
        "Rate table: defaults 2026, valid from January 1, 2026",
    ):
        assert words in printed


def test_caches_never_change_a_document(monkeypatch: pytest.MonkeyPatch) -> None:
    # Parsed paragraphs and line breaks are shared between documents: the bytes must not move.
    monkeypatch.setattr(rl_config, "invariant", 1)
    first = agreement(sample_content(), "de")
    other = agreement(CENTRAL_EUROPE, "de")
    again = agreement(sample_content(), "de")
    assert first == again
    assert first != other


def test_batch_names_files_by_reference(tmp_path: Path) -> None:
    contents = [sample_content(reference="CX/2026:7"), CENTRAL_EUROPE]
    languages = {"PL": "pl", "BG": "bg"}
    written = render_agreements(
        contents, tmp_path / "out", lambda c: languages[c.visiting_organisation.country]
    )
    assert [path.name for path in written] == ["CX_2026_7.pdf", "CX-2026-0117.pdf"]
    assert "Umowa o udzielenie dotacji" in text(written[1].read_bytes())  # PL visitor, Polish
    assert file_name("../../etc") == "etc.pdf"


@pytest.mark.skipif(
    shutil.which("qpdf") is None,
    reason="qpdf is not installed (apt-get install qpdf); the CI script installs it",
)
def test_qpdf_finds_no_error(tmp_path: Path) -> None:
    for name, data in (
        ("agreement.pdf", agreement(sample_content(status=Status.DRAFT), "el")),
        ("commitment.pdf", commitment(CENTRAL_EUROPE, "fr")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run(
            ["qpdf", "--check", str(path)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_a_partnership_known_only_by_its_code_is_named_once() -> None:
    coded = sample_content(host_partnership=PartnershipInfo("ECP-DIGI", "ECP-DIGI"))
    printed = text(commitment(coded, "en"))
    assert "ECP-DIGI" in printed
    assert "ECP-DIGI (ECP-DIGI)" not in printed


def test_one_partnership_signs_the_commitment_once() -> None:
    own = sample_content().partnership
    same = sample_content(host_partnership=PartnershipInfo(own.acronym, own.name))
    printed = text(commitment(same, "en"))
    assert "For the Partnership" in printed
    assert "For the partnership of the host organisation" not in printed
    assert "For the partnership of the visiting organisation" not in printed
