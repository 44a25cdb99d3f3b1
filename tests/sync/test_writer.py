"""Writing packages: RFC 4180 CSV, values verbatim, a manifest Frictionless accepts, atomically."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless
import pytest

from cxdesk.domain.codes import OrgKind, PaymentKind, Purpose, Status
from cxdesk.sync import read_package, table_schema, write_package

from . import factory as f

DESK = "desk:9f0e1d2c-3b4a-4596-8877-665544332211"
FIELDS = {
    "origin": DESK,
    "partnership": "ECP-DIGI",
    "kind": "delta",
    "sequence": 3,
    "base_sequence": 2,
    "created": datetime(2026, 3, 5, 17, 45, 12, tzinfo=UTC),
}


def read_all(path: Path) -> dict[str, list[dict[str, Any]]]:
    with read_package(path) as package:
        rows = {name: list(package.rows(name)) for name in package.resources}
        assert not package.problems and package.warnings == [], package.problems.lines()
    return rows


def test_a_platform_package_round_trips(tmp_path: Path) -> None:
    rows = read_all(f.make_package(tmp_path))
    written = write_package(tmp_path / "out.zip", FIELDS, rows)
    assert written.rows == {name: len(items) for name, items in rows.items()}
    assert read_all(written.path) == rows
    assert written.manifest.desk_uid == DESK.removeprefix("desk:")
    assert written.manifest.created == FIELDS["created"]


def test_frictionless_accepts_a_written_package(tmp_path: Path) -> None:
    package = write_package(tmp_path / "out.zip", FIELDS, read_all(f.make_package(tmp_path))).path
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)  # a trusted file we just wrote
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["tasks"] == 5


def test_values_are_written_as_the_contract_says(tmp_path: Path) -> None:
    org = {
        "uid": f.ORG_ARAGON.upper(),
        "revision": 0,
        "deleted": False,
        "updated_at": datetime(2026, 3, 5, 18, 45, tzinfo=timezone(timedelta(hours=1))),
        "name": '=HYPERLINK("http://x")',
        "kind": OrgKind.SME,
        "country": "FR",
        "city": "Saint-Étienne",
        "latitude": 45.4397,
        "longitude": Decimal("4.3872"),
        "ecosystems": [],
        "phone": "+33 4 77 00 00 00",
        "email": None,
    }
    exchange = {
        "uid": f.EXCHANGE,
        "revision": 1,
        "reference": "CX-2026-0001",
        "visitor_uid": f.PERSON_ZELJKO,
        "host_organisation_uid": f.ORG_ARAGON,
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 3, 6),
        "purposes": [Purpose.LEARN, Purpose.TECHNOLOGY],
        "status": Status.SIGNED,
        "distance_km": Decimal("1E+3"),
        "lump_sum": 780,
        "notes": 'a,b\r\nc "d"',
    }
    payment = {
        "uid": f.PAYMENT,
        "revision": 0,
        "exchange_uid": f.EXCHANGE,
        "kind": PaymentKind.LUMP_SUM,
        "amount": Decimal("390.5"),
        "paid_on": date(2026, 4, 1),
        "updated_at": datetime(2026, 4, 1, 8, 0, 0),
    }
    path = write_package(
        tmp_path / "out.zip",
        FIELDS,
        {"organisations": [org], "exchanges": [exchange], "payments": [payment]},
    ).path
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        orgs = archive.read("organisations.csv")
        exchanges = archive.read("exchanges.csv")
        payments = archive.read("payments.csv")
        manifest = json.loads(archive.read("datapackage.json"))
    assert names == ["organisations.csv", "exchanges.csv", "payments.csv", "datapackage.json"]
    assert not orgs.startswith(b"\xef\xbb\xbf")
    assert orgs.decode("utf-8").split("\r\n") == [
        "uid,revision,updated_at,deleted,platform_id,name,kind,country,city,latitude,longitude,"
        "ecosystems,cluster_uid,partnership,website,email,phone",
        f'{f.ORG_ARAGON},0,2026-03-05T17:45:00Z,false,,"=HYPERLINK(""http://x"")",sme,FR,'
        "Saint-Étienne,45.4397,4.3872,,,,,,+33 4 77 00 00 00",
        "",
    ]
    assert exchanges.decode("utf-8").split("\r\n")[1] == (
        f"{f.EXCHANGE},1,,,,CX-2026-0001,{f.PERSON_ZELJKO},{f.ORG_ARAGON},,2026-03-02,2026-03-06,"
        'learn;technology,,,signed,1000,780.00,,"a,b'
    )
    assert payments.decode("utf-8").split("\r\n")[1] == (
        f"{f.PAYMENT},0,2026-04-01T08:00:00Z,,{f.EXCHANGE},lump_sum,390.50,2026-04-01,"
    )
    assert manifest["profile"] == "tabular-data-package"
    assert manifest["cx"] == {
        "format": 1,
        "origin": DESK,
        "partnership": "ECP-DIGI",
        "kind": "delta",
        "sequence": 3,
        "base_sequence": 2,
        "created": "2026-03-05T17:45:12Z",
    }
    payments_resource = manifest["resources"][2]
    assert {
        key: payments_resource[key]
        for key in ("name", "path", "profile", "format", "encoding", "bytes")
    } == {
        "name": "payments",
        "path": "payments.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "encoding": "utf-8",
        "bytes": len(payments),
    }
    assert payments_resource["schema"] == table_schema("payments")
    back = read_all(path)
    assert back["exchanges"][0]["notes"] == 'a,b\r\nc "d"'
    assert back["organisations"][0]["name"] == '=HYPERLINK("http://x")'


def test_the_table_schemas() -> None:
    rates = table_schema("rates")
    assert rates["primaryKey"] == ["host_country", "valid_from"]
    fields = {field["name"]: field for field in table_schema("exchanges")["fields"]}
    assert table_schema("exchanges")["primaryKey"] == ["uid"]
    assert fields["uid"]["constraints"]["required"] is True
    assert fields["start_date"]["type"] == "date" and fields["updated_at"]["type"] == "datetime"
    assert fields["lump_sum"]["type"] == "number" and fields["deleted"]["type"] == "boolean"
    assert fields["revision"]["type"] == "integer"
    assert fields["status"]["constraints"]["enum"][:2] == ["draft", "submitted"]
    assert fields["reference"]["constraints"] == {"unique": True}
    assert "required" not in fields.get("end_date", {}).get("constraints", {})  # tombstones


def test_an_empty_resource_is_a_header(tmp_path: Path) -> None:
    path = write_package(tmp_path / "out.zip", FIELDS, {"payments": []}).path
    with zipfile.ZipFile(path) as archive:
        assert archive.read("payments.csv").count(b"\r\n") == 1
    assert read_all(path) == {"payments": []}


@pytest.mark.parametrize(
    ("fields", "resources", "message"),
    [
        ({**FIELDS, "origin": "desk"}, {}, "cx.origin 'desk' is neither"),
        ({**FIELDS, "sequence": 0}, {}, "cx.sequence must be a whole number"),
        ({**FIELDS, "colour": "red"}, {}, "unknown manifest fields"),
        (FIELDS, {"tags": []}, "unknown resources"),
        (
            FIELDS,
            {"rates": [{"host_country": "FR", "vat": 1}]},
            r"rates: unknown columns \['vat'\]",
        ),
        (FIELDS, {"people": [{"uid": f.PERSON_ZELJKO, "role": "a\x00b"}]}, "NUL"),
    ],
)
def test_programming_errors_are_value_errors(
    tmp_path: Path, fields: dict[str, Any], resources: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write_package(tmp_path / "out.zip", fields, resources)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    target.write_bytes(b"the previous package")

    def rows() -> Iterator[dict[str, Any]]:
        yield {"host_country": "FR", "valid_from": date(2026, 1, 1), "ceiling": 950}
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_package(target, FIELDS, {"rates": rows()})
    assert target.read_bytes() == b"the previous package"
    assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]


def test_created_defaults_to_now(tmp_path: Path) -> None:
    fields = {key: value for key, value in FIELDS.items() if key != "created"}
    before = datetime.now(UTC).replace(microsecond=0)
    written = write_package(tmp_path / "out.zip", fields, {})
    assert before <= written.manifest.created <= datetime.now(UTC)
