"""Valid platform packages built by hand (not by cxdesk's writer), for tests to break."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Table = list[dict[str, str]]

ORG_ARAGON = "0b8a3d52-4f0e-4c1a-9d7e-2a1f6c3b5e01"
ORG_THESSALY = "1c9b4e63-5a1f-4d2b-8e8f-3b2a7d4c6f02"
ORG_SOFIA = "2dac5f74-6b2a-4e3c-9f90-4c3b8e5d7a03"
PERSON_ZELJKO = "3ebd6085-7c3b-4f4d-a0a1-5d4c9f6e8b04"
PERSON_ALEXANDROS = "4fce7196-8d4c-4a5e-b1b2-6e5da07f9c05"
EXCHANGE = "5adf82a7-9e5d-4b6f-82c3-7f6eb1809d06"
EXCHANGE_DELETED = "6be093b8-af6e-4c70-93d4-807fc291ae07"
PAYMENT = "7cf1a4c9-b07f-4d81-a4e5-918ad3a2bf08"

NOTES = 'Visit the "Agro" lab, then meet growers, exporters\nSecond day: "Θεσσαλία" tour'

COMMON = {"revision": "3", "updated_at": "2026-03-01T10:00:00Z", "deleted": "false"}


def _row(uid: str, **cells: str) -> dict[str, str]:
    return {"uid": uid, **COMMON, **cells}


def tables() -> dict[str, Table]:
    """A valid platform package's tables, cell by cell (every row has every column)."""
    org = dict.fromkeys(
        (
            "platform_id",
            "name",
            "kind",
            "country",
            "city",
            "latitude",
            "longitude",
            "ecosystems",
            "cluster_uid",
            "partnership",
            "website",
            "email",
            "phone",
        ),
        "",
    )
    person = dict.fromkeys(
        (
            "platform_id",
            "organisation_uid",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "language",
        ),
        "",
    )
    exchange = dict.fromkeys(
        (
            "platform_id",
            "reference",
            "visitor_uid",
            "host_organisation_uid",
            "host_contact_uid",
            "start_date",
            "end_date",
            "purposes",
            "ecosystem",
            "travel_mode",
            "status",
            "distance_km",
            "lump_sum",
            "report_validated_on",
            "notes",
        ),
        "",
    )
    return {
        "organisations": [
            _row(
                ORG_ARAGON,
                **{
                    **org,
                    "platform_id": "P-101",
                    "name": "Clúster Agroalimentario de Aragón",
                    "kind": "cluster_organisation",
                    "country": "ES",
                    "city": "Zaragoza",
                    "latitude": "41.6488",
                    "longitude": "-0.8891",
                    "ecosystems": "agri_food;digital",
                    "partnership": "ECP-DIGI",
                    "website": "https://aragon.example.eu",
                    "email": "info@aragon.example.eu",
                    "phone": "+34 976 123 456",
                },
            ),
            _row(
                ORG_THESSALY,
                **{
                    **org,
                    "name": "Ένωση Επιχειρήσεων Θεσσαλίας, «Αγρο»",
                    "kind": "business_network",
                    "country": "EL",
                    "city": "Λάρισα",
                    "ecosystems": "agri_food",
                },
            ),
            _row(
                ORG_SOFIA,
                **{
                    **org,
                    "name": "Кластер „Иновации“ ООД",
                    "kind": "sme",
                    "country": "BG",
                    "city": "София",
                    "cluster_uid": ORG_ARAGON,
                    "phone": "+359 2 123 4567",
                },
            ),
        ],
        "people": [
            _row(
                PERSON_ZELJKO,
                **{
                    **person,
                    "organisation_uid": ORG_ARAGON,
                    "first_name": "Željko",
                    "last_name": "Novák-Ñúñez",
                    "email": "zeljko@aragon.example.eu",
                    "language": "es",
                    "role": "Manager, exports",
                },
            ),
            _row(
                PERSON_ALEXANDROS,
                **{
                    **person,
                    "organisation_uid": ORG_THESSALY,
                    "first_name": "Αλέξανδρος",
                    "last_name": "Παπαδόπουλος",
                    "phone": "+30 210 1234567",
                    "language": "el",
                },
            ),
        ],
        "exchanges": [
            _row(
                EXCHANGE,
                **{
                    **exchange,
                    "reference": "CX-2026-0042",
                    "visitor_uid": PERSON_ZELJKO,
                    "host_organisation_uid": ORG_THESSALY,
                    "host_contact_uid": PERSON_ALEXANDROS,
                    "start_date": "2026-03-02",
                    "end_date": "2026-03-06",
                    "purposes": "learn;markets",
                    "ecosystem": "agri_food",
                    "travel_mode": "green",
                    "status": "approved",
                    "distance_km": "2345.6",
                    "lump_sum": "950.00",
                    "notes": NOTES,
                },
            ),
            {
                **dict.fromkeys(exchange, ""),
                "uid": EXCHANGE_DELETED,
                "revision": "7",
                "updated_at": "2026-03-01T11:30:00Z",
                "deleted": "true",
            },
        ],
        "payments": [
            _row(
                PAYMENT,
                exchange_uid=EXCHANGE,
                kind="lump_sum",
                amount="950.00",
                paid_on="2026-04-10",
                bank_reference="SEPA/2026/0042",
            ),
        ],
        "rates": [
            {"host_country": "EL", "valid_from": "2026-01-01", "valid_to": "", "ceiling": "950.00"},
            {
                "host_country": "UK",
                "valid_from": "2020-01-01",
                "valid_to": "2020-12-31",
                "ceiling": "780.00",
            },
        ],
    }


