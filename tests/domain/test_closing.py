"""The closing rules on their own: the checklist, what validation needs, the amount due from
the dates really taken, evidence files told by their bytes, a visitor's form typed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cxdesk.core.errors import UserError
from cxdesk.domain.closing import (
    Settlement,
    checklist,
    evidence_file_name,
    form_content,
    media_type_of,
    missing_kinds,
    parse_rating,
    settle,
    validation_problems,
)
from cxdesk.domain.codes import EvidenceKind, Status
from cxdesk.domain.records import Evidence, Exchange, Report, Waiver

D = date
# A week in Germany without holidays: Monday 9 to Friday 13 November 2026.
MON, THU, FRI, TUE = D(2026, 11, 9), D(2026, 11, 12), D(2026, 11, 13), D(2026, 11, 10)


def _settle(start: date, end: date, granted: str = "950.00", **kw: object) -> Settlement:
    values: dict[str, object] = {
        "granted": Decimal(granted),
        "ceiling": Decimal("950.00"),
        "already_halved": False,
        "host_country": "DE",
        "start": start,
        "end": end,
    }
    return settle(**(values | kw))  # type: ignore[arg-type]


def test_five_working_days_keep_the_granted_sum() -> None:
    done = _settle(MON, FRI)
    assert done.amount_due == Decimal("950.00") and done.reduction_reason is None


def test_four_working_days_halve_it_with_the_reason() -> None:
    done = _settle(MON, THU)
    assert done.amount_due == Decimal("475.00")
    assert done.reduction_reason == (
        "Halved: the visit actually took 4 working days at the host, fewer than 5"
    )


def test_a_sum_granted_halved_already_is_not_halved_twice() -> None:
    done = _settle(MON, THU, granted="475.00")
    assert done.amount_due == Decimal("475.00") and done.reduction_reason is None
    unknown_ceiling = _settle(MON, THU, granted="475.00", ceiling=None, already_halved=True)
    assert unknown_ceiling.amount_due == Decimal("475.00")


def test_two_working_days_are_not_eligible() -> None:
    done = _settle(MON, TUE)
    assert done.amount_due == Decimal("0.00") and not done.eligible
    assert (done.reduction_reason or "").startswith(
        "Not eligible: the visit actually took 2 working days"
    )


def test_holidays_at_the_host_count_as_lost_days() -> None:
    # 1 May 2026 is a Friday holiday in Germany: Monday to Friday is 4 working days.
    assert _settle(D(2026, 4, 27), D(2026, 5, 1)).amount_due == Decimal("475.00")


def _exchange() -> Exchange:
    return Exchange(
        uid="x",
        reference="CX-2026-0001",
        visitor_uid="v",
        host_organisation_uid="h",
        start_date=MON,
        end_date=FRI,
        status=Status.COMPLETED,
        lump_sum=Decimal("950.00"),
    )


def _evidence(kind: EvidenceKind) -> Evidence:
    return Evidence("x", kind, f"{kind}.pdf", "0" * 64)


def test_the_checklist_is_done_by_a_file_or_a_waiver() -> None:
    lines = checklist(
        [_evidence(EvidenceKind.TRAVEL), _evidence(EvidenceKind.OTHER)],
        [Waiver("x", EvidenceKind.ATTENDANCE, "letter by e-mail")],
    )
    assert [line.kind for line in lines] == [
        EvidenceKind.TRAVEL,
        EvidenceKind.ACCOMMODATION,
        EvidenceKind.ATTENDANCE,
    ]
    assert [line.done for line in lines] == [True, False, True]
    assert missing_kinds(lines) == (EvidenceKind.ACCOMMODATION,)


def test_validation_problems_name_each_thing_missing() -> None:
    report = Report("r", "x", received_on=FRI)
    lines = checklist([], [])
    problems = validation_problems(_exchange(), None, lines, THU, today=THU)
    assert problems[0].startswith("There is no closing report yet")
    assert "before the visit ends on 2026-11-13" in problems[1]
    assert "travel (Travel tickets or boarding passes), accommodation" in problems[2]
    assert validation_problems(_exchange(), report, lines, D(2026, 11, 20), today=FRI)[0] == (
        "It cannot be validated on 2026-11-20, a day still to come"
    )
    full = checklist([_evidence(k) for k in EvidenceKind], [])
    assert validation_problems(_exchange(), report, full, FRI, today=FRI) == []
    later = Report("r", "x", received_on=FRI, actual_end=D(2026, 11, 16))
    assert (
        "before the visit ends on 2026-11-16"
        in validation_problems(_exchange(), later, full, FRI, today=D(2026, 11, 20))[0]
    )


def test_evidence_is_told_by_its_bytes() -> None:
    assert media_type_of(b"%PDF-1.7\n") == "application/pdf"
    assert media_type_of(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert media_type_of(b"\xff\xd8\xff\xe1") == "image/jpeg"
    assert media_type_of(b"GIF89a") is None and media_type_of(b"") is None


def test_an_evidence_file_name_fits_reports_csv() -> None:
    assert evidence_file_name("/home/ana/tickets/boarding:pass;1.pdf") == "boarding_pass_1.pdf"
    assert evidence_file_name("C:\\scans\\hotel.png") == "hotel.png"


@pytest.mark.parametrize(("text", "rating"), [("4", 4), (" 5 - very good", 5), ("", None)])
def test_a_rating_as_a_form_holds_it(text: str, rating: int | None) -> None:
    assert parse_rating(text) == rating


@pytest.mark.parametrize("text", ["0", "6", "10", "good"])
def test_a_rating_that_is_none_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_rating(text)


def test_a_form_is_typed_and_its_wrong_values_named() -> None:
    fields = {
        "reference": " CX-2026-0001 ",
        "actual_start": "2026-11-09",
        "actual_end": "",
        "rating": "3",
        "iban": "DE89",
        "extra": "kept out",
    }
    content = form_content(fields, "form.pdf")
    assert content.reference == "CX-2026-0001" and content.actual_start == MON
    assert content.actual_end is None and content.rating == 3 and content.results is None
    with pytest.raises(UserError, match="form.pdf: the field actual_end holds “9.11.2026”"):
        form_content(fields | {"actual_end": "9.11.2026"}, "form.pdf")
    with pytest.raises(UserError, match="form.pdf: the rating “7”"):
        form_content(fields | {"rating": "7"}, "form.pdf")
    with pytest.raises(UserError, match="ends on 2026-11-01, before it starts"):
        form_content(fields | {"actual_end": "2026-11-01"}, "form.pdf")
    with pytest.raises(UserError, match="no reference field"):
        form_content({"iban": "x"}, "form.pdf")
