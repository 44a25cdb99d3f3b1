"""Reading packages: typed rows, and every CSV problem told as `file:line: column: message`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from cxdesk.domain.codes import Ecosystem, OrgKind, Purpose, Status, TravelMode
from cxdesk.sync import read_package, validate_package
from cxdesk.sync.problems import MAX_PROBLEMS

from . import factory as f


def problems_of(path: Path) -> list[str]:
    return validate_package(path)[1].lines()


def test_a_valid_package_reads_into_typed_rows(tmp_path: Path) -> None:
    with read_package(f.make_package(tmp_path)) as package:
        assert package.manifest.partnership == "ECP-DIGI"
        assert package.resources == ("organisations", "people", "exchanges", "payments", "rates")
        orgs = list(package.rows("organisations"))
        exchanges = list(package.numbered_rows("exchanges"))
        payments = list(package.rows("payments"))
        rates = list(package.rows("rates"))
        package.read_all()
        assert not package.problems
        assert package.warnings == []
        assert package.dangling_references() == []
    aragon, thessaly, sofia = orgs
    assert aragon["name"] == "Clúster Agroalimentario de Aragón"
    assert aragon["kind"] is OrgKind.CLUSTER_ORGANISATION
    assert aragon["ecosystems"] == [Ecosystem.AGRI_FOOD, Ecosystem.DIGITAL]
    assert aragon["latitude"] == Decimal("41.6488") and aragon["longitude"] == Decimal("-0.8891")
    assert aragon["revision"] == 3 and aragon["deleted"] is False
    assert aragon["updated_at"] == datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert aragon["phone"] == "+34 976 123 456"
    assert thessaly["country"] == "GR"  # EL is the EU's code for Greece
    assert thessaly["name"] == "Ένωση Επιχειρήσεων Θεσσαλίας, «Αγρο»"
    assert thessaly["platform_id"] is None and thessaly["ecosystems"] == [Ecosystem.AGRI_FOOD]
    assert sofia["name"] == "Кластер „Иновации“ ООД" and sofia["cluster_uid"] == f.ORG_ARAGON
    (line, exchange), (deleted_line, deleted) = exchanges
    assert (line, deleted_line) == (2, 4)  # the notes hold a newline: the next row is on line 4
    assert exchange["notes"] == f.NOTES
    assert exchange["start_date"] == date(2026, 3, 2) and exchange["end_date"] == date(2026, 3, 6)
    assert exchange["purposes"] == [Purpose.LEARN, Purpose.MARKETS]
    assert exchange["status"] is Status.APPROVED and exchange["travel_mode"] is TravelMode.GREEN
    assert exchange["lump_sum"] == Decimal("950.00")
    assert deleted["deleted"] is True and deleted["reference"] is None  # a tombstone needs no more
    assert payments[0]["amount"] == Decimal("950.00")
    assert payments[0]["paid_on"] == date(2026, 4, 10)
    assert [(r["host_country"], r["valid_to"]) for r in rates] == [
        ("GR", None),
        ("GB", date(2020, 12, 31)),
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_crlf_and_lf_read_alike(tmp_path: Path, newline: str) -> None:
    with read_package(f.make_package(tmp_path, newline=newline)) as package:
        exchange = next(package.rows("exchanges"))
        rows = {name: len(list(package.rows(name))) for name in package.resources}
    assert exchange["notes"] == f.NOTES
    assert rows == {"organisations": 3, "people": 2, "exchanges": 2, "payments": 1, "rates": 2}


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    csv_files = f.files()
    csv_files["people.csv"] = b"\xef\xbb\xbf" + csv_files["people.csv"]
    with read_package(f.make_package(tmp_path, csv_files)) as package:
        people = list(package.rows("people"))
        package.read_all()
        assert not package.problems and package.warnings == []
    assert people[0]["first_name"] == "Željko"


def test_an_impossible_date_names_file_line_and_column(tmp_path: Path) -> None:
    data = f.tables()
    data["exchanges"][1]["end_date"] = "2026-02-30"  # a tombstone's values are checked too
    assert problems_of(f.make_package(tmp_path, data)) == [
        "exchanges.csv:4: end_date 2026-02-30 is not a date",
    ]


def test_dates_not_written_iso(tmp_path: Path) -> None:
    data = f.tables()
    data["payments"][0]["paid_on"] = "10/04/2026"
    assert problems_of(f.make_package(tmp_path, data)) == [
        "payments.csv:2: paid_on '10/04/2026' is not a date (YYYY-MM-DD)",
    ]


def test_an_unknown_code_lists_the_codes(tmp_path: Path) -> None:
    data = f.tables()
    data["organisations"][2]["kind"] = "xyz"
    data["exchanges"][0]["purposes"] = "learn;fun"
    assert problems_of(f.make_package(tmp_path, data)) == [
        "organisations.csv:4: kind 'xyz' is not one of cluster_organisation, business_network, "
        "sme, tech_centre, research_institute, innovation_hub, fab_lab, creative_hub, "
        "resource_efficiency_provider, incubator, accelerator, other",
        "exchanges.csv:2: purposes 'fun' is not one of learn, markets, technology, collaboration",
    ]


def test_a_duplicate_uid_in_a_file(tmp_path: Path) -> None:
    data = f.tables()
    data["people"][1]["uid"] = f.PERSON_ZELJKO.upper()  # the same UUID, in capitals
    assert problems_of(f.make_package(tmp_path, data)) == [
        f"people.csv:3: uid '{f.PERSON_ZELJKO}' is already on line 2",
    ]


def test_a_duplicate_rate_key(tmp_path: Path) -> None:
    data = f.tables()
    data["rates"][1].update(host_country="GR", valid_from="2026-01-01", valid_to="")
    assert problems_of(f.make_package(tmp_path, data)) == [
        "rates.csv:3: valid_from 'GR' '2026-01-01' is already on line 2",
    ]


def test_a_missing_required_column_refuses_the_file(tmp_path: Path) -> None:
    data = f.tables()
    for row in data["exchanges"]:
        del row["end_date"]
    with read_package(f.make_package(tmp_path, data)) as package:
        assert list(package.rows("exchanges")) == []
        package.read_all()
        assert package.problems.lines() == [
            "exchanges.csv:1: end_date the required column is missing"
        ]


def test_unknown_columns_are_one_warning_per_file(tmp_path: Path) -> None:
    data = f.tables()
    for row in data["organisations"]:
        row.update(vat_number="ES123", size="small")
    manifest, problems, warnings = validate_package(f.make_package(tmp_path, data))
    assert not problems
    assert [str(w) for w in warnings] == [
        "organisations.csv:1: columns this desk does not know are ignored: 'vat_number', 'size'",
    ]
    with read_package(f.make_package(tmp_path, data, name="again.zip")) as package:
        assert "vat_number" not in next(package.rows("organisations"))


def test_an_optional_column_may_be_absent(tmp_path: Path) -> None:
    data = f.tables()
    for row in data["organisations"]:
        del row["website"]
        del row["deleted"]
    with read_package(f.make_package(tmp_path, data)) as package:
        org = next(package.rows("organisations"))
        assert "website" not in package.columns("organisations") and "website" not in org
        assert org["deleted"] is False


def test_not_utf8_is_one_problem_naming_the_file(tmp_path: Path) -> None:
    data = f.tables()
    del data["organisations"][1:]
    csv_files = f.files(data)
    # A spreadsheet saved it in cp1252: the ú of Clúster becomes the byte 0xFA.
    csv_files["organisations.csv"] = csv_files["organisations.csv"].decode().encode("cp1252")
    assert problems_of(f.make_package(tmp_path, csv_files)) == [
        "organisations.csv:2: the file is not UTF-8 text: byte 0xFA on this line is not valid "
        "UTF-8; packages are written in UTF-8",
    ]


def test_row_values_are_checked(tmp_path: Path) -> None:
    data = f.tables()
    data["organisations"][0].update(
        name="x" * 301, latitude="91", email="info.aragon.eu", country="XX"
    )
    data["organisations"][1].update(city=" ", longitude="12,5", revision="-1")
    data["people"][0].update(language="spanish", updated_at="2026-03-01 10:00")
    data["exchanges"][0].update(
        end_date="2026-03-01", visitor_uid="not-a-uid", deleted="yes", lump_sum="950.001"
    )
    data["payments"][0].update(amount="0.00")
    data["rates"][1].update(valid_to="2019-12-31", ceiling="")
    assert problems_of(f.make_package(tmp_path, data)) == [
        "organisations.csv:2: name is 301 characters long; at most 300",
        "organisations.csv:2: country 'XX' is not a country code: use the two-letter ISO code, "
        "e.g. FR or DE",
        "organisations.csv:2: latitude 91 must be at most 90",
        "organisations.csv:2: email 'info.aragon.eu' does not look like an email address",
        "organisations.csv:3: revision '-1' is not a whole number ≥ 0",
        "organisations.csv:3: longitude '12,5' is not a number (use a point for decimals, "
        "e.g. 12.50)",
        "organisations.csv:3: city a value is required",
        "people.csv:2: updated_at '2026-03-01 10:00' is not a UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)",
        "people.csv:2: language 'spanish' is not a language code (ISO 639-1, e.g. fr)",
        "exchanges.csv:2: deleted 'yes' is not true or false",
        "exchanges.csv:2: visitor_uid 'not-a-uid' is not a UUID",
        "exchanges.csv:2: lump_sum 950.001 has more than 2 decimal places",
        "exchanges.csv:2: end_date 2026-03-01 is before start_date 2026-03-02",
        "payments.csv:2: amount 0.00 must be more than 0",
        "rates.csv:3: ceiling a value is required",
        "rates.csv:3: valid_to 2019-12-31 is before valid_from 2020-01-01",
    ]


def test_a_row_with_too_few_cells(tmp_path: Path) -> None:
    csv_files = f.files()
    csv_files["payments.csv"] += b"8d02b5da-c180-4e92-b5f6-a29be4b3c009,1\r\n"
    assert problems_of(f.make_package(tmp_path, csv_files)) == [
        "payments.csv:3: the row has 2 cells; the header has 9",
    ]


def test_broken_quoting_stops_the_file(tmp_path: Path) -> None:
    csv_files = f.files()
    csv_files["payments.csv"] += b'8d02b5da-c180-4e92-b5f6-a29be4b3c009,"1\r\n'
    assert problems_of(f.make_package(tmp_path, csv_files)) == [
        "payments.csv:3: the file is not valid CSV from here on (unexpected end of data)",
    ]


def test_an_empty_csv_file(tmp_path: Path) -> None:
    csv_files = f.files()
    csv_files["rates.csv"] = b""
    assert problems_of(f.make_package(tmp_path, csv_files)) == [
        "rates.csv: the file is empty: it needs at least a header row",
    ]


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    csv_files = f.files()
    csv_files["rates.csv"] = b"host_country,valid_from,valid_to,ceiling\r\n"
    with read_package(f.make_package(tmp_path, csv_files)) as package:
        assert list(package.rows("rates")) == []
        package.read_all()
        assert not package.problems


def test_only_the_first_100_problems_are_listed(tmp_path: Path) -> None:
    data = f.tables()
    template = data["payments"][0]
    data["payments"] = [
        {**template, "uid": f"00000000-0000-4000-8000-{n:012d}", "paid_on": "2026-13-01"}
        for n in range(130)
    ]
    manifest, problems, warnings = validate_package(f.make_package(tmp_path, data))
    assert len(problems) == MAX_PROBLEMS and problems.total == 130 and problems.more == 30
    assert problems.lines()[0] == "payments.csv:2: paid_on 2026-13-01 is not a date"
    assert problems.lines()[-1] == "… and 30 more problems"


def test_dangling_references_are_left_to_the_service(tmp_path: Path) -> None:
    data = f.tables()
    del data["organisations"][1]  # Thessaly: the person and the exchange still name it
    with read_package(f.make_package(tmp_path, data)) as package:
        package.read_all()
        assert not package.problems
        dangling = package.dangling_references()
        assert package.uids["organisations"] == {f.ORG_ARAGON, f.ORG_SOFIA}
    assert [str(ref.problem()) for ref in dangling] == [
        f"people.csv:3: organisation_uid {f.ORG_THESSALY} is not in organisations of the "
        "package or of the desk",
    ]
    assert dangling[0].target == "organisations" and dangling[0].uid == f.ORG_THESSALY


def test_reading_a_resource_twice_reports_its_problems_once(tmp_path: Path) -> None:
    data = f.tables()
    data["payments"][0]["amount"] = "-3"
    with read_package(f.make_package(tmp_path, data)) as package:
        assert list(package.rows("payments")) == []
        assert list(package.rows("payments")) == []
        package.read_all()
        assert package.problems.lines() == ["payments.csv:2: amount -3 must be more than 0"]