def csv_bytes(table: Table, newline: str = "\r\n", bom: bool = False) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator=newline)
    header = list(table[0]) if table else []
    writer.writerow(header)
    for row in table:
        writer.writerow([row.get(name, "") for name in header])
    return (b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode("utf-8")


def files(data: dict[str, Table] | None = None, newline: str = "\r\n") -> dict[str, bytes]:
    """Each table as a CSV file named `<resource>.csv`."""
    return {f"{name}.csv": csv_bytes(table, newline) for name, table in (data or tables()).items()}


def cx(**changes: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "origin": "platform",
        "partnership": "ECP-DIGI",
        "kind": "delta",
        "sequence": 42,
        "base_sequence": 41,
        "created": "2026-03-02T09:15:00Z",
        **changes,
    }


def manifest(csv_files: dict[str, bytes], **cx_changes: Any) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "clusterxchange-sync",
        "cx": cx(**cx_changes),
        "resources": [
            {
                "name": path.removesuffix(".csv"),
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "schema": {"fields": [], "primaryKey": ["uid"]},
            }
            for path, data in csv_files.items()
        ],
    }


def zip_members(
    path: Path,
    members: Iterable[tuple[str | zipfile.ZipInfo, bytes]],
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def make_package(
    folder: Path,
    data: dict[str, Table] | dict[str, bytes] | None = None,
    *,
    name: str = "package.zip",
    newline: str = "\r\n",
    edit: Callable[[dict[str, Any]], None] | None = None,
    extra: Iterable[tuple[str | zipfile.ZipInfo, bytes]] = (),
    compression: int = zipfile.ZIP_DEFLATED,
    **cx_changes: Any,
) -> Path:
    """A package ZIP in `folder`: tables (or ready CSV bytes by file name), a manifest whose
    hashes match (then changed by `edit`), and `extra` members added as they are."""
    if data and all(isinstance(value, bytes) for value in data.values()):
        csv_files: dict[str, bytes] = dict(data)  # type: ignore[arg-type]
    else:
        csv_files = files(data, newline)  # type: ignore[arg-type]
    descriptor = manifest(csv_files, **cx_changes)
    if edit:
        edit(descriptor)
    members: list[tuple[str | zipfile.ZipInfo, bytes]] = [
        ("datapackage.json", json.dumps(descriptor, ensure_ascii=False).encode("utf-8")),
        *csv_files.items(),
        *extra,
    ]
    return zip_members(folder / name, members, compression)
