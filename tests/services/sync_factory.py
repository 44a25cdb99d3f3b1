"""Platform packages for the import and export tests, and whole-database dumps to compare."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from cxdesk.sync.columns import RESOURCES
from cxdesk.sync.writer import write_package
from tests.sync.factory import Table, csv_bytes, make_package, tables

__all__ = ["big_package", "delta", "dump", "full", "make_package", "tables"]


def files(data: dict[str, Table]) -> dict[str, bytes]:
    """Each table as its CSV file; an empty table is a header and no row."""
    return {
        f"{name}.csv": csv_bytes(table)
        if table
        else (",".join(RESOURCES[name].column_names) + "\r\n").encode()
        for name, table in data.items()
    }


def full(
    folder: Path,
    data: dict[str, Table] | None = None,
    *,
    name: str = "full.zip",
    sequence: int = 42,
    **cx: Any,
) -> Path:
    """A full platform package (by default the factory's tables) as package `sequence`."""
    return make_package(
        folder,
        files(data or tables()),
        name=name,
        kind="full",
        sequence=sequence,
        base_sequence=None,
        **cx,
    )


def delta(
    folder: Path,
    data: dict[str, Table],
    *,
    sequence: int,
    base: int | None = None,
    name: str | None = None,
    **cx: Any,
) -> Path:
    """A delta platform package following `base` (the sequence before, unless given)."""
    return make_package(
        folder,
        files(data),
        name=name or f"delta-{sequence}.zip",
        kind="delta",
        sequence=sequence,
        base_sequence=sequence - 1 if base is None else base,
        **cx,
    )


def dump(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the search index's too), sorted: equal dumps, equal desks."""
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        conn.close()


# -- a platform-size package, written with the desk's own package writer -----------------------
COUNTRIES = [
    ("ES", "Zaragoza", 41.65, -0.88),
    ("EL", "Λάρισα", 39.64, 22.42),
    ("BG", "София", 42.70, 23.32),
    ("DE", "München", 48.14, 11.58),
    ("PL", "Łódź", 51.76, 19.46),
    ("FR", "Besançon", 47.24, 6.02),
    ("IT", "Forlì", 44.22, 12.04),
    ("SE", "Malmö", 55.60, 13.00),
]
NAMES = ["Željko", "Αλέξανδρος", "Мария", "Łucja", "François", "Jürgen", "Niccolò", "Åsa"]
KINDS = ["cluster_organisation", "sme", "tech_centre", "research_institute", "innovation_hub"]
STATUSES = ["draft", "submitted", "approved", "signed", "completed", "reported", "paid"]


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def big_package(
    path: Path,
    organisations: int,
    people: int = 0,
    exchanges: int = 0,
    *,
    seed: int = 7,
    sequence: int = 1,
) -> Path:
    """A full package of generated rows (names in several scripts, notes with quotes, commas and
    newlines); members point at clusters anywhere in the file. Streamed: memory stays flat."""
    rng = random.Random(seed)
    org_uids = [_uid(rng) for _ in range(organisations)]
    person_uids = [_uid(rng) for _ in range(people)]
    clusters = org_uids[: max(1, organisations // 20)]
    stamp = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)

    def country_of(index: int) -> tuple[str, str, float, float]:
        return COUNTRIES[index % len(COUNTRIES)]

    def orgs() -> Iterator[dict[str, Any]]:
        for index, uid in enumerate(org_uids):
            code, city, lat, lon = country_of(index)
            kind = "cluster_organisation" if index < len(clusters) else rng.choice(KINDS[1:])
            yield {
                "uid": uid,
                "revision": 1,
                "updated_at": stamp,
                "deleted": False,
                "platform_id": f"P-{index}",
                "name": f"{NAMES[index % 8]} «Cluster» {index}",
                "kind": kind,
                "country": code,
                "city": city,
                "latitude": Decimal(f"{lat + rng.uniform(-0.05, 0.05):.5f}"),
                "longitude": Decimal(f"{lon + rng.uniform(-0.05, 0.05):.5f}"),
                "ecosystems": ["digital", "agri_food"][: 1 + index % 2],
                "cluster_uid": rng.choice(clusters) if kind == "sme" else None,
                "partnership": "ECP-DIGI",
                "website": f"https://o{index}.example.eu",
                "email": f"info@o{index}.example.eu",
                "phone": "+33 1 23 45 67 89",
            }

    def persons() -> Iterator[dict[str, Any]]:
        for index, uid in enumerate(person_uids):
            yield {
                "uid": uid,
                "revision": 1,
                "updated_at": stamp,
                "deleted": False,
                "organisation_uid": org_uids[index % organisations],
                "first_name": NAMES[index % 8],
                "last_name": f"Παπαδόπουλος-{index}",
                "email": f"p{index}@example.eu",
                "language": "el",
                "role": "Manager, exports",
            }

    def visits() -> Iterator[dict[str, Any]]:
        start = date(2026, 3, 2)
        for index in range(exchanges):
            visitor = index % max(1, people)
            host = (visitor % organisations + 1) % organisations  # another country's organisation
            first = start + timedelta(weeks=index % 40)
            status = STATUSES[index % len(STATUSES)]
            granted = status not in ("draft", "submitted")
            yield {
                "uid": _uid(rng),
                "revision": 2,
                "updated_at": stamp,
                "deleted": False,
                "reference": f"CX-2026-{index:06d}",
                "visitor_uid": person_uids[visitor],
                "host_organisation_uid": org_uids[host],
                "start_date": first,
                "end_date": first + timedelta(days=4),
                "purposes": ["learn", "markets"],
                "travel_mode": "green",
                "status": status,
                "lump_sum": Decimal("950.00") if granted else None,
                "notes": f'Visit the "Agro" lab, then meet growers, exporters\nDay {index}',
            }

    resources: dict[str, Any] = {"organisations": orgs()}
    if people:
        resources["people"] = persons()
    if exchanges:
        resources["exchanges"] = visits()
    write_package(
        path,
        {
            "origin": "platform",
            "partnership": "ECP-DIGI",
            "kind": "full",
            "sequence": sequence,
            "created": stamp,
        },
        resources,
    )
    return path
